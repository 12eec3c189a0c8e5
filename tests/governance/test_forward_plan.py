"""A board's forward plan: kept by staff through the record kit, offered to a meeting's agenda and taken into it once
however often the button is pressed, read by the public meeting by meeting, and the 2021 Partnership Board plan and
the JHOSC's 2018/19 work programme as printed."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from blmk_portal.editing import EditConflict
from blmk_portal.publication import Audience, Status
from governance import forward_plan
from governance.models import AgendaItem, Meeting, PlannedItem
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory

pytestmark = pytest.mark.django_db

JUNE, JULY, SEPTEMBER = dt.date(2021, 6, 9), dt.date(2021, 7, 14), dt.date(2021, 9, 1)


@pytest.fixture
def on_20_june_2021(monkeypatch):
    """Today is 20 June 2021: the June meeting is over, July's and September's are to come."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2021, 6, 20))


@pytest.fixture
def board():
    return BoardFactory(slug="partnership", name="Partnership Board")


def plan(board, day, title, by, **values) -> PlannedItem:
    return forward_plan.planneditem_create(board=board, values={"planned_for": day, "title": title, **values}, by=by)


@pytest.fixture
def june(board):
    """A held meeting with an agenda that ends with AOB, and the next meeting, still to come, with none yet."""
    meeting = MeetingFactory(board=board, date=JUNE, state=Meeting.State.HELD)
    AgendaItemFactory(meeting=meeting, title="Apologies for absence", order=0)
    AgendaItemFactory(meeting=meeting, title="AOB", standing=True, order=1)
    return meeting


class TestRecording:
    def test_a_new_item_goes_last_among_its_dates_and_a_new_date_puts_it_last_there(self, board, staff_user):
        first = plan(board, JULY, "PCN Development", staff_user)
        second = plan(board, JULY, "PLACE development", staff_user)
        other = plan(board, SEPTEMBER, "Data Strategy", staff_user)
        assert (first.order, second.order, other.order) == (0, 1, 0)
        forward_plan.planneditem_update(
            planneditem=first, opened_at_version=first.version, values={"planned_for": SEPTEMBER}, by=staff_user
        )
        first.refresh_from_db()
        assert (first.planned_for, first.order) == (SEPTEMBER, 1)

    def test_an_item_is_taken_only_as_an_item_of_its_boards_agendas_and_only_once(self, board, june, staff_user):
        mine = june.items.get(title="Apologies for absence")
        elsewhere = AgendaItemFactory(meeting=MeetingFactory(board=BoardFactory()))
        with pytest.raises(ValidationError, match="Choose an agenda item of a meeting of Partnership Board"):
            plan(board, JUNE, "Estates", staff_user, taken_as=elsewhere)
        plan(board, JUNE, "Estates", staff_user, taken_as=mine)
        with pytest.raises(ValidationError, match="taken for “Estates” already"):
            plan(board, JUNE, "Comms", staff_user, taken_as=mine)
        assert list(board.forward_plan.values_list("title", flat=True)) == ["Estates"]

    def test_an_item_taken_into_an_agenda_stays_in_the_plan_and_one_not_taken_can_be_removed(
        self, board, june, staff_user
    ):
        taken = plan(board, JUNE, "Estates", staff_user, taken_as=june.items.first())
        with pytest.raises(ValidationError, match="stays in the forward plan"):
            forward_plan.planneditem_remove(planneditem=taken, opened_at_version=taken.version, by=staff_user)
        loose = plan(board, JULY, "PCN Development", staff_user)
        forward_plan.planneditem_remove(planneditem=loose, opened_at_version=loose.version, by=staff_user)
        assert list(board.forward_plan.all()) == [taken]

    def test_two_people_saving_one_item_do_not_overwrite_each_other(self, board, staff_user):
        item = plan(board, JULY, "PCN Development", staff_user)
        opened = item.version
        forward_plan.planneditem_update(planneditem=item, opened_at_version=opened, values={"lead": "A"}, by=staff_user)
        with pytest.raises(EditConflict):
            forward_plan.planneditem_update(
                planneditem=item, opened_at_version=opened, values={"lead": "B"}, by=staff_user
            )
        item.refresh_from_db()
        assert item.lead == "A"


