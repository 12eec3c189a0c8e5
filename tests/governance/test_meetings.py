"""Meetings and their timed agendas: the rules of numbers and times, what staff may build, and what each reader sees."""

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from blmk_portal.editing import EditConflict
from blmk_portal.publication import Audience, Status
from governance import agenda_rules, services
from governance.models import Meeting
from tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    PlaceFactory,
    TermsOfReferenceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def squash(page: str) -> str:
    return re.sub(r"\s+", " ", page)


@dataclass
class Item:
    pk: int
    parent_id: int | None = None
    order: int = 0
    number: str = ""
    numbered: bool = True
    starts_at: dt.time | None = None
    minutes: int | None = None


def agenda(*items: Item) -> list[Item]:
    for position, item in enumerate(items):
        item.order = item.order or position
    return list(items)


class TestNumbers:
    def test_items_are_numbered_by_place_and_sub_items_by_letter(self):
        items = agenda(Item(1), Item(2), Item(3, parent_id=2), Item(4, parent_id=2), Item(5))
        assert agenda_rules.numbers(items) == {1: "1", 2: "2", 3: "2a", 4: "2b", 5: "3"}

    def test_a_number_typed_as_printed_is_kept_and_does_not_shift_the_others(self):
        items = agenda(Item(1, number="5a"), Item(2, number="5b"), Item(3))
        assert agenda_rules.numbers(items) == {1: "5a", 2: "5b", 3: "3"}

    def test_an_unnumbered_welcome_takes_no_place(self):
        items = agenda(Item(1, numbered=False), Item(2), Item(3))
        assert agenda_rules.numbers(items) == {1: "", 2: "1", 3: "2"}

    def test_sub_items_follow_their_item_whatever_their_order_values(self):
        items = [Item(1, order=0), Item(2, order=1), Item(3, parent_id=1, order=5), Item(4, parent_id=1, order=2)]
        assert [item.pk for item in agenda_rules.in_agenda_order(items)] == [1, 4, 3, 2]


class TestStartTimes:
    def test_lengths_count_on_from_the_meetings_start_and_a_planned_start_resets_the_clock(self):
        items = agenda(Item(1, minutes=5), Item(2, minutes=20), Item(3, starts_at=dt.time(15)), Item(4))
        assert agenda_rules.start_times(items, dt.time(14)) == {
            1: dt.time(14),
            2: dt.time(14, 5),
            3: dt.time(15),
            4: None,  # item 3 has no length, so when 4 starts is not known
        }

    def test_an_item_heading_sub_items_starts_its_first_one(self):
        items = agenda(Item(1, starts_at=dt.time(14, 10)), Item(2, parent_id=1), Item(3, parent_id=1))
        assert agenda_rules.start_times(items, dt.time(14)) == {1: dt.time(14, 10), 2: dt.time(14, 10), 3: None}

    def test_nothing_is_worked_out_without_a_start(self):
        assert agenda_rules.start_times(agenda(Item(1, minutes=5), Item(2)), None) == {1: None, 2: None}


class TestOverrun:
    def test_the_agenda_running_over_says_by_how_much(self):
        items = agenda(Item(1, minutes=90), Item(2, minutes=95))
        assert agenda_rules.overrun(items, dt.time(14), dt.time(17)) == (
            "The agenda runs 5 minutes over the meeting's end (5pm)"
        )

    def test_time_to_spare_and_an_exact_fit(self):
        assert agenda_rules.overrun(agenda(Item(1, minutes=119)), dt.time(14), dt.time(16, 0)) == (
            "The agenda ends 1 minute before the meeting's end (4pm)"
        )
        assert agenda_rules.overrun(agenda(Item(1, minutes=61)), dt.time(9), dt.time(11)) == (
            "The agenda ends 59 minutes before the meeting's end (11am)"
        )
        assert agenda_rules.overrun(agenda(Item(1, minutes=180)), dt.time(14), dt.time(17)) == (
            "The agenda fills the meeting exactly, to 5pm"
        )
        assert agenda_rules.overrun(agenda(Item(1, minutes=185)), dt.time(14), dt.time(17)) == (
            "The agenda runs 5 minutes over the meeting's end (5pm)"
        )
        assert agenda_rules.overrun(agenda(Item(1, minutes=245)), dt.time(13), dt.time(15)) == (
            "The agenda runs 2 hours and 5 minutes over the meeting's end (3pm)"
        )

    def test_it_says_nothing_when_a_length_or_the_end_is_unknown(self):
        assert agenda_rules.overrun(agenda(Item(1, minutes=30), Item(2)), dt.time(14), dt.time(17)) is None
        assert agenda_rules.overrun(agenda(Item(1, minutes=30)), dt.time(14), None) is None
        assert agenda_rules.overrun([], dt.time(14), dt.time(17)) is None

    def test_an_item_that_only_heads_its_sub_items_needs_no_length(self):
        items = agenda(Item(1), Item(2, parent_id=1, minutes=60), Item(3, parent_id=1, minutes=60))
        assert agenda_rules.overrun(items, dt.time(14), dt.time(16)) == "The agenda fills the meeting exactly, to 4pm"


