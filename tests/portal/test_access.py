"""Who may see and do what on the portal's own pages and the places pages: the five readers of tests/access.py."""

import uuid

import pytest

from blmk_portal import urls as portal_urls
from places import urls as places_urls
from places.models import Organisation, Place
from tests.access import EVERYONE, NOWHERE, PUBLIC, READERS, REFUSED, SIGN_IN, STAFF_ONLY, check_reader, uncovered
from tests.factories import OrganisationFactory, PlaceFactory

pytestmark = pytest.mark.django_db

SIGNED_IN_SENT_ON = (200, 302, 302, 302, 302)  # the sign-in page sends someone signed in on

MATRIX = [
    ("/", *EVERYONE),
    ("/accessibility/", *EVERYONE),
    ("/data/", *EVERYONE),
    ("/data/places.csv", *EVERYONE),
    ("/search/", *EVERYONE),
    ("/search/?q=luton&kind=place&place=luton&page=2", *EVERYONE),
    # Alerts of a topic there is (a board's, a priority's) are in tests/portal/test_alerts.py, with their data.
    ("/alerts/?topic=board:atlantis", *NOWHERE),
    ("/alerts/check-your-email/", *EVERYONE),
    ("/alerts/confirm/not-a-token/", *NOWHERE),
    ("/alerts/unsubscribe/not-a-token/", *NOWHERE),
    ("/accounts/login/", *SIGNED_IN_SENT_ON),
    ("/accounts/logout/", 302, 200, 200, 200, 200),
    ("/manage/", *STAFF_ONLY),
    ("/manage/sign-ins/", *STAFF_ONLY),
    ("/accounts/reset/", *EVERYONE),
    ("/accounts/password/", SIGN_IN, PUBLIC, PUBLIC, PUBLIC, PUBLIC),
    ("/accounts/set-password/MQ/not-a-token/", *EVERYONE),
    ("/places/", *EVERYONE),
    ("/places/luton/", *EVERYONE),
    ("/places/atlantis/", *NOWHERE),
    ("/organisations/elft/", *EVERYONE),
    ("/manage/places/", *STAFF_ONLY),
    ("/manage/places/?kind=council&status=retired&sort=-kind&page=2", *STAFF_ONLY),
    ("/manage/places/luton/edit/", *STAFF_ONLY),
    ("/manage/places/luton/history/", *STAFF_ONLY),
    ("/manage/organisations/new/", *STAFF_ONLY),
    ("/manage/organisations/elft/edit/", *STAFF_ONLY),
    ("/manage/organisations/elft/retire/", *STAFF_ONLY),
    ("/manage/organisations/elft/history/", *STAFF_ONLY),
]


@pytest.fixture
def data():
    PlaceFactory(slug="luton", name="Luton")
    OrganisationFactory(slug="elft")


@pytest.mark.parametrize(("path", *READERS), MATRIX)
def test_access(client_for, readers, data, path, anonymous, board_member, other_board_member, no_role, staff):
    expected = (anonymous, board_member, other_board_member, no_role, staff)
    for role, status in zip(READERS, expected, strict=True):
        check_reader(client_for(readers[role]), role, path, status, secret="Sign-ins and roles")


def test_the_matrix_covers_every_url_of_the_portal_and_places():
    paths = [path for path, *_ in MATRIX]
    own = [pattern for pattern in portal_urls.urlpatterns if getattr(pattern, "name", None)]
    assert uncovered(own, paths) - {"logout_done"} == set()
    assert uncovered(places_urls.urlpatterns, paths) == set()


POSTS = [
    ("/manage/places/luton/edit/", {"version": "1", "name": "Luton", "profile": "Changed"}),
    (
        "/manage/organisations/new/",
        {"name": "New trust", "short_name": "NT", "kind": "acute_trust", "submission": "{token}"},
    ),
    ("/manage/organisations/elft/edit/", {"version": "1", "name": "Changed", "short_name": "ELFT", "kind": "council"}),
    (
        "/manage/organisations/elft/retire/",
        {"version": "1", "active_to-day": "31", "active_to-month": "3", "active_to-year": "2020"},
    ),
]


def snapshot() -> list:
    return [list(model.objects.order_by("pk").values()) for model in (Place, Organisation)]


@pytest.mark.parametrize(("path", "form"), POSTS)
@pytest.mark.parametrize("role", ["board_member", "other_board_member", "no_role", "anonymous"])
def test_posts_are_refused_for_anyone_but_staff_and_change_nothing(client_for, readers, data, path, form, role):
    form = {key: value.format(token=uuid.uuid4()) for key, value in form.items()}
    before = snapshot()
    response = client_for(readers[role]).post(path, form)
    assert response.status_code == (SIGN_IN if role == "anonymous" else REFUSED)
    assert snapshot() == before


@pytest.mark.parametrize(("path", "form"), POSTS)
def test_the_same_posts_from_staff_do_change_something(client_for, staff_user, data, path, form):
    form = {key: value.format(token=uuid.uuid4()) for key, value in form.items()}
    before = snapshot()
    response = client_for(staff_user).post(path, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert snapshot() != before
