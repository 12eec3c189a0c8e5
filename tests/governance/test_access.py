"""Who may see and do what on every governance page: the five readers of tests/access.py against every URL."""

import datetime as dt
import uuid

import pytest

from blmk_portal.publication import Audience, Status
from governance import urls as governance_urls
from governance.models import AgendaItem, Board, Meeting, Membership, Person, TermsOfReference
from tests.access import (
    DRAFT,
    EVERYONE,
    NOWHERE,
    READERS,
    REFUSED,
    SIGN_IN,
    STAFF_ONLY,
    STAFF_POST_ONLY,
    check_reader,
    uncovered,
)
from tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    TermsOfReferenceFactory,
)

pytestmark = pytest.mark.django_db

MATRIX = [
    ("/boards/", *EVERYONE),
    ("/boards/partnership/", *EVERYONE),
    ("/boards/nonexistent/", *NOWHERE),
    ("/boards/partnership/calendar.ics", *EVERYONE),
    ("/boards/nonexistent/calendar.ics", *NOWHERE),
    ("/calendar.ics", *EVERYONE),
    ("/manage/boards/", *STAFF_ONLY),
    ("/manage/boards/?kind=group&state=active&sort=-period&page=2", *STAFF_ONLY),
    ("/manage/boards/new/", *STAFF_ONLY),
    ("/manage/boards/partnership/", *STAFF_ONLY),
    ("/manage/boards/partnership/edit/", *STAFF_ONLY),
    ("/manage/boards/partnership/history/", *STAFF_ONLY),
    ("/manage/boards/partnership/new-terms-of-reference/", *STAFF_ONLY),
    ("/manage/boards/partnership/new-seat/", *STAFF_ONLY),
    ("/manage/terms-of-reference/partnership/{terms}/edit/", *STAFF_ONLY),
    ("/manage/terms-of-reference/partnership/{terms}/history/", *STAFF_ONLY),
    ("/manage/terms-of-reference/partnership/{terms}/move/", *STAFF_POST_ONLY),
    ("/manage/seats/partnership/{seat}/edit/", *STAFF_ONLY),
    ("/manage/seats/partnership/{seat}/history/", *STAFF_ONLY),
    ("/manage/seats/partnership/{seat}/move/", *STAFF_POST_ONLY),
    ("/manage/people/", *STAFF_ONLY),
    ("/manage/people/?name=chair&sort=-seats", *STAFF_ONLY),
    ("/manage/people/new/", *STAFF_ONLY),
    ("/manage/people/{person}/edit/", *STAFF_ONLY),
    ("/manage/people/{person}/history/", *STAFF_ONLY),
    ("/boards/partnership/2021-06-09/", *EVERYONE),
    ("/boards/partnership/2021-07-14/", *DRAFT),
    ("/boards/partnership/2021-02-30/", *NOWHERE),
    ("/manage/boards/partnership/new-meeting/", *STAFF_ONLY),
    ("/manage/meetings/partnership/2021-06-09/", *STAFF_ONLY),
    ("/manage/meetings/partnership/2021-07-14/", *STAFF_ONLY),
    ("/manage/meetings/partnership/2021-06-09/edit/", *STAFF_ONLY),
    ("/manage/meetings/partnership/2021-06-09/history/", *STAFF_ONLY),
    ("/manage/meetings/partnership/2021-06-09/publish/", *STAFF_ONLY),  # asks to confirm
    ("/manage/meetings/partnership/2021-06-09/new-item/", *STAFF_ONLY),
    ("/manage/meetings/partnership/2021-06-09/standing-items/", *STAFF_POST_ONLY),
    ("/manage/meetings/partnership/2021-06-09/copy-agenda/", *STAFF_POST_ONLY),
    ("/manage/agenda/partnership/2021-06-09/{item}/edit/", *STAFF_ONLY),
    ("/manage/agenda/partnership/2021-06-09/{item}/history/", *STAFF_ONLY),
    ("/manage/agenda/partnership/2021-06-09/{item}/move/", *STAFF_POST_ONLY),
    ("/manage/agenda/partnership/2021-06-09/{item}/remove/", *STAFF_ONLY),  # asks to confirm
    ("/manage/agenda/partnership/2021-06-09/{item}/nonexistent/", *NOWHERE),
]


PART_TWO = "Award of the community contract"  # the title of a Part II item: the board's members only


@pytest.fixture
def data(board_member_user):
    """The Partnership Board, whose member the board member is: its terms, a seat, a published meeting with a
    Part I and a Part II item, and a draft meeting."""
    board = BoardFactory(slug="partnership", name="Partnership Board")
    terms = TermsOfReferenceFactory(board=board, version_number="0.5", order=1)
    person = PersonFactory(name="Dr Rima Makarem", title="BLMK ICS Chair")
    seat = MembershipFactory(board=board, person=person, role="Chair", decision_making=True)
    MembershipFactory(board=board, person=board_member_user.person, role="Member for Luton")
    meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
    item = AgendaItemFactory(meeting=meeting, title="Apologies for absence")
    AgendaItemFactory(meeting=meeting, title=PART_TWO, audience=Audience.BOARD)
    MeetingFactory(board=board, date=dt.date(2021, 7, 14), status=Status.DRAFT)
    return {"terms": terms.pk, "seat": seat.pk, "person": person.pk, "item": item.pk, "meeting": meeting.pk}


@pytest.mark.parametrize(("path", *READERS), MATRIX)
def test_access(client_for, readers, data, path, anonymous, board_member, other_board_member, no_role, staff):
    path = path.format(**data)
    expected = (anonymous, board_member, other_board_member, no_role, staff)
    for role, status in zip(READERS, expected, strict=True):
        check_reader(client_for(readers[role]), role, path, status, secret="Add a seat")