class TestLateness:
    def test_papers_out_on_the_day_the_rule_asks_are_on_time(self):
        assert agenda_rules.lateness(dt.date(2021, 6, 9), dt.date(2021, 6, 2), 7) is None

    def test_late_papers_say_how_late_against_the_rule(self):
        assert agenda_rules.lateness(dt.date(2021, 6, 9), dt.date(2021, 6, 3), 7) == (
            "The papers were published on 3 June 2021, 1 day late: the terms of reference ask for them 7 days before "
            "the meeting, by 2 June 2021."
        )
        assert "6 days late" in agenda_rules.lateness(dt.date(2021, 6, 9), dt.date(2021, 6, 8), 7)

    def test_no_rule_or_no_publication_says_nothing(self):
        assert agenda_rules.lateness(dt.date(2021, 6, 9), dt.date(2021, 6, 8), None) is None
        assert agenda_rules.lateness(dt.date(2021, 6, 9), None, 7) is None


class TestWhatStaffMayBuild:
    def test_a_board_meets_once_a_day_and_a_meeting_ends_after_it_starts(self, staff_user):
        board = BoardFactory(name="Partnership Board")
        MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        with pytest.raises(ValidationError) as error:
            services.meeting_create(board=board, values={"date": dt.date(2021, 6, 9)}, by=staff_user)
        assert error.value.message_dict == {"date": ["Partnership Board already has a meeting on 9 June 2021"]}
        with pytest.raises(ValidationError) as error:
            services.meeting_create(
                board=board,
                values={"date": dt.date(2021, 7, 14), "start": dt.time(14), "end": dt.time(14)},
                by=staff_user,
            )
        assert error.value.message_dict == {"end": ["The end time must be after the start time, 2pm"]}
        assert Meeting.objects.count() == 1

    def test_a_sub_item_belongs_to_an_item_of_its_own_meeting_that_is_not_itself_a_sub_item(self, staff_user):
        meeting = MeetingFactory()
        item = AgendaItemFactory(meeting=meeting, title="Partnership Board meeting notes")
        sub_item = AgendaItemFactory(meeting=meeting, parent=item)
        elsewhere = AgendaItemFactory()
        for parent, message in [
            (sub_item, f"{sub_item.title} is itself part of an item: choose the item above it"),
            (elsewhere, "Choose an item of this meeting"),
        ]:
            with pytest.raises(ValidationError) as error:
                services.agendaitem_create(meeting=meeting, values={"title": "3c", "parent": parent}, by=staff_user)
            assert error.value.message_dict == {"parent": [message]}
        with pytest.raises(ValidationError) as error:
            services.agendaitem_update(
                agendaitem=item, opened_at_version=1, values={"parent": elsewhere}, by=staff_user
            )
        assert error.value.message_dict == {
            "parent": ["Partnership Board meeting notes has items of its own, so cannot be part of another"]
        }

    def test_a_number_cannot_be_typed_for_an_unnumbered_item(self, staff_user):
        with pytest.raises(ValidationError) as error:
            services.agendaitem_create(
                meeting=MeetingFactory(), values={"title": "Welcome", "number": "1", "numbered": False}, by=staff_user
            )
        assert list(error.value.message_dict) == ["numbered"]

    def test_the_parts_of_a_private_item_are_private(self, staff_user):
        meeting = MeetingFactory()
        item = AgendaItemFactory(meeting=meeting)
        public_part = AgendaItemFactory(meeting=meeting, parent=item)
        made = services.agendaitem_create(
            meeting=meeting,
            values={"title": "Part", "parent": AgendaItemFactory(meeting=meeting, audience=Audience.BOARD)},
            by=staff_user,
        )
        assert made.audience == Audience.BOARD
        services.agendaitem_update(
            agendaitem=item, opened_at_version=1, values={"audience": Audience.BOARD}, by=staff_user
        )
        public_part.refresh_from_db()
        assert public_part.audience == Audience.BOARD
        assert public_part.version == 2  # its History shows the change

    def test_a_sub_item_moves_among_its_items_sub_items_only(self, client_for, staff_user):
        meeting = MeetingFactory(board=BoardFactory(slug="partnership"), date=dt.date(2021, 6, 9))
        notes = AgendaItemFactory(meeting=meeting, title="Meeting notes")
        minutes = AgendaItemFactory(meeting=meeting, parent=notes, title="Minutes")
        log = AgendaItemFactory(meeting=meeting, parent=notes, title="Action log")
        AgendaItemFactory(meeting=meeting, title="Public Questions")
        client_for(staff_user).post(log.get_manage_url("move"), {"direction": "up", "version": "1"})
        client_for(staff_user).post(log.get_manage_url("move"), {"direction": "up", "version": "2"})  # first already
        ordered = agenda_rules.in_agenda_order(meeting.items.all())
        assert [item.title for item in ordered] == ["Meeting notes", "Action log", "Minutes", "Public Questions"]
        assert minutes.siblings().count() == 2

    def test_an_item_given_a_new_parent_goes_last_among_its_sub_items(self, staff_user):
        meeting = MeetingFactory()
        notes = AgendaItemFactory(meeting=meeting, order=0)
        AgendaItemFactory(meeting=meeting, parent=notes, order=7)
        moved = AgendaItemFactory(meeting=meeting, order=1)
        services.agendaitem_update(agendaitem=moved, opened_at_version=1, values={"parent": notes}, by=staff_user)
        assert moved.order == 8


