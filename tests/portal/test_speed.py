"""Signed-in pages at speed (ADR 28): what is remembered gives exactly what working it out afresh gives, what
differs per person or per request is never taken from someone else's rendering, and a role taken away, or a
session ended, is gone at once."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import clear_script_prefix, reverse, set_script_prefix
from markupsafe import Markup

from blmk_portal import jinja2 as portal_jinja2
from blmk_portal.markdown import render_markdown
from blmk_portal.roles import PROGRAMME_OFFICE_GROUP
from tests.factories import UserFactory


@pytest.fixture
def env():
    return engines["jinja2"].env


@pytest.fixture
def shared_cache(settings, tmp_path):
    """A cache every worker shares, as in production (files here; Redis with several servers)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": tmp_path / "cache"}
    }


@pytest.fixture
def process_cache(settings):
    """A cache in this process's memory only, as Django gives with no CACHES."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def _queries_on(captured, table: str) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if f'"{table}"' in query["sql"]]


class TestRememberedUrls:
    def test_a_remembered_url_is_the_url_reverse_gives(self, env):
        url = env.globals["url"]
        assert url("priorities:priority_list") == reverse("priorities:priority_list")
        assert url("places:place_detail", "luton") == reverse("places:place_detail", args=["luton"])
        assert url("places:place_detail", place="luton") == reverse("places:place_detail", kwargs={"place": "luton"})

    def test_each_argument_gets_its_own_url_not_the_first_ones(self, env):
        url = env.globals["url"]
        assert url("places:place_detail", "luton") == "/places/luton/"
        assert url("places:place_detail", "bedford") == "/places/bedford/"
        assert url("places:place_detail", place="milton-keynes") == "/places/milton-keynes/"

    def test_a_url_under_another_script_prefix_is_not_taken_from_the_root(self, env):
        url = env.globals["url"]
        assert url("places:place_detail", "luton") == "/places/luton/"
        set_script_prefix("/portal/")
        try:
            assert url("places:place_detail", "luton") == "/portal/places/luton/"
        finally:
            clear_script_prefix()
        assert url("places:place_detail", "luton") == "/places/luton/"

    def test_arguments_equal_as_values_but_written_differently_are_kept_apart(self, env):
        url = env.globals["url"]
        assert url("places:place_detail", 1) == "/places/1/"
        assert url("places:place_detail", True) == "/places/True/"

    def test_an_unknown_name_still_fails_as_reverse_does(self, env):
        from django.urls import NoReverseMatch

        with pytest.raises(NoReverseMatch):
            env.globals["url"]("no-such-page")


TAG_PARAMETERS = [
    {"text": "Green", "classes": "nhsuk-tag--green"},
    {"text": "Amber", "classes": "nhsuk-tag--orange"},
    {"text": "Board members only", "classes": "nhsuk-tag--white"},
    {"text": "<script>alert(1)</script> & more"},
    {"html": Markup("<span>Red</span>"), "classes": "nhsuk-tag--red"},
    {"text": "<span>Red</span>", "classes": "nhsuk-tag--red"},
    {"text": "Blue", "colour": "blue"},
    {"text": "Plain", "colour": False, "border": False},
    {"text": "With an id", "id": "tag-1", "attributes": {"data-kind": "status", "title": "A <b> title"}},
    {"text": 3},
    {},
]


class TestRememberedTag:
    @pytest.mark.parametrize("params", TAG_PARAMETERS)
    def test_a_remembered_tag_is_byte_for_byte_the_nhs_macro(self, env, params):
        original = env.get_template(portal_jinja2.ORIGINAL_TAG_MACRO).module.tag(params)
        imported = env.from_string('{% from "nhsuk/components/tag/macro.jinja" import tag %}{{ tag(p) }}')
        assert imported.render(p=params) == str(original)
        # Again, from the memo.
        assert imported.render(p=params) == str(original)

    def test_the_memo_gives_each_tag_its_own_words(self, env):
        tag = env.globals["remembered_tag"]
        green, red = tag({"text": "Green", "classes": "nhsuk-tag--green"}), tag({"text": "Red", "classes": "x"})
        assert "Green" in green and "Red" not in green
        assert "Red" in red and "Green" not in red

    def test_text_is_escaped_and_markup_is_not_whichever_came_first(self, env):
        tag = env.globals["remembered_tag"]
        as_markup = tag({"html": Markup("<em>Late</em>")})
        as_text = tag({"text": "<em>Late</em>"})
        assert "<em>Late</em>" in as_markup
        assert "<em>" not in as_text and "&lt;em&gt;Late&lt;/em&gt;" in as_text

    def test_a_tag_with_a_caller_renders_what_the_caller_gives(self, env):
        rendered = env.from_string(
            '{% from "nhsuk/components/tag/macro.jinja" import tag %}'
            '{% call tag({"classes": "x"}) %}Inside{% endcall %}'
        ).render()
        assert "Inside" in rendered and 'class="nhsuk-tag x"' in rendered

    def test_parameters_that_cannot_be_a_key_are_rendered_each_time(self, env):
        class Words:
            def __str__(self) -> str:
                return "Green"

        assert "Green" in env.globals["remembered_tag"]({"text": Words()})


# The macro the Python cell replaced, as it was, to compare against.
CELL_MACRO = (
    "{% macro cell(header) -%}\n"
    "  {%- set content = caller() -%}\n"
    '  {%- set wrapper = "div" if ("<form" in content or "<ul" in content or "<ol" in content or "<p" in content'
    ' or "<div" in content) else "span" -%}\n'
    '  <td class="nhsuk-table__cell"><span class="nhsuk-table__heading" aria-hidden="true">{{ header }} </span>'
    "<{{ wrapper }}>{{ content }}</{{ wrapper }}></td>\n"
    "{%- endmacro %}"
)

CELL_CONTENTS = [
    "Plain words",
    "<a href='/x/'>{{ text }}</a>",
    "<form method='post'><button>Move up</button></form>",
    "<ul><li>{{ text }}</li></ul>",
    "<p>One</p>",
    "<div>Block</div>",
    "{{ text }}",
    "",
]


class TestTableCell:
    @pytest.mark.parametrize("content", CELL_CONTENTS)
    @pytest.mark.parametrize("header", ["Plan", "Risk & issue", "<b>Owner</b>"])
    def test_the_python_cell_is_byte_for_byte_the_macro_it_replaced(self, env, header, content):
        body = "{% call cell(header) %}" + content + "{% endcall %}"
        ours = env.from_string('{% from "includes/tables.jinja" import cell %}' + body)
        macro = env.from_string(CELL_MACRO + body)
        values = {"header": header, "text": "<script>x</script> & co"}
        assert ours.render(values) == macro.render(values)

    def test_a_cell_holding_a_form_is_a_div_and_one_holding_words_a_span(self, env):
        template = env.from_string(
            '{% from "includes/tables.jinja" import cell %}{% call cell("H") %}{{ inner }}{% endcall %}'
        )
        assert "<div><form></form></div>" in template.render(inner=Markup("<form></form>"))
        assert "<span>&lt;form&gt;</span>" in template.render(inner="<form>")


class TestRememberedMarkdown:
    def test_markdown_remembered_is_the_markdown_rendered(self, env):
        text = "# Aim\n\nBetter **care**, [read more](https://example.org).\n\n<script>x</script>"
        assert env.filters["markdown"](text) == render_markdown(text)
        assert env.filters["markdown"](text) == render_markdown(text)

    def test_each_text_gets_its_own_rendering(self, env):
        assert "first" in env.filters["markdown"]("the first") and "second" not in env.filters["markdown"]("the first")
        assert "second" in env.filters["markdown"]("the second")

    def test_the_memo_is_bounded(self, env):
        assert env.filters["markdown"].cache_info().maxsize == portal_jinja2.MARKDOWN_KEPT


def _region(content: bytes, element: str) -> str:
    found = re.search(rf"<{element}\b.*?</{element}>", content.decode(), re.S)
    assert found, f"no <{element}> on the page"
    return found.group(0)


@pytest.fixture
def remembering(env):
    remembered = env.globals["remembered"]
    remembered.clear()
    yield remembered
    remembered.enabled = True
    remembered.clear()


def _page_regions(client, path: str) -> tuple[str, str]:
    response = client.get(path)
    assert response.status_code == 200
    return _region(response.content, "header"), _region(response.content, "footer")


@pytest.mark.django_db
class TestRememberedHeaderAndFooter:
    @pytest.mark.parametrize("reader", ["anonymous", "no_role", "staff"])
    @pytest.mark.parametrize("path", ["/", "/places/", "/priorities/?page=2&q=a%20b"])
    def test_the_remembered_header_and_footer_are_byte_for_byte_the_rendered_ones(
        self, readers, client_for, remembering, reader, path
    ):
        client = client_for(readers[reader])
        remembering.enabled = False
        rendered = _page_regions(client, path)
        remembering.enabled = True
        assert _page_regions(client, path) == rendered  # rendered with markers, then filled
        assert _page_regions(client, path) == rendered  # taken from the memo

    def test_each_person_sees_their_own_email_never_the_previous_persons(self, client_for, remembering):
        first = UserFactory(email="first.person@example.org", programme_office=True)
        second = UserFactory(email="second.person@example.org", programme_office=True)
        first_header, _ = _page_regions(client_for(first), "/places/")
        second_header, _ = _page_regions(client_for(second), "/places/")
        assert "first.person@example.org" in first_header
        assert "second.person@example.org" in second_header and "first.person@example.org" not in second_header

    def test_an_email_is_escaped_when_filled_in(self, client_for, remembering):
        person = UserFactory(email="o'brien<b>@example.org")
        header, _ = _page_regions(client_for(person), "/places/")
        assert "o&#39;brien&lt;b&gt;@example.org" in header
        assert "<b>@example.org" not in header

    def test_the_sign_in_link_returns_each_reader_to_their_own_page(self, client, remembering):
        places, _ = _page_regions(client, "/places/")
        priorities, _ = _page_regions(client, "/priorities/?page=2")
        assert 'href="/accounts/login/?next=/places/"' in places
        assert 'href="/accounts/login/?next=/priorities/%3Fpage%3D2"' in priorities
        assert "next=/places/" not in priorities

    def test_the_current_section_is_marked_for_each_section(self, client, remembering):
        places, _ = _page_regions(client, "/places/")
        priorities, _ = _page_regions(client, "/priorities/")
        marked = r'aria-current="page"[^>]*href="{0}"|href="{0}"[^>]*aria-current'
        assert re.search(marked.format("/places/"), places)
        assert not re.search(marked.format("/places/"), priorities)
        assert re.search(marked.format("/priorities/"), priorities)

    def test_only_the_programme_office_is_offered_manage(self, readers, client_for, remembering):
        staff_header, _ = _page_regions(client_for(readers["staff"]), "/places/")
        member_header, _ = _page_regions(client_for(readers["board_member"]), "/places/")
        anonymous_header, anonymous_footer = _page_regions(client_for(None), "/places/")
        assert "Manage" in staff_header
        assert "Manage" not in member_header and "Manage" not in anonymous_header
        assert "Sign out" in member_header and "Sign out" not in anonymous_header
        assert "Staff and board member sign in" in anonymous_footer

    def test_a_block_that_changes_a_filled_value_is_rendered_each_time(self, env, remembering):
        template = env.from_string(
            '{% call(fill) remembered("test-upper", vary=[], fill={"name": name}) %}'
            "{{ fill.name | upper }}{% endcall %}"
        )
        assert template.render(name="ada") == "ADA"
        assert template.render(name="grace") == "GRACE"


@pytest.mark.django_db
class TestRolesKept:
    def test_removing_someone_from_the_programme_office_takes_effect_at_once(self, shared_cache, client_for):
        person = UserFactory(programme_office=True)
        client = client_for(person)
        assert client.get("/manage/").status_code == 200
        assert client.get("/manage/").status_code == 200  # the role now comes from the cache
        person.groups.remove(Group.objects.get(name=PROGRAMME_OFFICE_GROUP))
        assert client.get("/manage/").status_code == 403

    def test_removing_them_from_the_group_side_or_deleting_the_row_takes_effect_at_once(self, shared_cache, client_for):
        group = Group.objects.get_or_create(name=PROGRAMME_OFFICE_GROUP)[0]
        first, second = UserFactory(programme_office=True), UserFactory(programme_office=True)
        first_client, second_client = client_for(first), client_for(second)
        assert first_client.get("/manage/").status_code == second_client.get("/manage/").status_code == 200
        group.user_set.remove(first)
        assert first_client.get("/manage/").status_code == 403
        first.groups.through.objects.filter(user=second).delete()
        assert second_client.get("/manage/").status_code == 403

    def test_adding_someone_to_the_programme_office_takes_effect_at_once(self, shared_cache, client_for):
        person = UserFactory()
        client = client_for(person)
        assert client.get("/manage/").status_code == 403
        person.groups.add(Group.objects.get_or_create(name=PROGRAMME_OFFICE_GROUP)[0])
        assert client.get("/manage/").status_code == 200

    def test_deleting_the_group_takes_effect_at_once(self, shared_cache, client_for):
        person = UserFactory(programme_office=True)
        client = client_for(person)
        assert client.get("/manage/").status_code == 200
        Group.objects.filter(name=PROGRAMME_OFFICE_GROUP).get().delete()
        assert client.get("/manage/").status_code == 403

    def test_a_staff_request_asks_the_database_neither_for_its_session_nor_its_person_nor_its_roles(
        self, shared_cache, client_for
    ):
        client = client_for(UserFactory(programme_office=True))
        client.get("/manage/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/manage/").status_code == 200
        assert _queries_on(captured, "django_session") == []
        assert _queries_on(captured, "auth_group") == []
        assert _queries_on(captured, "blmk_portal_user") == []

    def test_a_person_deleted_is_signed_out_at_once_though_they_were_kept(self, shared_cache, client_for):
        person = UserFactory(programme_office=True)
        client = client_for(person)
        assert client.get("/manage/").status_code == 200
        type(person).objects.filter(pk=person.pk).delete()
        assert client.get("/manage/").status_code == 302

    def test_with_a_cache_each_process_keeps_to_itself_roles_and_sessions_are_read_every_time(
        self, process_cache, client_for
    ):
        person = UserFactory(programme_office=True)
        client = client_for(person)
        client.get("/manage/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/manage/").status_code == 200
        assert _queries_on(captured, "django_session") != []
        assert _queries_on(captured, "auth_group") != []
        assert _queries_on(captured, "blmk_portal_user") != []


@pytest.mark.django_db
class TestSessionsKept:
    def test_signing_out_ends_the_session_kept_in_the_cache(self, shared_cache, client_for):
        person = UserFactory(programme_office=True)
        client = client_for(person)
        assert client.get("/manage/").status_code == 200
        cookie = client.cookies["sessionid"].value
        client.post(reverse("logout"))
        stale = client_for(None)
        stale.cookies["sessionid"] = cookie
        assert stale.get("/manage/").status_code == 302

    def test_a_session_missing_from_the_cache_is_read_from_the_database(self, shared_cache, client_for):
        from django.core.cache import cache

        client = client_for(UserFactory(programme_office=True))
        assert client.get("/manage/").status_code == 200
        cache.clear()
        assert client.get("/manage/").status_code == 200
