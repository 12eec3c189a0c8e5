"""Who may see and do what in the action log: the five readers of tests/access.py against every action URL, an owner
changing only their own actions, Part II actions for the board's members only, and a control for every refused POST.
"""

import datetime as dt
import uuid

import pytest

from blmk_portal.publication import Audience, Status
from governance.models import Action, ActionOwner, ActionUpdate, Board
from tests.access import (
    BOARD_MEMBERS,
    DRAFT,
    EVERYONE,
    NOT_FOUND,
    NOWHERE,
    PUBLIC,
    READERS,
    REFUSED,
    SIGN_IN,
    STAFF_ONLY,
    STAFF_POST_ONLY,
    check_reader,
    text_of,
)
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

PART_TWO_ACTION = "Renegotiate the community contract"  # raised at a Part II item: the board's members only
DRAFT_ACTION = "Circulate the draft estates plan"  # raised at a meeting not yet published: staff only
OWN_ACTION = "Share the research investment paper"  # the board member's own, raised in public

OWNER_ONLY = (SIGN_IN, PUBLIC, REFUSED, REFUSED, PUBLIC)  # the board member owns it
NOT_HIS = (SIGN_IN, REFUSED, REFUSED, REFUSED, PUBLIC)  # nobody but staff: the board member does not own it
SIGNED_IN = (SIGN_IN, PUBLIC, PUBLIC, PUBLIC, PUBLIC)