@pytest.mark.usefixtures("on_20_june_2021")
class TestAddingToTheAgenda:
    def test_the_item_becomes_a_draft_agenda_item_before_aob_and_is_linked(self, board, june, staff_user):
        item = plan(board, JUNE, "Estates Strategy", staff_user, lead="JB", detail="To note the refresh")
        made, first_time = forward_plan.planneditem_add_to_agenda(planneditem=item, meeting=june, by=staff_user)
        assert first_time is True
        assert (made.title, made.leads, made.descriptor, made.audience) == (
            "Estates Strategy",
            "JB",
            "To note the refresh",
            Audience.PUBLIC,
        )
        assert list(june.items.order_by("order").values_list("title", flat=True)) == [
            "Apologies for absence",
            "Estates Strategy",
            "AOB",
        ]
        item.refresh_from_db()
        assert item.taken_as == made

    def test_pressed_twice_it_makes_one_agenda_item(self, board, june, staff_user):
        item = plan(board, JUNE, "Estates Strategy", staff_user)
        made, _ = forward_plan.planneditem_add_to_agenda(planneditem=item, meeting=june, by=staff_user)
        again, first_time = forward_plan.planneditem_add_to_agenda(planneditem=item, meeting=june, by=staff_user)
        assert (again, first_time) == (made, False)
        assert june.items.filter(title="Estates Strategy").count() == 1

    def test_it_is_refused_for_another_boards_meeting_a_cancelled_one_or_one_before_its_date(
        self, board, june, staff_user
    ):
        item = plan(board, JULY, "PCN Development", staff_user)
        cases = [
            (MeetingFactory(board=BoardFactory(), date=JULY), "in the forward plan of another board"),
            (MeetingFactory(board=board, date=JULY, state=Meeting.State.CANCELLED), "was cancelled"),
            (june, "planned for 14 July 2021, after this meeting"),
        ]
        for meeting, words in cases:
            with pytest.raises(ValidationError, match=words):
                forward_plan.planneditem_add_to_agenda(planneditem=item, meeting=meeting, by=staff_user)
        assert not AgendaItem.objects.filter(title="PCN Development").exists()

    def test_staff_add_it_from_the_meeting_page_without_javascript_and_a_double_submit_adds_it_once(
        self, board, june, client_for, staff_user
    ):
        july = MeetingFactory(board=board, date=JULY)
        slipped = plan(board, JUNE, "Finance and recovery", staff_user, kind="update")
        own = plan(board, JULY, "PCN Development 🙂", staff_user, lead="Executive Lead")
        plan(board, SEPTEMBER, "Data Strategy", staff_user)  # for a later meeting: not offered
        client = client_for(staff_user)
        page = client.get("/manage/meetings/partnership/2021-07-14/").content.decode()
        offered = page.split('id="planned-for-this-meeting"')[1].split("<h2")[0]
        assert "PCN Development 🙂" in offered
        assert (
            "Finance and recovery" in offered and "Slipped from 9 June 2021 to the meeting of 14 July 2021" in offered
        )
        assert "Data Strategy" not in offered
        assert offered.index("PCN Development") < offered.index("Finance and recovery")  # its own items first
        action = f"/manage/meetings/partnership/2021-07-14/forward-plan/{own.pk}/add-to-agenda/"
        assert f'data-hx-post="{action}"' in offered and 'data-hx-select="#maincontent"' in offered

        first, second = client.post(action), client.post(action)  # a double click, or Back and send again
        assert first.status_code == second.status_code == 302
        assert first["Location"] == "/manage/meetings/partnership/2021-07-14/#planned-for-this-meeting"
        assert july.items.filter(title="PCN Development 🙂", leads="Executive Lead").count() == 1
        page = client.get(second["Location"]).content.decode()
        assert "was in this meeting&#39;s agenda already. Nothing was added twice." in page
        offered = page.split('id="planned-for-this-meeting"')[1].split("<h2")[0]
        assert "PCN Development" not in offered and "Finance and recovery" in offered
        assert slipped.pk  # still offered: not taken

    def test_its_history_says_what_it_was_taken_as(self, board, june, client_for, staff_user):
        item = plan(board, JUNE, "Estates Strategy", staff_user)
        forward_plan.planneditem_add_to_agenda(planneditem=item, meeting=june, by=staff_user)
        page = client_for(staff_user).get(f"/manage/forward-plan/partnership/{item.pk}/history/").content.decode()
        changes = page.split("<h1")[1]
        assert "Taken as" in changes and "Estates Strategy" in changes.split("Taken as")[1]


