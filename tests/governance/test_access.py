"""Who may see and do what on every governance page: the five readers of tests/access.py against every URL."""

import uuid

import pytest

from governance import urls as governance_urls
from governance.models import Board, Membership, Person, TermsOfReference
from tests.access import (
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
from tests.factories import BoardFactory, MembershipFactory, PersonFactory, TermsOfReferenceFactory

pytestmark = pytest.mark.django_db

MATRIX = [
    ("/boards/", *EVERYONE),
    ("/boards/partnership/", *EVERYONE),
    ("/boards/nonexistent/", *NOWHERE),
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
]


@pytest.fixture
def data():
    board = BoardFactory(slug="partnership", name="Partnership Board")
    terms = TermsOfReferenceFactory(board=board, version_number="0.5", order=1)
    person = PersonFactory(name="Dr Rima Makarem", title="BLMK ICS Chair")
    seat = MembershipFactory(board=board, person=person, role="Chair", decision_making=True)
    return {"terms": terms.pk, "seat": seat.pk, "person": person.pk}


@pytest.mark.parametrize(("path", *READERS), MATRIX)
def test_access(client_for, readers, data, path, anonymous, board_member, other_board_member, no_role, staff):
    path = path.format(**data)
    expected = (anonymous, board_member, other_board_member, no_role, staff)
    for role, status in zip(READERS, expected, strict=True):
        check_reader(client_for(readers[role]), role, path, status, secret="Add a seat")


def test_the_matrix_covers_every_governance_url():
    paths = [path.format(terms=1, seat=1, person=1) for path, *_ in MATRIX]
    assert uncovered(governance_urls.urlpatterns, paths) == set()


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
]


def snapshot() -> list:
    return [list(model.objects.order_by("pk").values()) for model in (Board, TermsOfReference, Membership, Person)]


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