class TestStandingItemsAndCopying:
    def test_standing_items_open_the_agenda_and_aob_closes_it_once(self, staff_user):
        meeting = MeetingFactory()
        AgendaItemFactory(meeting=meeting, title="ICS Establishment")
        services.meeting_add_standing_items(meeting=meeting, by=staff_user)
        titles = [item.title for item in agenda_rules.in_agenda_order(meeting.items.all())]
        assert titles == [
            "Apologies for absence",
            "Declarations of Interest",
            "Minutes of the last meeting",
            "Action log",
            "Public Questions",
            "ICS Establishment",
            "AOB",
        ]
        with pytest.raises(ValidationError, match="The agenda has its standing items already"):
            services.meeting_add_standing_items(meeting=meeting, by=staff_user)
        assert meeting.items.count() == 7

    def test_a_double_click_on_add_the_standing_items_adds_them_once(self, client_for, staff_user):
        meeting = MeetingFactory(board=BoardFactory(slug="partnership"), date=dt.date(2021, 6, 9))
        staff = client_for(staff_user)
        staff.post("/manage/meetings/partnership/2021-06-09/standing-items/")
        response = staff.post("/manage/meetings/partnership/2021-06-09/standing-items/", follow=True)
        assert "The agenda has its standing items already" in response.content.decode()
        assert meeting.items.count() == len(agenda_rules.STANDING_ITEMS)

    def test_copying_an_agenda_keeps_its_shape_but_not_its_times(self, staff_user):
        board = BoardFactory()
        source = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        notes = AgendaItemFactory(meeting=source, title="Notes", starts_at=dt.time(14, 10), minutes=5)
        luton = PlaceFactory(name="Luton")
        notes.places.set([luton])
        AgendaItemFactory(meeting=source, parent=notes, title="Action log", number="3b")
        AgendaItemFactory(meeting=source, title="Contract", audience=Audience.BOARD)
        meeting = MeetingFactory(board=board, date=dt.date(2021, 7, 14))
        services.meeting_copy_agenda(meeting=meeting, source=source, by=staff_user)
        copied = {item.title: item for item in meeting.items.all()}
        assert copied["Action log"].parent == copied["Notes"]
        assert copied["Action log"].number == "3b"
        assert copied["Notes"].starts_at is None
        assert copied["Notes"].minutes == 5
        assert list(copied["Notes"].places.all()) == [luton]
        assert list(copied["Action log"].places.all()) == []
        assert copied["Contract"].audience == Audience.BOARD
        with pytest.raises(ValidationError, match="has an agenda already"):
            services.meeting_copy_agenda(meeting=meeting, source=source, by=staff_user)


