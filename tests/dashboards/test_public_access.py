"""Who may see what on the public dashboards: the five readers of tests/access.py against the dashboard, its CSV
and JSON and the place view, filtered and not. Everyone gets every page; a draft indicator, with figures in every
area, is in none of them for anyone but the programme office."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dashboards.models import Indicator, Point
from tests.access import EVERYONE, READERS, check_reader, text_of
from tests.dashboards.returns import areas, indicator

pytestmark = pytest.mark.django_db

SECRET = "Waiting list of the draft kind"

MATRIX = [
    ("/dashboards/", *EVERYONE),
    ("/dashboards/?place=luton", *EVERYONE),
    ("/dashboards/?organisation=mkuh&sort=-name", *EVERYONE),
    ("/dashboards/dashboard.csv", *EVERYONE),
    ("/dashboards/dashboard.csv?place=luton", *EVERYONE),
    ("/dashboards/dashboard.json", *EVERYONE),
    ("/dashboards/dashboard.json?organisation=mkuh", *EVERYONE),
    ("/dashboards/places/", *EVERYONE),
]
# For tests/dashboards/test_access.py's check that every URL of the app is in a matrix.
PATHS = [path for path, *_ in MATRIX]


@pytest.fixture
def data():
    where = areas()
    published, draft = indicator("AE4HR", name="A&E 4 hours"), indicator("DRAFT1", name=SECRET, status="draft")
    Point.objects.bulk_create(
        Point(indicator=item, area=area, period=dt.date(2021, 3, 1), value=Decimal(90))
        for item in (published, draft)
        for area in where.values()
    )


@pytest.mark.parametrize(("path", *READERS), MATRIX)
def test_access(client_for, readers, data, path, anonymous, board_member, other_board_member, no_role, staff):
    expected = (anonymous, board_member, other_board_member, no_role, staff)
    for role, status in zip(READERS, expected, strict=True):
        check_reader(client_for(readers[role]), role, path, status, secret=SECRET)


@pytest.mark.parametrize("path", PATHS)
def test_staff_are_shown_the_draft_that_everyone_else_is_not(client_for, readers, data, path):
    """The control for the matrix: the secret is there to be kept, in every format."""
    assert SECRET in text_of(client_for(readers["staff"]).get(path))
    assert "A&E 4 hours" in text_of(client_for(readers["anonymous"]).get(path)).replace("&amp;", "&")


def test_unpublishing_an_indicator_takes_it_off_every_format(client, data):
    Indicator.objects.filter(code="AE4HR").update(status="draft")
    for path in PATHS:
        assert "A&amp;E 4 hours" not in text_of(client.get(path)) and "A&E 4 hours" not in text_of(client.get(path))
