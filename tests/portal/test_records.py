"""The staff record kit, on a record type that is only a declaration (tests/kitapp): its pages, and input that
can never break them."""

import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from blmk_portal.publication import Status
from tests.factories import BoardFactory, PlaceFactory, UserFactory
from tests.forms import token_of
from tests.kitapp import views as kit_views
from tests.kitapp.models import Notice

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.kitapp.urls")]

BASE = "/manage/notices/board/"


@pytest.fixture
def board():
    return BoardFactory(slug="board", name="Partnership Board")


@pytest.fixture
def staff(client_for, staff_user):
    return client_for(staff_user)


def notice(board, title="Notice", **fields) -> Notice:
    return Notice.objects.create(board=board, slug=title.lower().replace(" ", "-"), title=title, **fields)


class TestTheDeclarationGivesThePages:
    def test_edit_and_history_have_their_tabs_titles_and_breadcrumbs(self, staff, board):
        notice(board, "Winter plan")
        edit = staff.get(f"{BASE}winter-plan/edit/").content.decode()
        assert "<title>Edit Winter plan - BLMK Health and Care Partnership</title>" in edit
        tab = '<a class="app-sub-navigation__link" href="/manage/notices/board/winter-plan/edit/" aria-current="page">'
        assert f"{tab}Edit</a>" in edit
        assert 'href="/manage/notices/board/winter-plan/history/"' in edit
        assert "Overview" not in edit  # the declaration names no Overview page
        assert re.search(r'href="/manage/notices/"\s*>\s*Notices\s*</a>', edit)
        history = staff.get(f"{BASE}winter-plan/history/").content.decode()
        assert "<title>History of Winter plan - BLMK Health and Care Partnership</title>" in history

    def test_the_model_knows_its_staff_pages(self, board):
        item = notice(board, "Winter plan")
        assert item.get_manage_url() == f"{BASE}winter-plan/edit/"
        assert item.get_manage_url("history") == f"{BASE}winter-plan/history/"
        assert item.get_manage_url("publish") == f"{BASE}winter-plan/publish/"

    def test_a_new_record_gets_a_slug_its_place_in_the_list_and_its_links(self, staff, board):
        first = notice(board, "First")
        luton = PlaceFactory(name="Luton")
        page = staff.get("/manage/notices/new/").content.decode()
        response = staff.post(
            "/manage/notices/new/",
            {"board": board.pk, "title": "Winter plan", "places": [luton.pk], "submission": token_of(page)},
        )
        made = Notice.objects.get(title="Winter plan")
        assert response["Location"] == made.get_manage_url()
        assert (made.slug, made.order, made.status) == ("winter-plan", first.order + 1, Status.DRAFT)
        assert list(made.places.all()) == [luton]


class TestTheSameFormSentAgainMakesOneRecord:
    def test_six_identical_posts_make_one_record(self, staff, board):
        token = token_of(staff.get("/manage/notices/new/").content.decode())
        responses = [
            staff.post("/manage/notices/new/", {"board": board.pk, "title": "Winter plan", "submission": token})
            for _ in range(6)
        ]
        assert Notice.objects.filter(title="Winter plan").count() == 1
        made = Notice.objects.get(title="Winter plan")
        assert {response["Location"] for response in responses} == {made.get_manage_url()}
        page = staff.get(made.get_manage_url()).content.decode()
        assert "This was saved already" in page

    def test_two_forms_opened_separately_make_two_records(self, staff, board):
        for _ in range(2):
            token = token_of(staff.get("/manage/notices/new/").content.decode())
            staff.post("/manage/notices/new/", {"board": board.pk, "title": "Winter plan", "submission": token})
        assert list(Notice.objects.values_list("slug", flat=True)) == ["winter-plan", "winter-plan-2"]

    @pytest.mark.parametrize("token", [None, "", "not-a-token"])
    def test_a_form_without_a_usable_token_asks_to_check_and_save_again_keeping_what_was_typed(
        self, staff, board, token
    ):
        form = {"board": board.pk, "title": "Typed title"}
        if token is not None:
            form["submission"] = token
        response = staff.post("/manage/notices/new/", form)
        page = response.content.decode()
        assert response.status_code == 200
        assert "This form has expired. Check the details below, then save again." in page
        assert 'value="Typed title"' in page
        assert not Notice.objects.exists()
        again = staff.post("/manage/notices/new/", {**form, "submission": token_of(page)})
        assert again.status_code == 302
        assert Notice.objects.count() == 1


