"""Who may see and do what with public questions: the five readers of tests/access.py against every question URL,
and a control for every refused POST (the same POST from staff changes the question)."""

import datetime as dt

import pytest
from django.utils import timezone

from blmk_portal.publication import Audience, Status
from governance.models import PublicQuestion
from tests.access import (
    EVERYONE,
    NOWHERE,
    READERS,
    REFUSED,
    SIGN_IN,
    STAFF_ONLY,
    STAFF_POST_ONLY,
    check_reader,
)
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db

WAITING = "Why are GP appointments so hard to book?"  # staff only until it is accepted
DECLINED = "Please fix the potholes on my road"  # never published
EMAIL = "asker@example.com"  # never published, to anyone but staff

MATRIX = [
    ("/privacy/", *EVERYONE),
    ("/boards/partnership/{open}/", *EVERYONE),
    ("/boards/partnership/{open}/questions/", *EVERYONE),
    ("/boards/partnership/{open}/questions/sent/", *EVERYONE),
    ("/boards/partnership/{closed}/questions/", *EVERYONE),  # says when they closed
    ("/boards/partnership/{draft}/questions/", 404, 404, 404, 404, 200),  # a draft meeting: staff only
    ("/boards/nonexistent/{open}/questions/", *NOWHERE),
    ("/manage/meetings/partnership/{open}/questions/", *STAFF_ONLY),
    ("/manage/questions/partnership/{open}/{waiting}/", *STAFF_ONLY),
    ("/manage/questions/partnership/{open}/{accepted}/", *STAFF_ONLY),
    ("/manage/questions/partnership/{closed}/{waiting}/", SIGN_IN, REFUSED, REFUSED, REFUSED, 404),  # wrong meeting
    ("/manage/questions/partnership/{open}/{waiting}/accept/", *STAFF_POST_ONLY),
    ("/manage/questions/partnership/{open}/{waiting}/decline/", *STAFF_POST_ONLY),
    ("/manage/questions/partnership/{open}/{waiting}/merge/", *STAFF_POST_ONLY),
    ("/manage/questions/partnership/{open}/{accepted}/answer/", *STAFF_POST_ONLY),
]
# For tests/governance/test_access.py, which checks every governance URL is in a matrix.
PATHS = [
    path.format(open="2030-01-01", closed="2020-01-01", draft="2030-02-01", waiting=1, accepted=2)
    for path, *_ in MATRIX
]


@pytest.fixture
def data(board_member_user):
    board = BoardFactory(slug="partnership", name="Partnership Board")
    MembershipFactory(board=board, person=board_member_user.person, role="Member for Luton")
    today = timezone.localdate()
    open_meeting = MeetingFactory(board=board, date=today + dt.timedelta(days=20))
    closed = MeetingFactory(board=board, date=today - dt.timedelta(days=20))
    draft = MeetingFactory(board=board, date=today + dt.timedelta(days=40), status=Status.DRAFT)
    item = AgendaItemFactory(meeting=open_meeting, title="Strategic priorities")
    AgendaItemFactory(meeting=open_meeting, title="Estates disposal", audience=Audience.BOARD)
    waiting = PublicQuestion.objects.create(
        meeting=open_meeting, item=item, text=WAITING, name="Sam Asker", email=EMAIL, connection="live"
    )
    accepted = PublicQuestion.objects.create(
        meeting=open_meeting,
        topic="Access",
        text="When will the new clinic open?",
        name="Jo Example",
        publish_name=True,
        email="jo@example.com",
        connection="work",
        state=PublicQuestion.State.ACCEPTED,
    )
    PublicQuestion.objects.create(
        meeting=open_meeting,
        topic="Roads",
        text=DECLINED,
        email=EMAIL,
        connection="neither",
        state=PublicQuestion.State.DECLINED,
        decline_reason="Not the board's business",
    )
    return {
        "open": open_meeting.date.isoformat(),
        "closed": closed.date.isoformat(),
        "draft": draft.date.isoformat(),
        "waiting": waiting.pk,
        "accepted": accepted.pk,
    }


@pytest.mark.parametrize(("path", *READERS), MATRIX)
def test_access(client_for, readers, data, path, anonymous, board_member, other_board_member, no_role, staff):
    path = path.format(**data)
    expected = (anonymous, board_member, other_board_member, no_role, staff)
    for role, status in zip(READERS, expected, strict=True):
        check_reader(client_for(readers[role]), role, path, status, secret=EMAIL)


@pytest.mark.parametrize("role", READERS)
def test_the_meeting_page_shows_accepted_questions_only_and_never_an_email_address(client_for, readers, data, role):
    page = client_for(readers[role]).get(f"/boards/partnership/{data['open']}/").content.decode()
    assert "When will the new clinic open?" in page
    assert "Jo Example" in page  # agreed to be named
    assert WAITING not in page
    assert DECLINED not in page
    assert "Sam Asker" not in page
    assert EMAIL not in page and "jo@example.com" not in page
    # A Part II item is not offered to ask about, nor shown to the public on the form.
    form = client_for(readers[role]).get(f"/boards/partnership/{data['open']}/questions/").content.decode()
    assert "Strategic priorities" in form
    assert ("Estates disposal" in form) is False


POSTS = [
    ("/manage/questions/partnership/{open}/{waiting}/accept/", {"version": "1"}),
    ("/manage/questions/partnership/{open}/{waiting}/decline/", {"version": "1", "decline-reason": "Off topic"}),
    ("/manage/questions/partnership/{open}/{waiting}/merge/", {"version": "1", "merge-into": "{accepted}"}),
    ("/manage/questions/partnership/{open}/{accepted}/answer/", {"version": "1", "answer-answer": "In May."}),
]


def snapshot() -> list:
    return list(PublicQuestion.objects.order_by("pk").values())


@pytest.mark.parametrize(("path", "form"), POSTS)
@pytest.mark.parametrize("role", ["board_member", "other_board_member", "no_role", "anonymous"])
def test_moderation_posts_are_refused_for_anyone_but_staff_and_change_nothing(
    client_for, readers, data, path, form, role, mailoutbox
):
    before = snapshot()
    response = client_for(readers[role]).post(path.format(**data), {k: v.format(**data) for k, v in form.items()})
    assert response.status_code == (SIGN_IN if role == "anonymous" else REFUSED)
    assert snapshot() == before
    assert mailoutbox == []


@pytest.mark.parametrize(("path", "form"), POSTS)
def test_the_same_posts_from_staff_do_change_the_question(client_for, staff_user, data, path, form):
    before = snapshot()
    response = client_for(staff_user).post(path.format(**data), {k: v.format(**data) for k, v in form.items()})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert snapshot() != before