class TestRemovingAnItem:
    @pytest.fixture
    def meeting(self):
        return MeetingFactory(board=BoardFactory(slug="partnership"), date=dt.date(2021, 6, 9))

    def test_staff_confirm_then_remove_and_a_second_click_is_told_it_has_gone(self, client_for, staff_user, meeting):
        item = AgendaItemFactory(meeting=meeting, title="Estates Strategy")
        staff = client_for(staff_user)
        page = squash(staff.get(item.get_manage_url("edit")).content.decode())
        assert f'href="{item.get_manage_url("remove")}">Remove this agenda item' in page
        confirm = squash(staff.get(item.get_manage_url("remove")).content.decode())
        assert "<h1>Remove Estates Strategy?</h1>" in confirm
        response = staff.post(item.get_manage_url("remove"), {"remove": "1", "version": "1"}, follow=True)
        assert "Estates Strategy removed" in response.content.decode()
        assert not meeting.items.exists()
        again = staff.post(item.get_manage_url("remove"), {"remove": "1", "version": "1"}, follow=True)
        assert again.redirect_chain == [("/manage/meetings/partnership/2021-06-09/", 302)]
        assert "The agenda item had already been removed" in again.content.decode()

    def test_a_stale_page_or_an_item_with_sub_items_is_not_removed(self, client_for, staff_user, meeting):
        item = AgendaItemFactory(meeting=meeting, title="Estates Strategy")
        colleague = UserFactory(email="colleague@example.org", programme_office=True)
        services.agendaitem_update(agendaitem=item, opened_at_version=1, values={"title": "Estates"}, by=colleague)
        with pytest.raises(EditConflict):
            services.agendaitem_remove(agendaitem=item, opened_at_version=1, by=staff_user)
        response = client_for(staff_user).post(item.get_manage_url("remove"), {"remove": "1", "version": "1"})
        assert response["Location"] == item.get_manage_url("remove")
        AgendaItemFactory(meeting=meeting, parent=item)
        with pytest.raises(ValidationError, match="Estates has sub-items"):
            services.agendaitem_remove(agendaitem=item, opened_at_version=2, by=staff_user)
        assert meeting.items.count() == 2

    def test_a_remove_without_its_version_is_a_bad_request(self, client_for, staff_user, meeting):
        item = AgendaItemFactory(meeting=meeting)
        assert client_for(staff_user).post(item.get_manage_url("remove"), {"remove": "1"}).status_code == 400
        assert meeting.items.exists()