@pytest.mark.usefixtures("on_20_june_2021")
class TestStaffPages:
    def test_the_board_page_lists_the_plan_by_date_with_its_controls(self, board, june, client_for, staff_user):
        taken = plan(board, JUNE, "Estates Strategy", staff_user, taken_as=june.items.first())
        loose = plan(board, JULY, "ICS Governance", staff_user, condition="if considered at OD session")
        page = client_for(staff_user).get("/manage/boards/partnership/").content.decode()
        section = page.split('id="forward-plan"')[1]
        assert "Planned for 9 June 2021" in section and "Planned for 14 July 2021" in section
        assert "ICS Governance</strong> (if considered at OD session)" in section
        assert f"/manage/forward-plan/partnership/{taken.pk}/edit/" in section
        assert f"/manage/forward-plan/partnership/{loose.pk}/remove/" in section
        assert f"/manage/forward-plan/partnership/{taken.pk}/remove/" not in section  # taken: kept as the record
        assert "Taken at the meeting of 9 June 2021, as" in section
        assert "/manage/boards/partnership/new-planned-item/" in section
        assert "/boards/partnership/forward-plan/" in section

    def test_staff_add_an_item_once_however_often_the_form_is_sent(self, board, client_for, staff_user):
        form = {
            "planned_for-day": "14",
            "planned_for-month": "7",
            "planned_for-year": "2021",
            "title": "Oxford / Cambridge ARC (LA’s/SEMLEP)",
            "kind": "strategy",
            "submission": str(uuid.uuid4()),
        }
        client = client_for(staff_user)
        first = client.post("/manage/boards/partnership/new-planned-item/", form)
        second = client.post("/manage/boards/partnership/new-planned-item/", form)
        assert first.status_code == second.status_code == 302
        assert first["Location"] == "/manage/boards/partnership/#forward-plan"
        assert list(board.forward_plan.values_list("title", "planned_for")) == [
            ("Oxford / Cambridge ARC (LA’s/SEMLEP)", JULY)
        ]

    def test_a_form_with_a_problem_says_so_at_the_field_and_saves_nothing(self, board, client_for, staff_user):
        form = {"planned_for-day": "31", "planned_for-month": "2", "planned_for-year": "2021", "kind": "strategy"}
        page = client_for(staff_user).post(
            "/manage/boards/partnership/new-planned-item/", {**form, "submission": str(uuid.uuid4())}
        )
        text = page.content.decode()
        assert page.status_code == 200
        assert "nhsuk-error-summary" in text
        assert "Enter the item&#39;s title" in text
        assert "must be a real date" in text
        assert not board.forward_plan.exists()