class TestAnEditCarriesItsVersion:
    @pytest.mark.parametrize("version", [None, "", "two", "1.5"])
    def test_a_missing_or_garbled_version_is_a_clear_form_error(self, staff, board, version):
        item = notice(board, "Winter plan")
        form = {"board": board.pk, "title": "Changed"}
        if version is not None:
            form["version"] = version
        response = staff.post(item.get_manage_url("edit"), form)
        page = response.content.decode()
        assert response.status_code == 200
        assert "missing the version of the record it was opened at" in page
        assert "Someone else saved this first" not in page
        assert 'value="Changed"' in page
        assert f'name="version" value="{item.version}"' in page
        item.refresh_from_db()
        assert item.title == "Winter plan"

    def test_a_stale_save_shows_their_values_in_the_fields_they_changed_and_keeps_mine_elsewhere(
        self, client_for, board
    ):
        item = notice(board, "Winter plan")
        theirs = client_for(UserFactory(email="colleague@example.org", programme_office=True))
        mine = client_for(UserFactory(email="me@example.org", programme_office=True))
        luton = PlaceFactory(name="Luton")
        theirs.post(item.get_manage_url("edit"), {"version": "1", "board": board.pk, "title": "Their title"})
        response = mine.post(
            item.get_manage_url("edit"),
            {"version": "1", "board": board.pk, "title": "My title", "places": [luton.pk]},
        )
        page = response.content.decode()
        assert "colleague@example.org saved changes to title while you were editing" in page
        assert 'value="Their title"' in page  # their change is what the field now shows
        assert 'value="My title"' not in page
        assert "colleague@example.org changed this while you were editing" in page
        assert "You had entered: My title." in page
        assert re.search(rf'value="{luton.pk}"\s+checked', page)  # my own other change is kept
        assert 'name="version" value="2"' in page
        item.refresh_from_db()
        assert (item.title, list(item.places.all())) == ("Their title", [])

    def test_saving_again_as_told_keeps_both_changes(self, client_for, board):
        item = notice(board, "Winter plan")
        theirs = client_for(UserFactory(programme_office=True))
        mine = client_for(UserFactory(programme_office=True))
        luton = PlaceFactory(name="Luton")
        theirs.post(item.get_manage_url("edit"), {"version": "1", "board": board.pk, "title": "Their title"})
        refused = mine.post(
            item.get_manage_url("edit"),
            {"version": "1", "board": board.pk, "title": "Winter plan", "places": [luton.pk]},
        ).content.decode()
        again = {"version": "2", "board": board.pk, "places": [luton.pk]}
        again["title"] = re.search(r'name="title" type="text" value="([^"]*)"', refused).group(1)
        assert mine.post(item.get_manage_url("edit"), again).status_code == 302
        item.refresh_from_db()
        assert (item.title, list(item.places.all())) == ("Their title", [luton])

    def test_a_change_to_a_field_this_form_does_not_hold_never_stands_in_the_way(self, staff, board):
        item = notice(board, "Winter plan")
        Notice.objects.filter(pk=item.pk).update(order=7, version=2)  # moved meanwhile
        response = staff.post(item.get_manage_url("edit"), {"version": "1", "board": board.pk, "title": "Changed"})
        assert response.status_code == 302
        item.refresh_from_db()
        assert (item.title, item.order, item.version) == ("Changed", 7, 3)