def test_the_matrix_covers_every_governance_url():
    paths = [path.format(terms=1, seat=1, person=1, item=1) for path, *expected in MATRIX if tuple(expected) != NOWHERE]
    assert uncovered(governance_urls.urlpatterns, paths) == set()


# Who reads a Part II item: on the public page, the members of the meeting's board and staff; on staff pages, staff.
MEMBERS_AND_STAFF = {"board_member", "staff"}


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize(
    ("path", "who_reads_it"),
    [
        ("/boards/partnership/2021-06-09/", MEMBERS_AND_STAFF),
        ("/manage/meetings/partnership/2021-06-09/", {"staff"}),
        ("/manage/agenda/partnership/2021-06-09/{part_two}/edit/", {"staff"}),
        ("/manage/agenda/partnership/2021-06-09/{part_two}/history/", {"staff"}),
    ],
)
def test_a_part_two_item_is_read_by_the_boards_members_and_staff_only(
    client_for, readers, data, role, path, who_reads_it
):
    part_two = AgendaItem.objects.get(title=PART_TWO)
    response = client_for(readers[role]).get(path.format(part_two=part_two.pk))
    assert (PART_TWO.encode() in response.content) is (role in who_reads_it), f"{role}: {response.status_code}"
    if response.status_code == 200 and role not in who_reads_it:
        assert b"The board also takes 1 item in private (Part II)" in response.content


POSTS = [
    (
        "/manage/boards/new/",
        {"name": "Diagnostics Board", "kind": "board", "state": "proposed", "submission": "{token}"},
    ),
    ("/manage/boards/partnership/edit/", {"version": "1", "name": "Renamed", "kind": "board", "state": "active"}),
    (
        "/manage/boards/partnership/new-terms-of-reference/",
        {"version_number": "0.6", "deputies_count_to_quorum": "no", "submission": "{token}"},
    ),
    (
        "/manage/terms-of-reference/partnership/{terms}/edit/",
        {"version": "1", "comments": "Changed", "deputies_count_to_quorum": "no"},
    ),
    ("/manage/terms-of-reference/partnership/{terms}/move/", {"direction": "up", "version": "1"}),
    (
        "/manage/boards/partnership/new-seat/",
        {"role": "Chief Executive", "decision_making": "yes", "submission": "{token}"},
    ),
    ("/manage/seats/partnership/{seat}/edit/", {"version": "1", "role": "Vice Chair", "decision_making": "yes"}),
    ("/manage/seats/partnership/{seat}/move/", {"direction": "down", "version": "1"}),
    ("/manage/people/new/", {"name": "Felicity Cox", "submission": "{token}"}),
    ("/manage/people/{person}/edit/", {"version": "1", "name": "Dr R Makarem"}),
    (
        "/manage/boards/partnership/new-meeting/",
        {
            "date-day": "8",
            "date-month": "9",
            "date-year": "2021",
            "state": "scheduled",
            "submission": "{token}",
        },
    ),
    (
        "/manage/meetings/partnership/2021-06-09/edit/",
        {"version": "1", "date-day": "9", "date-month": "6", "date-year": "2021", "state": "held"},
    ),
    ("/manage/meetings/partnership/2021-06-09/publish/", {"publish": "0", "version": "1"}),
    (
        "/manage/meetings/partnership/2021-06-09/new-item/",
        {"title": "Chair's update", "numbered": "yes", "audience": "public", "standing": "no", "submission": "{token}"},
    ),
    ("/manage/meetings/partnership/2021-06-09/standing-items/", {}),
    ("/manage/meetings/partnership/2021-07-14/copy-agenda/", {"source": "{meeting}"}),
    (
        "/manage/agenda/partnership/2021-06-09/{item}/edit/",
        {"version": "1", "title": "Apologies", "numbered": "yes", "audience": "public", "standing": "yes"},
    ),
    ("/manage/agenda/partnership/2021-06-09/{item}/move/", {"direction": "down", "version": "1"}),
    ("/manage/agenda/partnership/2021-06-09/{item}/remove/", {"remove": "1", "version": "1"}),
]


def snapshot() -> list:
    models = (Board, TermsOfReference, Membership, Person, Meeting, AgendaItem)
    return [list(model.objects.order_by("pk").values()) for model in models]


def fill(path: str, form: dict, data: dict) -> tuple[str, dict]:
    values = {**data, "token": str(uuid.uuid4())}
    return path.format(**values), {key: value.format(**values) for key, value in form.items()}


@pytest.mark.parametrize(("path", "form"), POSTS)
@pytest.mark.parametrize("role", ["board_member", "other_board_member", "no_role", "anonymous"])
def test_posts_are_refused_for_anyone_but_staff_and_change_nothing(client_for, readers, data, path, form, role):
    path, form = fill(path, form, data)
    before = snapshot()
    response = client_for(readers[role]).post(path, form)
    assert response.status_code == (SIGN_IN if role == "anonymous" else REFUSED)
    assert snapshot() == before


@pytest.mark.parametrize(("path", "form"), POSTS)
def test_the_same_posts_from_staff_do_change_something(client_for, staff_user, data, path, form):
    path, form = fill(path, form, data)
    if path.endswith("move/"):  # a move needs a neighbour
        board = Board.objects.get(slug="partnership")
        TermsOfReferenceFactory(board=board, version_number="0.1", order=0)
        MembershipFactory(board=board, role="Second seat", order=9)
    before = snapshot()
    response = client_for(staff_user).post(path, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert snapshot() != before