@pytest.mark.usefixtures("on_20_june_2021")
class TestPublicPage:
    @pytest.fixture
    def planned(self, board, june, staff_user):
        estates = AgendaItemFactory(meeting=june, title="BLMK ICS Estates Strategy Refresh 2021", number="10")
        plan(board, JUNE, "ICS Estates Strategy Refresh 2021", staff_user, taken_as=estates)
        plan(board, JUNE, "Finance and recovery", staff_user, kind="update")
        plan(board, JULY, "ICS Governance", staff_user, condition="if considered at OD session", lead="Chair")
        plan(board, SEPTEMBER, "Data Strategy", staff_user, date_as_printed="1 OR 8 September 2021 (tbc)")
        MeetingFactory(board=board, date=SEPTEMBER)
        return estates

    def test_the_plan_reads_meeting_by_meeting_with_what_was_taken_and_what_slipped(self, planned, client_for):
        page = client_for(None).get("/boards/partnership/forward-plan/").content.decode()
        june = page.split('id="meeting-2021-06-09"')[1].split("<h3")[0]
        assert "ICS Estates Strategy Refresh 2021" in june
        link = f'<a href="/boards/partnership/2021-06-09/#agendaitem-{planned.pk}">'
        assert f"Taken at the meeting of 9 June 2021, as {link}" in june
        assert "item 10: BLMK ICS Estates Strategy Refresh 2021" in june
        assert "<h4>Strategy</h4>" in june and "<h4>Updates</h4>" in june
        assert 'Slipped from 9 June 2021 to the meeting of <a href="#meeting-2021-09-01">1 September 2021</a>' in june
        july = page.split('id="meeting-2021-07-14"')[1].split("<h3")[0]
        assert "ICS Governance</strong> (if considered at OD session)" in july and "Lead: Chair" in july
        assert "No meeting of the board on this day is published." in july
        september = page.split('id="meeting-2021-09-01"')[1]
        assert "The plan prints the date as “1 OR 8 September 2021 (tbc)”." in september
        assert "Slipped to this meeting" in september and "Finance and recovery" in september
        assert "Taken" in page and "Slipped" in page  # each status as a word, not only a colour

    def test_the_items_of_a_cancelled_meeting_slip_to_the_next(self, board, planned, client_for):
        MeetingFactory(board=board, date=JULY, state=Meeting.State.CANCELLED)
        page = client_for(None).get("/boards/partnership/forward-plan/").content.decode()
        july = page.split('id="meeting-2021-07-14"')[1].split("<h3")[0]
        assert "The meeting of 14 July 2021</a> (cancelled)" in july
        assert 'Slipped from 14 July 2021 to the meeting of <a href="#meeting-2021-09-01">' in july
        assert "Planned for 14 July 2021" not in july

    def test_the_board_page_links_the_forward_plan(self, board, client_for):
        page = client_for(None).get("/boards/partnership/").content.decode()
        assert 'href="/boards/partnership/forward-plan/"' in page

    def test_an_item_taken_in_private_or_at_a_draft_meeting_does_not_give_the_public_its_agenda_title(
        self, board, planned, client_for, board_member_user
    ):
        AgendaItem.objects.filter(pk=planned.pk).update(audience=Audience.BOARD)
        public = client_for(None).get("/boards/partnership/forward-plan/").content.decode()
        assert "Taken at the meeting of 9 June 2021" in public
        assert "BLMK ICS Estates Strategy Refresh 2021" not in public
        board_member_user.person.memberships.update(board=board)
        members = client_for(board_member_user).get("/boards/partnership/forward-plan/").content.decode()
        assert "item 10: BLMK ICS Estates Strategy Refresh 2021" in members
        Meeting.objects.filter(date=JUNE).update(status=Status.DRAFT)
        public = client_for(None).get("/boards/partnership/forward-plan/").content.decode()
        assert 'href="/boards/partnership/2021-06-09/' not in public
        assert "BLMK ICS Estates Strategy Refresh 2021" not in public

    def test_a_board_with_no_plan_says_so(self, board, client_for):
        assert (
            "No forward plan is recorded for Partnership Board."
            in client_for(None).get("/boards/partnership/forward-plan/").content.decode()
        )


@pytest.mark.usefixtures("on_20_june_2021")
class TestQueryCounts:
    @pytest.mark.parametrize("size", [2, 30])
    def test_the_plans_pages_cost_the_same_however_long_the_plan(
        self, board, june, client_for, staff_user, django_assert_max_num_queries, size
    ):
        meetings = [june] + [MeetingFactory(board=board, date=JUNE + dt.timedelta(weeks=n)) for n in range(1, 4)]
        for n in range(size):
            meeting = meetings[n % 4]
            taken = AgendaItemFactory(meeting=meeting, title=f"Taken {n}") if n % 3 == 0 else None
            plan(board, meeting.date, f"Item {n}", staff_user, kind=("strategy", "update")[n % 2], taken_as=taken)
        # the board, its meetings, the plan, which taken items the reader sees, and their agendas
        public, staff = client_for(None), client_for(staff_user)
        with django_assert_max_num_queries(5):
            assert "Forward plan" in public.get("/boards/partnership/forward-plan/").content.decode()
        with django_assert_max_num_queries(8):  # and the staff member's session, user and groups
            assert staff.get("/boards/partnership/forward-plan/").status_code == 200
        # What the plan adds to the staff pages it sits on: the board's meetings, and the plan
        with django_assert_max_num_queries(2):
            assert len(forward_plan.board_plan_for_staff(board)) == min(size, 4)
        with django_assert_max_num_queries(2):
            offered = forward_plan.offered_at(meetings[1])
        assert offered and all(row.item.planned_for <= meetings[1].date for row in offered)