class TestPublishAndMoveRefuseWhatTheyCannotRead:
    @pytest.mark.parametrize("form", [{}, {"version": "1"}, {"publish": "1"}, {"publish": "yes", "version": "1"}])
    def test_a_publish_without_its_fields_is_refused_and_changes_nothing(self, staff, board, form):
        item = notice(board, "Winter plan")
        assert staff.post(item.get_manage_url("publish"), form).status_code == 400
        item.refresh_from_db()
        assert (item.status, item.version) == (Status.DRAFT, 1)

    def test_the_control_publishes(self, staff, board):
        item = notice(board, "Winter plan")
        assert staff.post(item.get_manage_url("publish"), {"publish": "1", "version": "1"}).status_code == 302
        item.refresh_from_db()
        assert item.status == Status.PUBLISHED

    def test_unpublishing_asks_first(self, staff, board):
        item = notice(board, "Winter plan", status=Status.PUBLISHED)
        page = staff.get(item.get_manage_url("publish")).content.decode()
        assert "<h1>Unpublish Winter plan?</h1>" in page
        assert "The public will no longer see Winter plan" in page
        assert 'name="publish" value="0"' in page
        item.refresh_from_db()
        assert item.status == Status.PUBLISHED

    @pytest.mark.parametrize(
        "form", [{}, {"version": "1"}, {"direction": "up"}, {"direction": "sideways", "version": "1"}]
    )
    def test_a_move_without_its_fields_is_refused_and_changes_nothing(self, staff, board, form):
        first, second = notice(board, "First", order=0), notice(board, "Second", order=1)
        assert staff.post(second.get_manage_url("move"), form).status_code == 400
        assert list(Notice.objects.values_list("title", flat=True)) == ["First", "Second"]
        assert first.version == Notice.objects.get(pk=first.pk).version

    def test_a_move_returns_to_the_row_and_a_second_click_from_the_same_page_is_refused(self, staff, board):
        notice(board, "First", order=0)
        notice(board, "Second", order=1)
        third = notice(board, "Third", order=2)
        response = staff.post(third.get_manage_url("move"), {"direction": "up", "version": "1"})
        assert response["Location"] == f"/manage/notices/#notice-{third.pk}"
        staff.post(third.get_manage_url("move"), {"direction": "up", "version": "1"})  # the same page, again
        assert "was moved by someone else meanwhile" in staff.get(third.get_manage_url("edit")).content.decode()
        assert list(Notice.objects.values_list("title", flat=True)) == ["First", "Third", "Second"]


class TestFilesAndFormsetsReachTheSave:
    def test_an_upload_and_its_recommendations_are_handed_to_the_save(self, staff, board):
        notice(board, "Winter plan")
        kit_views.RECEIVED.clear()
        pdf = SimpleUploadedFile("paper.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF", "application/pdf")
        management = {
            "recommendations-TOTAL_FORMS": "2",
            "recommendations-INITIAL_FORMS": "0",
            "recommendations-MIN_NUM_FORMS": "0",
            "recommendations-MAX_NUM_FORMS": "1000",
        }
        response = staff.post(
            f"{BASE}winter-plan/upload/",
            {
                "version": "1",
                "attachment": pdf,
                **management,
                "recommendations-0-text": "Approve the plan",
                "recommendations-1-text": "Note the risks",
                "recommendations-1-DELETE": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        (received,) = kit_views.RECEIVED
        assert received["attachment"].kind == "pdf"
        assert received["recommendations"] == [{"text": "Approve the plan"}]
        assert received["opened_at_version"] == 1

    def test_a_renamed_program_is_refused_and_nothing_is_saved(self, staff, board):
        notice(board, "Winter plan")
        kit_views.RECEIVED.clear()
        fake = SimpleUploadedFile("paper.pdf", b"MZ\x90\x00" + b"\x00" * 100, "application/pdf")
        page = staff.post(
            f"{BASE}winter-plan/upload/",
            {
                "version": "1",
                "attachment": fake,
                "recommendations-TOTAL_FORMS": "0",
                "recommendations-INITIAL_FORMS": "0",
            },
        ).content.decode()
        assert "There is a problem" in page
        assert "The paper must be a PDF" in page
        assert kit_views.RECEIVED == []


def test_an_htmx_request_gets_only_the_named_block_of_the_same_template(client_for, staff_user):
    """The status region of a milestone: one template serves the page and its fragment."""
    from tests.factories import MilestoneFactory

    milestone = MilestoneFactory()
    client = client_for(staff_user)
    path = f"/manage/priorities/milestones/{milestone.pk}/status/"
    fragment = client.get(path, headers={"HX-Request": "true"}).content.decode()
    page = client.get(path).content.decode()
    assert "<html" not in fragment
    assert fragment.strip().startswith(f'<div class="app-milestone__status" id="milestone-{milestone.pk}">')
    assert "<html" in page
    assert f'id="milestone-{milestone.pk}"' in page
    assert 'name="csrfmiddlewaretoken"' in fragment


def test_uuid_tokens_are_what_the_form_carries(client_for, staff_user):
    page = client_for(staff_user).get("/manage/notices/new/").content.decode()
    assert uuid.UUID(token_of(page))
