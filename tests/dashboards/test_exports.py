"""Figures out as a file of returns, in the form an upload takes: downloaded, corrected and uploaded again, only
the correction changes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from dashboards import exports, imports
from dashboards.models import Area, Point
from places.models import Organisation
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


@pytest.fixture
def formulas():
    """An indicator and an organisation named as a spreadsheet formula, with figures, one of them negative."""
    indicator("FORMULA", name='=HYPERLINK("http://x")', unit="gbp_million", direction="higher", decimals=1)
    organisation = Organisation.objects.create(
        name="Organisation", slug="organisation", short_name="@ORG", kind=Organisation.Kind.ACUTE_TRUST
    )
    Area.objects.create(kind=Area.Kind.ORGANISATION, organisation=organisation)
    Area.objects.create(kind=Area.Kind.SYSTEM)
    file = csv_file("FORMULA,@ORG,2021-03,-2.5,1,,", "FORMULA,@ORG,2021-04,3,1,,", "FORMULA,BLMK,2021-04,-1,1,,")
    checked = imports.check_file("r.csv", file, today=dt.date(2021, 6, 9))
    assert checked.ok, checked.errors
    batch = imports.start(file_name="r.csv", checked=checked, by=None)
    imports.commit(batch=batch, seen=imports.preview(batch).fingerprint, by=None)


@pytest.mark.parametrize(
    "path",
    ["/dashboards/dashboard.csv", "/dashboards/indicators/FORMULA.csv", "/dashboards/report.csv"],
)
def test_no_public_download_holds_a_cell_a_spreadsheet_would_run(formulas, client, path):
    rows = list(csv.reader(io.StringIO(client.get(path).content.decode())))
    cells = {cell for row in rows[1:] for cell in row}
    assert cells & {'\'=HYPERLINK("http://x")', "'@ORG"}, "the formula-like text is there, guarded"
    runnable = [
        cell for cell in cells if cell.startswith(("=", "+", "-", "@")) and not re.fullmatch(r"-?\d+(\.\d+)?", cell)
    ]
    assert runnable == []
    assert cells & {"-1", "-1.0"}, "a negative number stays a number"


def test_the_returns_file_guards_text_keeps_negative_numbers_and_uploads_again_unchanged(formulas):
    data = exports.returns_csv(exports.ordered(Point.objects.all()))
    assert data.splitlines()[1:] == [
        "FORMULA,'@ORG,2021-03,-2.5,1,,",
        "FORMULA,'@ORG,2021-04,3,1,,",
        "FORMULA,BLMK,2021-04,-1,1,,",
    ]
    checked = imports.check_file("again.csv", data.encode(), today=dt.date(2021, 6, 9))
    assert checked.ok, checked.errors
    shown = imports.preview(imports.start(file_name="again.csv", checked=checked, by=None))
    assert (shown.added, shown.changed, shown.unchanged) == ([], [], 6)
