"""Who may see and do what on the dashboards app's staff pages: the five readers of tests/access.py against every
URL, and every refused POST with its control."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dashboards import imports
from dashboards import urls as dashboards_urls
from dashboards.models import ChangePoint, Import, Indicator, Point
from tests.access import (
    DRAFT,
    EVERYONE,
    NOWHERE,
    READERS,
    REFUSED,
    SIGN_IN,
    STAFF_ONLY,
    STAFF_ONLY_MISSING,
    STAFF_POST_ONLY,
    check_reader,
    uncovered,
)
from tests.dashboards.returns import areas, csv_file, indicator
from tests.dashboards.test_performance_report import PATHS as REPORT_PATHS  # the performance report's matrix
from tests.dashboards.test_public_access import PATHS as PUBLIC_PATHS  # the public dashboards' own matrix

pytestmark = pytest.mark.django_db

MATRIX = [
    ("/dashboards/indicators/AE4HR/", *EVERYONE),
    ("/dashboards/indicators/AE4HR.json", *EVERYONE),
    ("/dashboards/indicators/AE4HR.csv", *EVERYONE),
    ("/dashboards/indicators/DRAFT1/", *DRAFT),
    ("/dashboards/indicators/DRAFT1.json", *DRAFT),
    ("/dashboards/indicators/DRAFT1.csv", *DRAFT),
    ("/dashboards/indicators/NOSUCH/", *NOWHERE),
    ("/manage/dashboards/", *STAFF_ONLY),
    ("/manage/dashboards/?sort=-name&page=2", *STAFF_ONLY),
    ("/manage/dashboards/indicators/new/", *STAFF_ONLY),
    ("/manage/dashboards/indicators/AE4HR/edit/", *STAFF_ONLY),
    ("/manage/dashboards/indicators/AE4HR/history/", *STAFF_ONLY),
    ("/manage/dashboards/indicators/DRAFT1/publish/", *STAFF_ONLY),
    ("/manage/dashboards/indicators/AE4HR/", *STAFF_ONLY),
    ("/manage/dashboards/indicators/DRAFT1/", *STAFF_ONLY),
    ("/manage/dashboards/indicators/NOSUCH/", *STAFF_ONLY_MISSING),
    ("/manage/dashboards/indicators/AE4HR/new-change-point/", *STAFF_ONLY),
    ("/manage/dashboards/indicators/DRAFT1/returns.csv", *STAFF_ONLY),
    ("/manage/dashboards/returns.csv", *STAFF_ONLY),
    ("/manage/dashboards/change-points/AE4HR/{change_point}/edit/", *STAFF_ONLY),
    ("/manage/dashboards/change-points/AE4HR/{change_point}/history/", *STAFF_ONLY),
    ("/manage/dashboards/change-points/AE4HR/{change_point}/remove/", *STAFF_ONLY),
    ("/manage/dashboards/imports/", *STAFF_ONLY),
    ("/manage/dashboards/imports/new/", *STAFF_ONLY),
    ("/manage/dashboards/imports/{preview}/", *STAFF_ONLY),
    ("/manage/dashboards/imports/{committed}/", *STAFF_ONLY),
    ("/manage/dashboards/imports/{preview}/commit/", *STAFF_POST_ONLY),
    ("/manage/dashboards/imports/{committed}/roll-back/", *STAFF_ONLY),
]

# Staff pages name the draft indicator; nobody else is ever shown it.
SECRET = "Waiting list of the draft kind"


@pytest.fixture
def data():
    ae = indicator("AE4HR")
    indicator("DRAFT1", name=SECRET, status="draft")
    areas()
    change = ChangePoint.objects.create(indicator=ae, period=dt.date(2020, 4, 1), reason="Covid-19")
    committed = _start("AE4HR,MKUH,2021-03,90.29,,95,")
    committed = imports.commit(batch=committed, seen=imports.preview(committed).fingerprint, by=None)
    preview = _start("AE4HR,MKUH,2021-04,91,,95,")
    return {"preview": preview.pk, "committed": committed.pk, "change_point": change.pk}


def _start(row: str) -> Import:
    checked = imports.check_file("returns.csv", csv_file(row))
    return imports.start(file_name="returns.csv", checked=checked, by=None)


@pytest.mark.parametrize(("path", *READERS), MATRIX)
def test_access(client_for, readers, data, path, anonymous, board_member, other_board_member, no_role, staff):
    path = path.format(**data)
    expected = (anonymous, board_member, other_board_member, no_role, staff)
    for role, status in zip(READERS, expected, strict=True):
        check_reader(client_for(readers[role]), role, path, status, secret=SECRET)


def test_the_matrix_covers_every_dashboards_url():
    paths = [path.format(preview=1, committed=2, change_point=3) for path, *expected in MATRIX]
    assert uncovered(dashboards_urls.urlpatterns, paths + PUBLIC_PATHS + REPORT_PATHS) == set()


POSTS = [
    ("/manage/dashboards/imports/new/", {"file": "{file}", "submission": "{token}"}),
    ("/manage/dashboards/imports/{preview}/commit/", {"seen": "{seen}"}),
    ("/manage/dashboards/imports/{committed}/roll-back/", {}),
    (
        "/manage/dashboards/indicators/new/",
        {
            "code": "RTT18",
            "name": "RTT 18 weeks",
            "unit": "percent",
            "direction": "higher",
            "frequency": "monthly",
            "decimals": "2",
            "tolerance_kind": "absolute",
            "tolerance": "1",
            "submission": "{token}",
        },
    ),
    (
        "/manage/dashboards/indicators/AE4HR/edit/",
        {
            "version": "1",
            "name": "A&E 4 hours",
            "unit": "percent",
            "direction": "higher",
            "frequency": "monthly",
            "decimals": "1",
            "tolerance_kind": "relative",
            "tolerance": "2",
        },
    ),
    ("/manage/dashboards/indicators/DRAFT1/publish/", {"version": "1", "publish": "1"}),
    (
        "/manage/dashboards/indicators/AE4HR/new-change-point/",
        {"month": "9", "year": "2020", "reason": "New pathway", "submission": "{token}"},
    ),
    (
        "/manage/dashboards/change-points/AE4HR/{change_point}/edit/",
        {"version": "1", "month": "5", "year": "2020", "reason": "Covid-19 lockdown"},
    ),
    ("/manage/dashboards/change-points/AE4HR/{change_point}/remove/", {"version": "1", "remove": "1"}),
]


def fill(path: str, form: dict, data: dict) -> tuple[str, dict]:
    values = {
        **data,
        "token": str(uuid.uuid4()),
        "seen": imports.preview(Import.objects.get(pk=data["preview"])).fingerprint,
    }
    filled = {
        key: SimpleUploadedFile("returns.csv", csv_file("AE4HR,BLMK,2021-03,94,,,"))
        if value == "{file}"
        else value.format(**values)
        for key, value in form.items()
    }
    return path.format(**values), filled


def snapshot() -> list:
    return [list(model.objects.order_by("pk").values()) for model in (Import, Point, Indicator, ChangePoint)]


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
    before = snapshot()
    response = client_for(staff_user).post(path, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert snapshot() != before