class TestTheSeedPlans:
    def test_the_partnership_boards_plan_june_to_november_2021_is_loaded_as_printed(self, blmk_data):
        items = PlannedItem.objects.filter(board__slug="partnership-board")
        by_date = {}
        for item in items.order_by("planned_for", "order"):
            by_date.setdefault(item.planned_for.isoformat(), []).append(item.title)
        assert list(by_date) == ["2021-06-09", "2021-07-14", "2021-09-01", "2021-10-06", "2021-11-03"]
        assert by_date["2021-07-14"] == [
            "PCN Development",
            "PLACE development",
            "VCSE collaboration",
            "Oxford / Cambridge ARC (LA’s/SEMLEP)",
            "ICS Governance",
            "ICS Establishment",
            "System Oversight and NHSE delegation of responsibilities (NHSE/I)",
            "BLMK ICS Objectives",
            "Update from Chair/Executive Lead",
            "BCA Update",
            "Finance and recovery",
        ]
        assert by_date["2021-11-03"] == [
            "ICS Establishment",
            "Update from Chair/Executive Lead",
            "MK Care Alliance update",
            "Finance",
        ]
        assert items.get(title="ICS Governance").condition == "if considered at OD session"
        assert items.filter(kind="update").count() == 15
        assert not items.exclude(lead="").exists()  # the plan prints no leads
        assert {item.source.key for item in items} == {"partnership-board-pack-2021-06-09"}

    def test_the_9_june_2021_items_link_the_agenda_items_that_took_them(self, blmk_data):
        june = PlannedItem.objects.filter(board__slug="partnership-board", planned_for=dt.date(2021, 6, 9))
        taken = {item.title: item.taken_as.number if item.taken_as else None for item in june}
        assert taken == {
            "ICS Estates Strategy Refresh 2021": "10",
            "Communications and engagement": "11",
            "Partnership Board TOR": "5b",
            "ICS Establishment": "8",
            "Recovery update – actual against plan": "9",
            "ICS Strategic Priorities update": "6b",
            "Partnership Board Organisational Development Day": "7",
            "Update from Chair/Executive Lead": "5a",
            "MK Care Alliance update": "12",
            "Finance and recovery": None,
        }
        assert all(item.taken_as.meeting.date == dt.date(2021, 6, 9) for item in june if item.taken_as)

    def test_the_jhosc_work_programme_schedule_keeps_its_dates_and_purposes_as_printed(self, blmk_data):
        items = PlannedItem.objects.filter(board__slug="jhosc").order_by("planned_for", "order")
        assert [(item.planned_for.isoformat(), item.title) for item in items] == [
            ("2018-07-16", "BLMK STP Single Operating Model"),
            ("2018-07-16", "Primary Care Development regarding access to GP Services"),
            ("2018-09-25", "National Association of Primary Care (NAPC) Programme from December 2017"),
            ("2019-02-12", "Working arrangements of the JHOSC"),
            ("2019-02-12", "Terms of Reference"),
        ]
        first = items[0]
        assert first.detail == "To receive a briefing regarding the BLMK STP’s first Single Operating Model"
        assert first.taken_as.title == "BLMK STP Single System Operating Plan 2018/2019"
        assert items[2].date_as_printed == "25 September 2018 OR 3 October 2018 (tbc), Central Bedfordshire Council"
        assert items[2].detail == ""  # the detail column is blank
        assert items[3].date_as_printed == "12 OR 26 February 2018 (tbc), Milton Keynes Council"  # 2018 [sic]

    def test_the_public_plan_shows_one_taken_and_one_slipped_as_the_seed_has_them(self, blmk_data, client_for):
        page = client_for(None).get("/boards/partnership-board/forward-plan/").content.decode()
        june = page.split('id="meeting-2021-06-09"')[1].split("<h3")[0]
        assert "Taken at the meeting of 9 June 2021, as" in june
        assert "item 10: BLMK ICS Estates Strategy Refresh 2021" in june
        finance = june.split("Finance and recovery")[1]
        assert "Slipped from 9 June 2021" in finance
        assert "Source: Partnership Board for Bedfordshire, Luton and Milton Keynes, 9th June 2021" in page

    def test_the_jhosc_plan_reads_without_sections_it_never_printed(self, blmk_data, client_for):
        page = client_for(None).get("/boards/jhosc/forward-plan/").content.decode()
        assert "<h4>" not in page  # no kind headings: the work programme has no sections
        assert "The plan prints the date as “25 September 2018 OR 3 October 2018 (tbc), Central Bedfordshire" in page
        assert "To review the Terms of Reference of the JHOSC" in page
        assert "item 7: Primary Care Development regarding access to GP Services" in page

    def test_loading_again_adds_no_planned_item(self, blmk_data):
        import io

        from django.core.management import call_command

        before = PlannedItem.objects.count()
        call_command("load_blmk_data", stdout=io.StringIO())
        assert PlannedItem.objects.count() == before == 40
