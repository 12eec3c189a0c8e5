"""Who may see what: every view against anonymous, board member, signed-in non-member and staff."""

import pytest

from tests.factories import OrganisationFactory, PlaceFactory

pytestmark = pytest.mark.django_db

PUBLIC, SIGN_IN, REFUSED = 200, 302, 403

# path, then the expected status for: anonymous, board member, non-member, staff
MATRIX = [
    ("/", PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    ("/accessibility/", PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    ("/healthz", PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    ("/places/", PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    ("/places/luton/", PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    ("/organisations/elft/", PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    ("/accounts/login/", PUBLIC, SIGN_IN, SIGN_IN, SIGN_IN),  # signed-in people are sent on
    ("/manage/", SIGN_IN, REFUSED, REFUSED, PUBLIC),
    ("/manage/places/", SIGN_IN, REFUSED, REFUSED, PUBLIC),
    ("/manage/places/luton/edit/", SIGN_IN, REFUSED, REFUSED, PUBLIC),
    ("/manage/places/luton/history/", SIGN_IN, REFUSED, REFUSED, PUBLIC),
    ("/manage/organisations/new/", SIGN_IN, REFUSED, REFUSED, PUBLIC),
    ("/manage/organisations/elft/edit/", SIGN_IN, REFUSED, REFUSED, PUBLIC),
    ("/manage/organisations/elft/retire/", SIGN_IN, REFUSED, REFUSED, PUBLIC),
    ("/manage/organisations/elft/history/", SIGN_IN, REFUSED, REFUSED, PUBLIC),
]
ROLES = ["anonymous", "board_member", "non_member", "staff"]


@pytest.fixture
def users(board_member_user, non_member_user, staff_user):
    return {"anonymous": None, "board_member": board_member_user, "non_member": non_member_user, "staff": staff_user}


@pytest.mark.parametrize(("path", *ROLES), MATRIX)
def test_access(client_for, users, path, anonymous, board_member, non_member, staff):
    PlaceFactory(slug="luton", name="Luton")
    OrganisationFactory(slug="elft")
    for role, expected in zip(ROLES, (anonymous, board_member, non_member, staff), strict=True):
        response = client_for(users[role]).get(path)
        assert response.status_code == expected, f"{role} on {path}: {response.status_code}, expected {expected}"
        if expected == SIGN_IN and role == "anonymous":
            assert response["Location"].startswith("/accounts/login/?next=")


def test_staff_posts_are_refused_for_a_board_member(client_for, board_member_user):
    place = PlaceFactory(slug="luton", name="Luton", profile="Kept")
    response = client_for(board_member_user).post("/manage/places/luton/edit/", {"version": 1, "profile": "Changed"})
    assert response.status_code == REFUSED
    place.refresh_from_db()
    assert place.profile == "Kept"
