"""Attendance at meetings: recorded by staff through the record kit, shown on the meeting and board pages, and the
5 May 2021 attendance as printed."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError

from blmk_portal.editing import EditConflict
from blmk_portal.publication import Audience, Status
from governance import services
from governance.models import Attendance, Meeting
from tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    TermsOfReferenceFactory,
)

pytestmark = pytest.mark.django_db

PRESENT, APOLOGIES, IN_ATTENDANCE = Attendance.Kind.PRESENT, Attendance.Kind.APOLOGIES, Attendance.Kind.IN_ATTENDANCE


@pytest.fixture
def board():
    board = BoardFactory(slug="steering", name="ICS Establishment Steering Group")
    TermsOfReferenceFactory(
        board=board,
        quorum="At least one third of members (5 members) must be in attendance",
        quorum_members=5,
        deputies_count_to_quorum=True,
    )
    return board


def seats(board, number: int, decision_making: bool = True) -> list:
    return [
        MembershipFactory(board=board, role=f"Seat {n}", decision_making=decision_making, order=n)
        for n in range(number)
    ]


def record(meeting, person, kind=PRESENT, by=None, **values) -> Attendance:
    return services.attendance_create(meeting=meeting, values={"person": person, "kind": kind, **values}, by=by)


class TestRecording:
    def test_a_member_takes_the_seat_they_hold_on_the_day_unless_another_is_chosen(self, board, staff_user):
        seat = seats(board, 1)[0]
        MembershipFactory(board=board, person=seat.person, role="Ended", ended=dt.date(2020, 1, 1))
        meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        assert record(meeting, seat.person, by=staff_user).seat == seat
        officer = PersonFactory()
        assert record(meeting, officer, IN_ATTENDANCE, by=staff_user).seat is None

    def test_a_person_is_recorded_once_a_meeting(self, board, staff_user):
        meeting = MeetingFactory(board=board)
        person = PersonFactory(name="Felicity Cox")
        record(meeting, person, by=staff_user)
        with pytest.raises(ValidationError, match="Felicity Cox is recorded at this meeting already"):
            record(meeting, person, APOLOGIES, by=staff_user)
        assert meeting.attendance.count() == 1

    def test_a_deputy_stands_in_the_seat_of_a_member_who_sent_apologies(self, board, staff_user):
        seat = seats(board, 1)[0]
        meeting = MeetingFactory(board=board)
        apologies = record(meeting, seat.person, APOLOGIES, by=staff_user)
        stand_in = record(meeting, PersonFactory(), deputy_for=apologies, by=staff_user)
        assert stand_in.seat == seat
        with pytest.raises(ValidationError, match="Choose a member who sent apologies"):
            record(meeting, PersonFactory(), deputy_for=stand_in, by=staff_user)
        with pytest.raises(ValidationError, match="Only someone present can deputise"):
            record(meeting, PersonFactory(), IN_ATTENDANCE, deputy_for=apologies, by=staff_user)

    def test_apologies_neither_come_nor_go(self, board, staff_user):
        meeting = MeetingFactory(board=board)
        with pytest.raises(ValidationError, match="did not come"):
            record(meeting, PersonFactory(), APOLOGIES, left=dt.time(17, 4), by=staff_user)
        assert not meeting.attendance.exists()

    def test_someone_leaves_after_they_arrive_in_the_agenda_and_on_the_clock(self, board, staff_user):
        meeting = MeetingFactory(board=board)
        first, second = AgendaItemFactory(meeting=meeting, order=0), AgendaItemFactory(meeting=meeting, order=1)
        with pytest.raises(ValidationError, match="must come after the first they were at"):
            record(meeting, PersonFactory(), joined_for=second, left_before=first, by=staff_user)
        with pytest.raises(ValidationError, match="leave after they arrived, at 5pm"):
            record(meeting, PersonFactory(), arrived=dt.time(17), left=dt.time(16), by=staff_user)
        other = AgendaItemFactory(meeting=MeetingFactory(board=board))
        with pytest.raises(ValidationError, match="Choose an item of this meeting"):
            record(meeting, PersonFactory(), joined_for=other, by=staff_user)
        assert record(meeting, PersonFactory(), joined_for=first, left_before=second, by=staff_user).pk

    def test_a_member_with_a_deputy_is_not_removed_before_the_deputy(self, board, staff_user):
        meeting = MeetingFactory(board=board)
        apologies = record(meeting, PersonFactory(name="David Carter"), APOLOGIES, by=staff_user)
        record(meeting, PersonFactory(name="Jane Deputy"), deputy_for=apologies, by=staff_user)
        with pytest.raises(ValidationError, match="Jane Deputy deputised for David Carter"):
            services.attendance_remove(attendance=apologies, opened_at_version=apologies.version, by=staff_user)
        assert meeting.attendance.count() == 2

    def test_two_people_saving_one_entry_do_not_overwrite_each_other(self, board, staff_user):
        meeting = MeetingFactory(board=board)
        entry = record(meeting, PersonFactory(), as_printed="BLMK ICS", by=staff_user)
        opened = entry.version
        services.attendance_update(
            attendance=entry, opened_at_version=opened, values={"as_printed": "A"}, by=staff_user
        )
        with pytest.raises(EditConflict):
            services.attendance_update(
                attendance=entry, opened_at_version=opened, values={"as_printed": "B"}, by=staff_user
            )
        entry.refresh_from_db()
        assert entry.as_printed == "A"


class TestStaffPages:
    def test_staff_add_someone_present_from_the_meeting_page_without_javascript(self, board, client_for, staff_user):
        seat = seats(board, 1)[0]
        meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        client = client_for(staff_user)
        page = client.get("/manage/meetings/steering/2021-06-09/").content.decode()
        assert "Add someone who attended or sent apologies" in page
        assert "No attendance recorded yet" in page
        form = {"person": str(seat.person.pk), "kind": "present", "initials": "RM", "submission": str(uuid.uuid4())}
        response = client.post("/manage/meetings/steering/2021-06-09/new-attendance/", form)
        assert response.status_code == 302
        assert response["Location"] == "/manage/meetings/steering/2021-06-09/#attendance"
        entry = meeting.attendance.get()
        assert (entry.seat, entry.initials) == (seat, "RM")
        page = client.get(response["Location"]).content.decode()
        assert "Not quorate: 1 of the 5 needed" in page
        assert "No attendance recorded yet" not in page
        assert f"/manage/attendance/steering/2021-06-09/{entry.pk}/edit/" in page

    def test_the_same_form_sent_twice_records_the_person_once_with_their_text_as_typed(
        self, board, client_for, staff_user
    ):
        seat = seats(board, 1)[0]
        meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        client = client_for(staff_user)
        form = {
            "person": str(seat.person.pk),
            "kind": "present",
            "as_printed": "Chair 🙂 (joined by video)",
            "submission": str(uuid.uuid4()),
        }
        url = "/manage/meetings/steering/2021-06-09/new-attendance/"
        first, second = client.post(url, form), client.post(url, form)  # a double click, or Back and send again
        assert first.status_code == second.status_code == 302
        assert second["Location"] == first["Location"]
        assert meeting.attendance.count() == 1
        assert meeting.attendance.get().as_printed == "Chair 🙂 (joined by video)"

    def test_a_form_with_a_problem_says_so_at_the_field_and_saves_nothing(self, board, client_for, staff_user):
        meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        form = {"kind": "apologies", "left": "25:00", "submission": str(uuid.uuid4())}
        page = client_for(staff_user).post("/manage/meetings/steering/2021-06-09/new-attendance/", form)
        text = page.content.decode()
        assert page.status_code == 200
        assert "nhsuk-error-summary" in text
        assert "Select who attended or sent apologies" in text
        assert "as a time on the 24-hour clock" in text
        assert not meeting.attendance.exists()


@pytest.fixture
def quorum_meeting(board, staff_user):
    """Nine items; four members throughout, one who left at item 7 and one who arrived after item 3, a deputy for a
    member who sent apologies, an attendee seat, and an officer in attendance."""
    meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9), start=dt.time(14))
    items = [AgendaItemFactory(meeting=meeting, order=n, title=f"Item {n + 1}") for n in range(9)]
    members = seats(board, 7)
    for seat in members[:3]:
        record(meeting, seat.person, by=staff_user)
    record(meeting, members[3].person, left_before=items[6], left=dt.time(16, 4), by=staff_user)
    record(meeting, members[4].person, joined_for=items[3], arrived=dt.time(14, 20), by=staff_user)
    apologies = record(meeting, members[5].person, APOLOGIES, by=staff_user)
    record(meeting, PersonFactory(name="Dee Puty"), deputy_for=apologies, by=staff_user)
    record(meeting, seats(board, 1, decision_making=False)[0].person, by=staff_user)
    record(meeting, PersonFactory(name="Ann Officer"), IN_ATTENDANCE, as_printed="BLMK ICS", by=staff_user)
    return meeting, items


class TestMeetingPage:
    def test_the_public_read_who_attended_and_the_quorum_item_by_item(self, quorum_meeting, client_for):
        page = client_for(None).get("/boards/steering/2021-06-09/").content.decode()
        for words in (
            "Quorate for item 1 to item 3: 5 of the 5 needed",
            "Quorate for item 4 to item 6: 6 of the 5 needed",
            "Quorate for item 7 to item 9: 5 of the 5 needed",
            "Joined at 2:20pm, for item 4",
            "Left at 4:04pm, before item 7",
            "Present for item 1 to item 6",
            "Deputy for",
            "Dee Puty",
            "Ann Officer",
            "deputies standing in for them",
        ):
            assert words in page, words
        assert "Not quorate" not in page

    def test_deputies_not_counting_makes_the_items_after_a_departure_not_quorate(self, quorum_meeting, client_for):
        meeting, _ = quorum_meeting
        meeting.board.terms_of_reference.update(deputies_count_to_quorum=False)
        page = client_for(None).get("/boards/steering/2021-06-09/").content.decode()
        assert "Not quorate for item 1 to item 3: 4 of the 5 needed" in page
        assert "Quorate for item 4 to item 6: 5 of the 5 needed" in page
        assert "Not quorate for item 7 to item 9: 4 of the 5 needed" in page
        assert "deputies standing in for them" not in page

    def test_a_departure_before_a_part_two_item_does_not_tell_the_public_its_title(
        self, quorum_meeting, client_for, board_member_user
    ):
        meeting, items = quorum_meeting
        secret = items[6]
        secret.title, secret.audience, secret.numbered = "Award of the contract", Audience.BOARD, False
        secret.save()
        public = client_for(None).get("/boards/steering/2021-06-09/").content.decode()
        assert "before a Part II item" in public
        assert "Award of the contract" not in public
        staff_view = client_for(None)
        assert staff_view.get("/boards/steering/2021-06-10/").status_code == 404

    def test_a_meeting_with_no_attendance_recorded_shows_no_attendance_section(self, board, client_for):
        MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        page = client_for(None).get("/boards/steering/2021-06-09/").content.decode()
        assert 'id="attendance"' not in page
        assert "quorum" not in page.lower()

    def test_the_attendance_of_a_draft_meeting_is_not_public(self, quorum_meeting, client_for, staff_user):
        meeting, _ = quorum_meeting
        Meeting.objects.filter(pk=meeting.pk).update(status=Status.DRAFT)
        assert client_for(None).get("/boards/steering/2021-06-09/").status_code == 404
        assert "Ann Officer" not in client_for(None).get("/boards/steering/").content.decode()
        assert "Ann Officer" in client_for(staff_user).get("/boards/steering/2021-06-09/").content.decode()


class TestBoardPage:
    def test_each_member_reads_as_meetings_attended_of_those_held_while_they_sat(self, board, client_for, staff_user):
        chair = MembershipFactory(board=board, person=PersonFactory(name="Rima Chair"), started=dt.date(2021, 6, 1))
        member = MembershipFactory(board=board, person=PersonFactory(name="Mary Member"))
        held = [MeetingFactory(board=board, date=day) for day in (dt.date(2021, 5, 5), dt.date(2021, 6, 9))]
        cancelled = MeetingFactory(board=board, date=dt.date(2021, 7, 14), state=Meeting.State.CANCELLED)
        MeetingFactory(board=board, date=dt.date(2021, 9, 8))  # no attendance recorded
        for meeting in held:
            record(meeting, chair.person, by=staff_user)
        record(held[0], member.person, APOLOGIES, by=staff_user)
        record(held[1], member.person, by=staff_user)
        record(cancelled, member.person, by=staff_user)
        page = client_for(None).get("/boards/steering/").content.decode()
        assert "Attendance in 2021/22 (April 2021 to March 2022)" in page
        assert "Only meetings whose attendance is recorded here are counted; cancelled meetings are not." in page
        rows = page.split("Attendance in 2021/22")[1]
        assert "Rima Chair" in rows and "1 of 1 meeting<" in rows  # the May meeting was before her seat started
        assert "Mary Member" in rows and "1 of 2 meetings" in rows
        assert "of 3 meetings" not in rows and "of 4 meetings" not in rows

    def test_a_board_with_no_attendance_recorded_shows_no_attendance(self, board, client_for):
        MembershipFactory(board=board)
        MeetingFactory(board=board)
        assert 'id="attendance"' not in client_for(None).get("/boards/steering/").content.decode()


class TestTheFifthOfMay2021:
    def test_the_meeting_page_shows_the_attendance_as_printed(self, blmk_data, client_for):
        page = client_for(None).get("/boards/partnership-board/2021-05-05/").content.decode()
        attendance = page.split('id="attendance"')[1]
        for words in (
            "Dr Rima Makarem",
            "BLMK ICS Chair",
            "Chair Central &amp; North West London Trust - CNWL",
            "Simon Wood",
            "NHSEI EofE",
            "Cllr Hazel Simmons",
            "Will Hancock",
            "Michelle Evans-Riches",
            ">MER<",
            "2 members of the public (printed: Two Members of public)",
            "No quorum rule in the terms of reference",
            "SW is printed for Sarah Whiteman and Simon Wood",
        ):
            assert words in attendance, words
        assert "Quorate" not in attendance
        assert "Deputy for" not in attendance

    def test_the_loaded_lists_hold_the_printed_people_in_the_printed_order(self, blmk_data):
        meeting = Meeting.objects.get(board__slug="partnership-board", date=dt.date(2021, 5, 5))
        by_kind = {
            kind: list(meeting.attendance.filter(kind=kind).order_by("order").values_list("person__name", flat=True))
            for kind in (PRESENT, APOLOGIES, IN_ATTENDANCE)
        }
        assert len(by_kind[PRESENT]) == 25
        assert (by_kind[PRESENT][0], by_kind[PRESENT][-1]) == ("Dr Rima Makarem", "Simon Wood")
        assert by_kind[APOLOGIES][:2] == ["Cllr Hazel Simmons", "David Carter"]
        assert len(by_kind[APOLOGIES]) == 10
        assert len(by_kind[IN_ATTENDANCE]) == 7
        assert meeting.attendance.filter(initials="SW").count() == 2
        assert meeting.attendance.get(person__name="Dr Rima Makarem").seat.role == "Chair"
        assert meeting.attendance.get(person__name="Daphne Thomas").seat is None  # holds no seat in the table
        assert all(entry.source.key == "partnership-board-pack-2021-06-09" for entry in meeting.attendance.all())

    def test_loading_again_changes_nothing(self, blmk_data):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("load_blmk_data", stdout=out)
        assert "nothing changed" in out.getvalue()

    def test_the_board_page_counts_the_one_meeting_recorded(self, blmk_data, client_for):
        page = client_for(None).get("/boards/partnership-board/").content.decode()
        rows = page.split("Attendance in 2021/22")[1].split("</table>")[0]
        assert "Dr Rima Makarem" in rows and "1 of 1 meeting" in rows
        assert "David Carter" in rows and "0 of 1 meeting" in rows
        assert "Daphne Thomas" not in rows  # present, but holds no seat


class TestQueryCounts:
    @pytest.mark.parametrize("people", [2, 30])
    def test_the_meeting_and_board_pages_cost_the_same_however_many_attended(
        self, board, client_for, staff_user, django_assert_max_num_queries, people
    ):
        meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
        items = [AgendaItemFactory(meeting=meeting, order=n) for n in range(5)]
        for n, seat in enumerate(seats(board, people)):
            record(meeting, seat.person, joined_for=items[n % 3], by=staff_user)
        apologies = record(meeting, PersonFactory(), APOLOGIES, by=staff_user)
        record(meeting, PersonFactory(), deputy_for=apologies, by=staff_user)
        client = client_for(None)
        # meeting, items, visible items, terms, papers, editions, and the attendance in one
        with django_assert_max_num_queries(7):
            assert "of the 5 needed" in client.get("/boards/steering/2021-06-09/").content.decode()
        # as tests/governance/test_boards.py counts it: the board page's seven, what was recorded, the seats held
        with django_assert_max_num_queries(9):
            assert "Attendance in 2021/22" in client.get("/boards/steering/").content.decode()
        staff = client_for(staff_user)
        # as tests/governance/test_meetings.py counts the staff meeting page
        with django_assert_max_num_queries(14):
            assert staff.get("/manage/meetings/steering/2021-06-09/").status_code == 200
