"""The iCalendar feeds of meetings: times in Europe/London, cancelled meetings marked, the link back, and only what
each reader may see (drafts for staff alone, Part II titles never)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from blmk_portal.publication import Audience, Status
from governance.models import Meeting
from tests.access import READERS
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
PART_ONE = "Apologies for absence"
PART_TWO = "Award of the community contract"  # the title of a Part II item: the board's members only


@pytest.fixture
def meetings(board_member_user):
    """The Partnership Board, on which the board member sits: a confirmed meeting in June 2021 (BST) with a Part I
    and a Part II item, a cancelled one, one with no times, and a draft; and one meeting of another board."""
    board = BoardFactory(slug="partnership", name="Partnership Board")
    MembershipFactory(board=board, person=board_member_user.person)
    june = MeetingFactory(
        board=board,
        date=dt.date(2021, 6, 9),
        start=dt.time(14),
        end=dt.time(16, 30),
        venue="Luton Town Hall",
        state=Meeting.State.CONFIRMED,
    )
    AgendaItemFactory(meeting=june, title=PART_ONE)
    AgendaItemFactory(meeting=june, title=PART_TWO, audience=Audience.BOARD)
    return {
        "june": june,
        "cancelled": MeetingFactory(
            board=board, date=dt.date(2021, 7, 14), start=dt.time(10), state=Meeting.State.CANCELLED
        ),
        "no_times": MeetingFactory(board=board, date=dt.date(2021, 9, 8), online_link="https://teams.example.org/j/1"),
        "draft": MeetingFactory(board=board, date=dt.date(2021, 10, 13), status=Status.DRAFT),
        "other_board": MeetingFactory(board=BoardFactory(slug="diagnostics"), date=dt.date(2021, 6, 10)),
    }


def feed(client, path: str) -> Calendar:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@blmk-portal"


def test_a_meeting_in_summer_time_keeps_its_local_time_in_europe_london(client, meetings):
    response = client.get("/boards/partnership/calendar.ics")
    assert b"DTSTART;TZID=Europe/London:20210609T140000" in response.content
    assert b"BEGIN:VTIMEZONE" in response.content
    event = events(Calendar.from_ical(response.content))[uid(meetings["june"])]
    assert event.start == dt.datetime(2021, 6, 9, 14, tzinfo=LONDON)
    assert event.start.utcoffset() == dt.timedelta(hours=1)
    assert event.end == dt.datetime(2021, 6, 9, 16, 30, tzinfo=LONDON)


def test_a_meeting_says_where_and_links_back_to_its_page(client, meetings):
    event = events(feed(client, "/boards/partnership/calendar.ics"))[uid(meetings["june"])]
    assert event["SUMMARY"] == "Partnership Board"
    assert event["LOCATION"] == "Luton Town Hall"
    assert event["STATUS"] == "CONFIRMED"
    assert event["URL"] == "http://testserver/boards/partnership/2021-06-09/"
    assert "http://testserver/boards/partnership/2021-06-09/" in event["DESCRIPTION"]
    assert "DTSTAMP" in event


def test_a_cancelled_meeting_is_marked_cancelled(client, meetings):
    event = events(feed(client, "/boards/partnership/calendar.ics"))[uid(meetings["cancelled"])]
    assert event["STATUS"] == "CANCELLED"
    assert event["SUMMARY"] == "Partnership Board (cancelled)"


def test_a_meeting_with_no_times_is_an_all_day_event_held_online(client, meetings):
    event = events(feed(client, "/boards/partnership/calendar.ics"))[uid(meetings["no_times"])]
    assert event.start == dt.date(2021, 9, 8)
    assert event.end == dt.date(2021, 9, 9)
    assert event["LOCATION"] == "Online"
    assert event["STATUS"] == "TENTATIVE"  # scheduled, not yet confirmed


def test_a_boards_feed_holds_only_its_meetings_and_is_named_after_it(client, meetings):
    calendar = feed(client, "/boards/partnership/calendar.ics")
    assert calendar["X-WR-CALNAME"] == "Partnership Board meetings"
    assert set(events(calendar)) == {uid(meetings[name]) for name in ("june", "cancelled", "no_times")}


def test_the_feed_of_every_board_holds_every_boards_published_meetings(client, meetings):
    calendar = feed(client, "/calendar.ics")
    assert calendar["X-WR-CALNAME"] == "BLMK partnership meetings"
    assert set(events(calendar)) == {uid(meetings[name]) for name in ("june", "cancelled", "no_times", "other_board")}


def test_a_draft_meeting_is_absent_for_the_public_and_tagged_for_staff(client, client_for, staff_user, meetings):
    draft = uid(meetings["draft"])
    assert draft not in events(feed(client, "/boards/partnership/calendar.ics"))
    assert draft not in events(feed(client, "/calendar.ics"))
    event = events(feed(client_for(staff_user), "/boards/partnership/calendar.ics"))[draft]
    assert event["SUMMARY"] == "Partnership Board – Draft (not public)"
    assert draft in events(feed(client_for(staff_user), "/calendar.ics"))


def test_no_agenda_title_reaches_a_feed(client, meetings):
    for path in ("/boards/partnership/calendar.ics", "/calendar.ics"):
        content = client.get(path).content
        assert PART_TWO.encode() not in content
        assert PART_ONE.encode() not in content


def test_an_unknown_board_has_no_feed(client, meetings):
    assert client.get("/boards/nonexistent/calendar.ics").status_code == 404


def test_the_feed_is_served_inline_with_a_filename(client, meetings):
    assert client.get("/boards/partnership/calendar.ics")["Content-Disposition"] == 'inline; filename="partnership.ics"'
    assert client.get("/calendar.ics")["Content-Disposition"] == 'inline; filename="blmk-partnership-meetings.ics"'


# The access matrix: every reader gets both feeds; only staff see the draft; no one, not even the board's members
# who may read Part II on the meeting's page, gets a Part II title in a feed.
@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("path", ["/boards/partnership/calendar.ics", "/calendar.ics"])
def test_each_reader_gets_the_published_meetings_and_only_staff_the_draft(client_for, readers, meetings, role, path):
    response = client_for(readers[role]).get(path)
    assert response.status_code == 200, role
    assert uid(meetings["june"]).encode() in response.content, role
    assert uid(meetings["cancelled"]).encode() in response.content, role
    assert (uid(meetings["draft"]).encode() in response.content) is (role == "staff"), role
    assert PART_TWO.encode() not in response.content, role


@pytest.mark.parametrize("role", READERS)
def test_an_unknown_boards_feed_is_not_found_for_every_reader(client_for, readers, meetings, role):
    assert client_for(readers[role]).get("/boards/nonexistent/calendar.ics").status_code == 404, role


@pytest.mark.parametrize("count", [1, 20])
def test_a_feed_costs_the_same_however_many_meetings(
    client, client_for, board_member_user, django_assert_max_num_queries, count
):
    board = BoardFactory(slug="partnership")
    MembershipFactory(board=board, person=board_member_user.person)
    MeetingFactory.create_batch(count, board=board, start=dt.time(14), end=dt.time(16))
    # the board, its meetings
    with django_assert_max_num_queries(2):
        assert client.get("/boards/partnership/calendar.ics").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get("/calendar.ics").status_code == 200
    member = client_for(board_member_user)
    # signed in: the session, the user, their programme office group and their seats, then the same as above
    with django_assert_max_num_queries(6):
        assert member.get("/boards/partnership/calendar.ics").status_code == 200
