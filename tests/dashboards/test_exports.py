"""Figures out as a file of returns, in the form an upload takes: downloaded, corrected and uploaded again, only
the correction changes."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboards import exports, imports
from dashboards.models import Point
from tests.dashboards.returns import areas, csv_file, indicator

pytestmark = pytest.mark.django_db

FILE = csv_file(
    "AE4HR,MKUH,2021-03,90.29,94,95,unvalidated",
    "AE4HR,luton,2021-03,,,,not reported",
    "AMBC1,BLMK,2021-03,6:05,,7:00,",
    "RTT52,BLMK,2021-03,4443,2319,0,",
    "RTT52,BLMK,2021-04,,2300,,",
)


@pytest.fixture
def figures():
    indicator("AE4HR")
    indicator("AMBC1", unit="minutes_seconds", direction="lower", decimals=0)
    indicator("RTT52", unit="count", direction="lower", decimals=0)
    areas()
    checked = imports.check_file("r.csv", FILE, today=dt.date(2021, 6, 9))
    batch = imports.start(file_name="r.csv", checked=checked, by=None)
    imports.commit(batch=batch, seen=imports.preview(batch).fingerprint, by=None)


def test_the_file_puts_each_months_value_plan_and_target_on_one_row_as_an_upload_gives_them(figures):
    assert exports.returns_csv(exports.ordered(Point.objects.all())).splitlines() == [
        "indicator,area,period,value,plan,target,note",
        "AE4HR,luton,2021-03,,,,not reported",  # areas in the order they were first given figures
        "AE4HR,MKUH,2021-03,90.29,94,95,unvalidated",
        "AMBC1,BLMK,2021-03,6:05,,7:00,",
        "RTT52,BLMK,2021-03,4443,2319,0,",
        "RTT52,BLMK,2021-04,,2300,,",
    ]


def test_a_downloaded_file_uploaded_again_changes_nothing(figures):
    data = exports.returns_csv(exports.ordered(Point.objects.all())).encode()
    checked = imports.check_file("again.csv", data, today=dt.date(2021, 6, 9))
    assert checked.ok, checked.errors
    shown = imports.preview(imports.start(file_name="again.csv", checked=checked, by=None))
    assert (shown.added, shown.changed, shown.unchanged) == ([], [], 10)


def test_staff_download_one_indicator_or_every_figure_and_others_cannot(figures, client_for, staff_user):
    response = client_for(staff_user).get("/manage/dashboards/indicators/RTT52/returns.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="RTT52-returns.csv"'
    assert response.content.decode().splitlines()[1:] == [
        "RTT52,BLMK,2021-03,4443,2319,0,",
        "RTT52,BLMK,2021-04,,2300,,",
    ]
    everything = client_for(staff_user).get("/manage/dashboards/returns.csv").content.decode()
    assert len(everything.splitlines()) == 6