MATRIX = [
    ("/boards/partnership/actions/", *EVERYONE),
    ("/boards/nonexistent/actions/", *NOWHERE),
    ("/boards/partnership/actions/{own}/", *EVERYONE),
    ("/boards/partnership/actions/{private}/", *BOARD_MEMBERS),
    ("/boards/partnership/actions/{draft}/", *DRAFT),
    ("/boards/partnership/actions/999/", *NOWHERE),
    ("/boards/other/actions/{own}/", *NOWHERE),  # the number is the partnership board's
    ("/actions/", *SIGNED_IN),
    ("/actions/partnership/{own}/update/", *OWNER_ONLY),
    ("/actions/partnership/{own}/close/", *OWNER_ONLY),
    ("/actions/partnership/{private}/update/", *NOT_HIS),
    ("/actions/partnership/{private}/close/", *NOT_HIS),
    ("/actions/partnership/999/update/", SIGN_IN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    ("/manage/actions/", *STAFF_ONLY),
    ("/manage/actions/?board={board}&owner={owner}&status=open&overdue=yes&sort=-deadline", *STAFF_ONLY),
    ("/manage/meetings/partnership/2021-06-09/new-action/", *STAFF_ONLY),
    ("/manage/meetings/partnership/2021-06-09/note-action-log/", *STAFF_POST_ONLY),
    ("/manage/actions/partnership/{own}/", *STAFF_ONLY),
    ("/manage/actions/partnership/{private}/", *STAFF_ONLY),
    ("/manage/actions/partnership/{own}/edit/", *STAFF_ONLY),
    ("/manage/actions/partnership/{own}/history/", *STAFF_ONLY),
    ("/manage/actions/partnership/{own}/reopen/", *STAFF_POST_ONLY),
    ("/manage/actions/partnership/{own}/new-update/", *STAFF_ONLY),
    ("/manage/action-updates/partnership/{own}/{update}/edit/", *STAFF_ONLY),
    ("/manage/action-updates/partnership/{own}/{update}/history/", *STAFF_ONLY),
]
# Example identities, for the governance matrix's check that every URL is covered (tests/governance/test_access.py).
EXAMPLE_IDS = {"own": 1, "private": 2, "draft": 3, "board": 1, "owner": 1, "update": 1}
PATHS = [path.format(**EXAMPLE_IDS) for path, *expected in MATRIX if tuple(expected) != NOWHERE]


@pytest.fixture
def data(board_member_user):
    """The partnership board, with the board member on it: a published meeting with a Part I and a Part II item,
    a draft meeting, and an action raised at each, the Part I one owned by the board member."""
    board = BoardFactory(slug="partnership", name="Partnership Board")
    BoardFactory(slug="other", name="Other Board")
    MembershipFactory(board=board, person=board_member_user.person)
    meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
    item = AgendaItemFactory(meeting=meeting, title="BLMK Chair Update")
    private_item = AgendaItemFactory(meeting=meeting, title="Community contract", audience=Audience.BOARD)
    draft = MeetingFactory(board=board, date=dt.date(2021, 7, 14), status=Status.DRAFT)
    someone = PersonFactory(name="Kay Example")
    own = action(board, 1, meeting, item, OWN_ACTION, board_member_user.person)
    private = action(board, 2, meeting, private_item, PART_TWO_ACTION, someone)
    drafted = action(board, 3, draft, None, DRAFT_ACTION, someone)
    Board.objects.filter(pk=board.pk).update(last_action_number=3)
    update = ActionUpdate.objects.create(action=own, date=dt.date(2021, 6, 1), text="Autumn 2021")
    return {
        "own": own.number,
        "private": private.number,
        "draft": drafted.number,
        "board": board.pk,
        "owner": someone.pk,
        "update": update.pk,
        "meeting": meeting.pk,
    }


def action(board, number, meeting, item, text, owner, status=Action.Status.OPEN) -> Action:
    made = Action.objects.create(
        board=board, number=number, raised_at=meeting, item=item, text=text, due=dt.date(2021, 9, 1), status=status
    )
    ActionOwner.objects.create(action=made, person=owner)
    return made


@pytest.mark.parametrize(("path", *READERS), MATRIX)
def test_access(client_for, readers, data, path, anonymous, board_member, other_board_member, no_role, staff):
    path = path.format(**data)
    expected = (anonymous, board_member, other_board_member, no_role, staff)
    for role, status in zip(READERS, expected, strict=True):
        check_reader(client_for(readers[role]), role, path, status, secret=DRAFT_ACTION)


MEMBERS_AND_STAFF = {"board_member", "staff"}


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize(
    ("path", "who_reads_it"),
    [
        ("/boards/partnership/actions/", MEMBERS_AND_STAFF),
        ("/boards/partnership/2021-06-09/pack/", MEMBERS_AND_STAFF),
        ("/boards/partnership/actions/{own}/", set()),
        ("/manage/actions/", {"staff"}),
    ],
)
def test_a_part_two_action_is_read_by_the_boards_members_and_staff_only(
    client_for, readers, data, role, path, who_reads_it
):
    # The pack shows the log at its action log item.
    AgendaItemFactory(meeting_id=data["meeting"], title="Action log")
    action = Action.objects.get(number=data["own"])
    action.raised_at = MeetingFactory(board=action.board, date=dt.date(2021, 5, 5))
    action.save()
    Action.objects.filter(number=data["private"]).update(raised_at=action.raised_at)
    response = client_for(readers[role]).get(path.format(**data))
    text = text_of(response)
    assert (PART_TWO_ACTION in text) is (role in who_reads_it), f"{role}: {response.status_code}"
    if path.startswith("/boards/partnership/actions/") and path.endswith("actions/"):
        assert OWN_ACTION in text  # everyone reads the public one


def test_a_member_of_another_board_sees_none_of_this_boards_part_two_actions_anywhere(
    client_for, other_board_member_user, data
):
    client = client_for(other_board_member_user)
    for path in ("/boards/partnership/actions/", "/actions/", f"/boards/partnership/actions/{data['private']}/"):
        assert PART_TWO_ACTION not in text_of(client.get(path))


def test_an_owner_sees_their_own_actions_and_no_one_elses(client_for, board_member_user, data):
    text = text_of(client_for(board_member_user).get("/actions/"))
    assert OWN_ACTION in text
    assert PART_TWO_ACTION not in text
    assert DRAFT_ACTION not in text


POSTS = [
    (
        "/manage/meetings/partnership/2021-06-09/new-action/",
        {"text": "Report back", "owner_role": "Chair", "due_precision": "month", "submission": "{token}"},
    ),
    (
        "/manage/actions/partnership/{own}/edit/",
        {
            "version": "1",
            "text": "Share it",
            "owner_role": "Chair",
            "due-day": "1",
            "due-month": "10",
            "due-year": "2021",
            "due_precision": "month",
        },
    ),
    ("/manage/actions/partnership/{closing}/reopen/", {"version": "1"}),
    ("/manage/meetings/partnership/2021-06-09/note-action-log/", {}),
    ("/manage/actions/partnership/{own}/new-update/", {"text": "Scheduled", "submission": "{token}"}),
    ("/manage/action-updates/partnership/{own}/{update}/edit/", {"version": "1", "text": "Winter 2021"}),
    ("/actions/partnership/{private}/update/", {"a{private_pk}-text": "Done", "a{private_pk}-submission": "{token}"}),
    ("/actions/partnership/{private}/close/", {"c{private_pk}-comment": "Done", "c{private_pk}-version": "1"}),
]


def snapshot() -> list:
    return [list(model.objects.order_by("pk").values()) for model in (Action, ActionOwner, ActionUpdate, Board)]


def fill(path: str, form: dict, data: dict) -> tuple[str, dict]:
    private_pk = Action.objects.get(number=data["private"]).pk
    values = {**data, "token": str(uuid.uuid4()), "private_pk": private_pk}
    return path.format(**values), {key.format(**values): value.format(**values) for key, value in form.items()}


@pytest.fixture
def closing(data):
    """An action proposed for closure before the meeting of 9 June 2021: noting that meeting's log closes it."""
    board = Board.objects.get(slug="partnership")
    earlier = MeetingFactory(board=board, date=dt.date(2021, 5, 5))
    made = action(board, 4, earlier, None, "Circulate the briefing", PersonFactory(), status=Action.Status.CLOSING)
    Board.objects.filter(pk=board.pk).update(last_action_number=4)
    return {**data, "closing": made.number}


@pytest.mark.parametrize(("path", "form"), POSTS)
@pytest.mark.parametrize("role", ["board_member", "other_board_member", "no_role", "anonymous"])
def test_posts_are_refused_for_anyone_but_staff_and_change_nothing(client_for, readers, closing, path, form, role):
    path, form = fill(path, form, closing)
    before = snapshot()
    response = client_for(readers[role]).post(path, form)
    assert response.status_code == (SIGN_IN if role == "anonymous" else REFUSED)
    assert snapshot() == before


@pytest.mark.parametrize(("path", "form"), POSTS)
def test_the_same_posts_from_staff_do_change_something(client_for, staff_user, closing, path, form):
    path, form = fill(path, form, closing)
    before = snapshot()
    response = client_for(staff_user).post(path, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert snapshot() != before


OWNER_POSTS = [
    ("/actions/partnership/{own}/update/", {"a{own_pk}-text": "Shared 😀", "a{own_pk}-submission": "{token}"}),
    ("/actions/partnership/{own}/close/", {"c{own_pk}-comment": "", "c{own_pk}-version": "1"}),
]


@pytest.mark.parametrize(("path", "form"), OWNER_POSTS)
@pytest.mark.parametrize("role", ["other_board_member", "no_role", "anonymous"])
def test_an_owners_posts_are_refused_for_others(client_for, readers, data, path, form, role):
    own_pk = Action.objects.get(number=data["own"]).pk
    values = {**data, "token": str(uuid.uuid4()), "own_pk": own_pk}
    before = snapshot()
    response = client_for(readers[role]).post(
        path.format(**values), {k.format(**values): v.format(**values) for k, v in form.items()}
    )
    assert response.status_code == (SIGN_IN if role == "anonymous" else REFUSED)
    assert snapshot() == before


@pytest.mark.parametrize(("path", "form"), OWNER_POSTS)
def test_the_same_posts_from_the_owner_change_their_action(client_for, board_member_user, data, path, form):
    own_pk = Action.objects.get(number=data["own"]).pk
    values = {**data, "token": str(uuid.uuid4()), "own_pk": own_pk}
    before = snapshot()
    response = client_for(board_member_user).post(
        path.format(**values), {k.format(**values): v.format(**values) for k, v in form.items()}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == f"/actions/#action-{own_pk}"
    assert snapshot() != before