class TestTheMeetingPages:
    def test_the_9_june_2021_agenda_reads_as_printed(self, client, blmk_data):
        page = squash(client.get("/boards/partnership-board/2021-06-09/").content.decode())
        assert "Wednesday 9 June 2021, 2pm to 5pm" in page
        assert "Via Microsoft Teams" in page
        rows = re.findall(r'<tr class="nhsuk-table__row[^"]*" id="[^"]+".*?</tr>', page)
        cells = [re.findall(r'aria-hidden="true">\w+ </span><span>(.*?)</span></td>', row) for row in rows]
        first = [(re.sub(r"<[^>]+>", "", cell[0]).strip(), cell[3].strip()) for cell in cells]
        assert first[:6] == [("", "2pm"), ("1", "2pm"), ("2", "2:05pm"), ("3", "2:10pm"), ("3a", "2:10pm"), ("3b", "")]
        assert first[-2:] == [("13", "4:40pm"), ("13a", "4:40pm")]  # 13a starts with the item it is part of
        assert len(rows) == 19
        assert "Partnership Board for Bedfordshire, Luton and Milton Keynes" in page

    def test_the_board_page_lists_its_meetings_coming_up_and_past(self, client):
        board = BoardFactory(slug="partnership")
        today = timezone.localdate()
        MeetingFactory(board=board, date=today + dt.timedelta(days=30))
        MeetingFactory(board=board, date=today - dt.timedelta(days=30))
        MeetingFactory(board=board, date=today + dt.timedelta(days=60), status=Status.DRAFT)
        page = squash(client.get("/boards/partnership/").content.decode())
        coming, past = page.split("<h3>Coming up</h3>")[1].split("<h3>Past meetings</h3>")
        assert coming.count("<li>") == 1
        assert past.split("</ul>")[0].count("<li>") == 1

    def test_late_papers_are_flagged_against_the_terms_of_reference(self, client):
        board = BoardFactory(slug="partnership")
        TermsOfReferenceFactory(board=board, papers_due_days=7)
        published = timezone.make_aware(dt.datetime(2021, 6, 5, 10))
        MeetingFactory(board=board, date=dt.date(2021, 6, 9), published_at=published)
        MeetingFactory(board=board, date=dt.date(2021, 7, 14), published_at=published)
        late = squash(client.get("/boards/partnership/2021-06-09/").content.decode())
        assert "Papers published late" in late
        assert "3 days late" in late
        assert "Papers published late" not in client.get("/boards/partnership/2021-07-14/").content.decode()

    def test_staff_see_the_overrun_on_the_agenda_builder(self, client_for, staff_user):
        meeting = MeetingFactory(
            board=BoardFactory(slug="partnership"), date=dt.date(2021, 6, 9), start=dt.time(14), end=dt.time(15)
        )
        AgendaItemFactory(meeting=meeting, minutes=45)
        AgendaItemFactory(meeting=meeting, minutes=30)
        page = squash(client_for(staff_user).get(meeting.get_manage_url()).content.decode())
        assert "The agenda runs 15 minutes over the meeting&#39;s end (3pm)" in page

    @pytest.mark.parametrize("items", [1, 30])
    def test_the_meeting_pages_cost_the_same_however_long_the_agenda(
        self, client_for, staff_user, django_assert_max_num_queries, items
    ):
        meeting = MeetingFactory(board=BoardFactory(slug="partnership"), date=dt.date(2021, 6, 9))
        TermsOfReferenceFactory(board=meeting.board)
        for _ in range(items):
            parent = AgendaItemFactory(meeting=meeting)
            AgendaItemFactory(meeting=meeting, parent=parent, audience=Audience.BOARD)
        public, staff = client_for(None), client_for(staff_user)
        # meeting, items, the items this reader sees, terms, papers, pack editions (test_papers.py adds papers)
        with django_assert_max_num_queries(6):
            assert public.get("/boards/partnership/2021-06-09/").status_code == 200
        # and the attendance (test_attendance.py), the minutes and those waiting (test_minutes.py), the forward plan
        # (two), the actions (two)
        with django_assert_max_num_queries(14):
            assert staff.get(meeting.get_manage_url()).status_code == 200

    def test_staff_build_a_meeting_from_the_boards_usual_times(self, client_for, staff_user):
        board = BoardFactory(
            slug="partnership", usual_start=dt.time(14), usual_end=dt.time(17), usual_venue="Via Teams"
        )
        staff = client_for(staff_user)
        page = staff.get("/manage/boards/partnership/new-meeting/").content.decode()
        assert 'value="14:00"' in page
        assert 'value="Via Teams"' in page
        token = re.search(r'name="submission" value="([0-9a-f-]+)"', page).group(1)
        form = {"date-day": "14", "date-month": "7", "date-year": "2021", "start": "14:00", "end": "17:00"}
        response = staff.post(
            "/manage/boards/partnership/new-meeting/", {**form, "state": "scheduled", "submission": token}
        )
        assert response["Location"] == "/manage/meetings/partnership/2021-07-14/"
        meeting = board.meetings.get()
        assert meeting.status == Status.DRAFT
        assert client_for(None).get("/boards/partnership/2021-07-14/").status_code == 404
