"""Signed-in people's pages in the page cache (blmk_portal/page_cache.py, `kept_for_each_person`, ADR 29): each
person's page kept under the content generation, their roles and the address, with a fresh CSRF token put in
for every request; never another person's page, a page with a message, a form that may be sent once, or a
page of a view that did not ask to be kept."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache.backends.filebased import FileBasedCache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.test import Client, RequestFactory

from blmk_portal import page_cache, roles
from blmk_portal.publication import Status
from governance.models import Membership
from priorities.models import Plan, Priority
from tests.factories import PriorityFactory, UserFactory
from tests.governance.test_access import PART_TWO_PAPER, data  # noqa: F401 (data: the matrix's fixture)

pytestmark = pytest.mark.django_db

STAFF_LIST = "/manage/priorities/"
CSRF_IN_PAGE = re.compile(r'X-CSRFToken&#34;: &#34;(\w+)&#34;|X-CSRFToken": "(\w+)"')


@pytest.fixture(autouse=True)
def shared_page_cache(settings, tmp_path):
    """On, with a cache every worker shares (files), as `make run` has: signed-in pages are kept only where the
    roles they are kept by are forgotten everywhere at once."""
    settings.PAGE_CACHE = True
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": tmp_path / "cache"}
    }


@pytest.fixture
def priority():
    return PriorityFactory(title="Cutting waiting lists")


def answer(response) -> str | None:
    return response.get("X-Page-Cache")


def csrf_token_in(response) -> str:
    found = CSRF_IN_PAGE.search(response.content.decode())
    assert found, "the page carries no CSRF token for htmx"
    return found.group(1) or found.group(2)


class TestWhatIsKept:
    def test_a_staff_list_is_served_from_the_cache_the_second_time_with_fewer_queries(
        self, client_for, staff_user, priority, django_assert_max_num_queries
    ):
        staff = client_for(staff_user)
        first = staff.get(STAFF_LIST)
        assert first.status_code == 200 and answer(first) == "miss"
        with django_assert_max_num_queries(1):  # the generation: the session and the person are in the cache
            second = staff.get(STAFF_LIST)
        assert answer(second) == "hit"
        assert priority.plan.title in second.content.decode()
        assert "office@example.org" in second.content.decode()

    def test_a_worker_asks_the_shared_cache_only_for_the_session_and_the_roles_version_once_it_has_the_page(
        self, client_for, staff_user, priority, monkeypatch
    ):
        staff = client_for(staff_user)
        staff.get(STAFF_LIST)
        asked = []
        read = FileBasedCache.get
        monkeypatch.setattr(
            FileBasedCache, "get", lambda cache, key, *args: asked.append(key) or read(cache, key, *args)
        )
        kept = staff.get(STAFF_LIST)
        assert answer(kept) == "hit" and "office@example.org" in kept.content.decode()
        # The person, their roles and the page are this worker's near copies, kept under the version and generation.
        assert [key.split("cached_db")[0] for key in asked] == ["django.contrib.sessions.", roles.ROLES_VERSION_KEY]

    def test_the_kept_page_carries_a_working_csrf_token_and_never_the_marker(self, staff_user, priority):
        staff = Client(enforce_csrf_checks=True)
        staff.force_login(staff_user)
        staff.get(STAFF_LIST)
        kept = staff.get(STAFF_LIST)
        assert answer(kept) == "hit"
        assert "blmkcsrf" not in kept.content.decode()
        token = csrf_token_in(kept)
        # The token works: the sign-out form posts with it, and a wrong one is refused (the control).
        assert staff.post("/accounts/logout/", {"csrfmiddlewaretoken": "x" * 64}).status_code == 403
        assert staff.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302

    def test_each_person_gets_their_own_page_never_another_persons(self, client_for, staff_user, priority):
        other_staff = UserFactory(email="colleague@example.org", programme_office=True)
        client_for(staff_user).get(STAFF_LIST)
        theirs = client_for(other_staff).get(STAFF_LIST)
        assert answer(theirs) == "miss"
        assert "colleague@example.org" in theirs.content.decode()
        assert "office@example.org" not in theirs.content.decode()

    def test_a_member_and_a_member_of_another_board_never_share_a_page(self, client_for, readers):
        client_for(readers["board_member"]).get("/boards/")
        other = client_for(readers["other_board_member"]).get("/boards/")
        assert answer(other) == "miss"
        assert not re.search(r"(?<![\w-])member@example\.org", other.content.decode())
        assert "other-member@example.org" in other.content.decode()

    def test_a_page_rendered_for_a_person_is_never_served_to_anonymous(self, client_for, staff_user, priority):
        client_for(staff_user).get(priority.get_absolute_url())
        anonymous = Client().get(priority.get_absolute_url())
        assert answer(anonymous) == "miss" and "office@example.org" not in anonymous.content.decode()

    def test_a_view_that_did_not_ask_is_never_kept(self, client_for, staff_user):
        staff = client_for(staff_user)
        for _ in range(2):
            response = staff.get("/manage/priorities/new/")
            assert response.status_code == 200 and answer(response) is None


class TestWhenItChanges:
    def test_a_write_through_queryset_update_shows_at_once(self, client_for, staff_user, priority):
        staff = client_for(staff_user)
        staff.get(STAFF_LIST)
        Plan.objects.filter(pk=priority.plan_id).update(title="Operating plan, revised")
        after = staff.get(STAFF_LIST)
        assert answer(after) == "miss"
        assert "Operating plan, revised" in after.content.decode()

    def test_a_role_taken_away_takes_effect_on_the_next_request(self, client_for, staff_user, priority):
        staff = client_for(staff_user)
        assert staff.get(STAFF_LIST).status_code == 200
        assert answer(staff.get(STAFF_LIST)) == "hit"
        staff_user.groups.remove(Group.objects.get(name=roles.PROGRAMME_OFFICE_GROUP))
        assert staff.get(STAFF_LIST).status_code == 403

    def test_a_renamed_person_is_named_anew_on_kept_pages(self, client_for, staff_user, priority):
        """History names who changed what: a change to a user gives a new roles version, so new pages."""
        staff = client_for(staff_user)
        staff.get(STAFF_LIST)
        staff_user.email = "office.renamed@example.org"
        staff_user.save()
        after = staff.get(STAFF_LIST)
        assert answer(after) == "miss" and "office.renamed@example.org" in after.content.decode()

    def test_a_person_made_inactive_is_signed_out_on_the_next_request(self, client_for, staff_user, priority):
        staff = client_for(staff_user)
        staff.get(STAFF_LIST)
        assert answer(staff.get(STAFF_LIST)) == "hit"
        staff_user.is_active = False
        staff_user.save()
        response = staff.get(STAFF_LIST)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    def test_an_unpublished_priority_leaves_a_members_kept_public_page(self, client_for, readers, priority):
        member = client_for(readers["board_member"])
        assert "Cutting waiting lists" in member.get("/priorities/").content.decode()
        Priority.objects.filter(pk=priority.pk).update(status=Status.DRAFT)
        assert "Cutting waiting lists" not in member.get("/priorities/").content.decode()


class TestWhatIsNeverKept:
    def test_a_person_with_a_message_waiting_gets_it_and_the_page_is_rendered(self, client_for, staff_user, priority):
        staff = client_for(staff_user)
        staff.get(STAFF_LIST)
        waiting = CookieStorage(RequestFactory().get("/"))._encode([Message(constants.SUCCESS, "Priority saved")])
        staff.cookies[CookieStorage.cookie_name] = waiting
        shown = staff.get(STAFF_LIST)
        assert "Priority saved" in shown.content.decode() and answer(shown) != "hit"
        assert "Priority saved" not in staff.get(STAFF_LIST).content.decode()

    def test_an_htmx_request_is_answered_by_its_view(self, client_for, staff_user, priority):
        staff = client_for(staff_user)
        staff.get(STAFF_LIST)
        assert answer(staff.get(STAFF_LIST, headers={"HX-Request": "true"})) is None

    def test_a_page_holding_a_once_only_token_is_never_kept(self, staff_user):
        @page_cache.kept_for_each_person
        def view(request):
            return HttpResponse('<form><input type="hidden" name="plan-submission" value="1f2e"></form>')

        for _ in range(2):
            assert answer(view(signed_in_request(staff_user))) is None

    def test_a_page_whose_view_reads_the_csrf_token_itself_is_never_kept(self, staff_user):
        @page_cache.kept_for_each_person
        def view(request):
            return HttpResponse(f"<p>{get_token(request)}</p>")

        first, second = (view(signed_in_request(staff_user)) for _ in range(2))
        assert answer(first) is None and answer(second) is None
        assert first.content != second.content

    def test_the_same_view_keeps_a_page_when_nothing_in_it_is_anyones_own(self, staff_user):
        """The control for the two tests above: the decorator does keep a plain page."""

        @page_cache.kept_for_each_person
        def view(request):
            return render(request, "errors/404.jinja", {})

        assert answer(view(signed_in_request(staff_user))) == "miss"
        assert answer(view(signed_in_request(staff_user))) == "hit"

    def test_with_a_cache_each_process_keeps_for_itself_nothing_is_kept(self, client_for, staff_user, settings):
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        staff = client_for(staff_user)
        assert all(answer(staff.get(STAFF_LIST)) is None for _ in range(2))


def signed_in_request(user):
    request = RequestFactory().get("/somewhere/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


class TestBoardMembersPages:
    PATH = "/boards/partnership/2021-06-09/"

    def test_a_member_whose_seat_goes_loses_the_part_two_paper_from_their_kept_page_at_once(
        self,
        client_for,
        board_member_user,
        data,  # noqa: F811 (the fixture imported above)
    ):
        member = client_for(board_member_user)
        assert PART_TWO_PAPER in member.get(self.PATH).content.decode()
        kept = member.get(self.PATH)
        assert answer(kept) == "hit" and PART_TWO_PAPER in kept.content.decode()
        Membership.objects.filter(person__user=board_member_user).delete()
        after = member.get(self.PATH)
        assert after.status_code == 200 and PART_TWO_PAPER not in after.content.decode()

    def test_kept_pages_read_as_rendered_ones_for_every_reader(
        self,
        client_for,
        readers,
        settings,
        data,  # noqa: F811 (the fixture imported above)
    ):
        """The control for the cache as a whole: each reader's kept page is the page rendered for them."""
        paths = [self.PATH, f"{self.PATH}pack/", "/boards/partnership/", "/boards/partnership/decisions/", "/"]
        for role, user in readers.items():
            reader = client_for(user)
            for path in paths:
                reader.get(path)
                kept = reader.get(path)
                settings.PAGE_CACHE = False
                rendered = reader.get(path)
                settings.PAGE_CACHE = True
                assert kept.status_code == rendered.status_code, (role, path)
                assert answer(kept) == "hit", (role, path)
                assert without_tokens(kept) == without_tokens(rendered), (role, path)


def without_tokens(response) -> str:
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", response.content.decode())
