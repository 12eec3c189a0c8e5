"""An indicator's public page: the summary, the RAG with its words and rule, the SPC chart with its text
alternative, the table of every period, one area at a time (the system first), and its cost in queries."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest

from dashboards.models import Area, ChangePoint, Kind, Note, Point
from places.models import Organisation, Place
from tests.dashboards.returns import areas, indicator

pytestmark = pytest.mark.django_db

PAGE = "/dashboards/indicators/AE4HR/"
# Thirteen months from April 2020, the last above the upper limit: mean 158 / 13 = 12.15; moving ranges sum to
# 15 + 9 = 24 over 12, mean 2; limits 12.15 +/- 5.32, 6.83 to 17.47.
VALUES = ["10", "12", "11", "13", "12", "11", "10", "12", "13", "11", "12", "11", "20"]


def month(index: int) -> dt.date:
    return dt.date(2020 + (index + 3) // 12, (index + 3) % 12 + 1, 1)


@pytest.fixture
def figures():
    ae = indicator("AE4HR", name="A&E 4 hours", decimals=1, tolerance=Decimal(1), definition="Seen within 4 hours")
    where = areas()
    rows = [Point(indicator=ae, area=where["BLMK"], period=month(i), value=Decimal(v)) for i, v in enumerate(VALUES)]
    rows += [
        Point(indicator=ae, area=where["BLMK"], kind=Kind.PLAN, period=month(i), value=Decimal("12.5"))
        for i in range(10, 14)
    ]
    rows.append(Point(indicator=ae, area=where["BLMK"], kind=Kind.TARGET, period=month(0), value=Decimal(95)))
    rows += [
        Point(indicator=ae, area=where["MKUH"], period=month(0), value=Decimal("90.29")),
        Point(indicator=ae, area=where["MKUH"], period=month(1), value=None, note=Note.NOT_REPORTED),
        Point(indicator=ae, area=where["luton"], period=month(0), value=Decimal("88.1"), note=Note.UNVALIDATED),
    ]
    Point.objects.bulk_create(rows)
    return ae


def text(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_page_says_in_plain_english_where_the_latest_value_stands(client, figures):
    response = client.get(PAGE)
    assert response.status_code == 200
    page = text(response)
    assert (
        "A&E 4 hours, April 2021: 20.0%, above plan of 12.5%; special cause improvement, higher than expected "
        "(a point above the upper process limit); the target will not be met without change." in page
    )
    assert "Seen within 4 hours" in page


def test_the_rag_shows_its_word_the_numbers_that_decided_it_and_the_rule(client, figures):
    page = text(client.get(PAGE))
    # April 2021 is long past: the latest value is out of date, so Grey, and the words say why
    assert "Grey (out of date): the latest value is for April 2021, out of date since 1 August 2021" in page
    assert "Green when the latest value is at or above the plan (or the target where there is no plan)" in page
    assert "Amber when it is below it by no more than 1.0 point" in page


def test_the_rag_is_rated_while_the_latest_value_is_current(client, figures, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: dt.date(2021, 6, 1))
    page = text(client.get(PAGE))
    assert "Green: 20.0% against a plan of 12.5%, 7.5 points better; tolerance 1.0 point" in page
    assert "out of date since" not in page


def test_the_chart_is_an_image_named_by_its_title_and_the_summary(client, figures):
    html = client.get(PAGE).content.decode()
    svg = re.search(r"<svg class=\"app-spc-chart\"[^>]*>", html).group(0)
    assert 'role="img"' in svg and 'viewBox="0 0 640 320"' in svg
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
    assert labelled_by == ["spc-chart-title", "spc-summary"]
    assert (
        '<title id="spc-chart-title">SPC chart of A&amp;E 4 hours, Bedfordshire, Luton and Milton Keynes</title>'
        in html
    )
    assert re.search(r'<p id="spc-summary"[^>]*>A&amp;E 4 hours, April 2021: 20.0%', html)


def test_the_chart_draws_values_limits_target_trajectory_and_the_special_cause(client, figures):
    html = client.get(PAGE).content.decode()
    assert len(re.findall(r'class="app-spc-chart__point"', html)) == 13
    assert len(re.findall(r'data-type="special_cause_improvement"[^>]*fill="#41B6E6"', html)) == 1
    assert len(re.findall(r'data-type="common_cause"[^>]*fill="#A6A6A6"', html)) == 12
    assert html.count('class="app-spc-chart__mean"') == 1
    assert 'class="app-spc-chart__target"' in html and 'class="app-spc-chart__trajectory"' in html
    assert "app-spc-chart__limits--trial" not in html  # 13 values: not trial limits
    assert "Change point" not in html


def test_trial_limits_and_change_points_are_drawn_and_named(client, figures):
    ChangePoint.objects.create(indicator=figures, period=month(6), reason="New pathway")
    html = client.get(PAGE).content.decode()
    assert html.count('class="app-spc-chart__mean"') == 2
    assert html.count("app-spc-chart__limits--trial") == 2  # 6 and 7 values
    assert "Change point: limits worked out afresh from October 2020" in html
    assert "dashed: trial limits" in html
    assert "The latest limits are trial limits, from 7 values" in text(client.get(PAGE))


def test_the_table_has_every_period_with_its_figures_rag_and_spc_reading(client, figures):
    page = text(client.get(PAGE))
    assert "Every period's figures for Bedfordshire, Luton and Milton Keynes" in page
    html = client.get(PAGE).content.decode()
    table = html[html.index("<table") : html.index("</table>")]
    assert table.count('<tr class="nhsuk-table__row">') == 1 + 14  # the header, 13 values, 1 plan only
    rows = text_rows(table)
    assert rows[0][:7] == ["April 2020", "10.0%", "None", "95.0%", "12.2%", "6.8% to 17.5%", "Red"]
    assert rows[0][7] == "Common cause variation"
    assert rows[12][:3] == ["April 2021", "20.0%", "12.5%"]
    assert rows[12][7] == "Special cause variation: improvement: a point above the upper process limit"
    assert rows[13][:3] == ["May 2021", "None reported", "12.5%"] and rows[13][7] == "No value to read"


def text_rows(table: str) -> list[list[str]]:
    """Each body row's cells as words, without the headings the responsive table repeats for small screens."""
    body = table[table.index("<tbody") :]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td[^>]*>.*?</span><span>(.*?)</span></td>", row, re.S)
        rows.append([re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells])
    return rows


def test_the_areas_are_offered_system_first_then_places_then_organisations(client, figures):
    html = client.get(PAGE).content.decode()
    options = re.findall(r'<option value="([^"]*)"', html)
    assert options == ["BLMK", "luton", "MKUH"]
    assert re.search(r'<option value="BLMK"\s+selected', html)


def test_choosing_an_area_shows_its_figures_and_notes(client, figures):
    page = text(client.get(PAGE, {"area": "MKUH"}))
    assert "Milton Keynes University Hospital NHS Foundation Trust" in page
    assert "Every period's figures for Milton Keynes University Hospital NHS Foundation Trust" in page
    assert "Not reported" in page
    assert "Too few values for process limits" in page
    assert "95.0%" not in page  # the system's target is not MKUH's
    luton = client.get(PAGE, {"area": "luton"}).content.decode()
    assert "88.1% (unvalidated)" in luton
    assert "April 2020: Unvalidated" in luton  # the note is marked on the chart and named in its key


def test_an_area_with_no_figures_says_so_and_shows_the_system(client, figures):
    page = text(client.get(PAGE, {"area": "bedford"}))
    assert "There are no figures for ‘bedford’: showing Bedfordshire, Luton and Milton Keynes." in page
    assert "Every period's figures for Bedfordshire, Luton and Milton Keynes" in page


def test_an_indicator_with_no_figures_says_so(client, figures):
    indicator("RTT52", name="RTT 52 week waits", unit="count", direction="lower", decimals=0)
    response = client.get("/dashboards/indicators/RTT52/")
    assert "No figures have been reported for this indicator yet." in text(response)
    assert '<svg class="app-spc-chart"' not in response.content.decode()


def test_staff_see_a_draft_marked_as_such_and_nobody_else_sees_it(client, client_for, staff_user, figures):
    figures.status = "draft"
    figures.save()
    assert client.get(PAGE).status_code == 404
    staff_page = client_for(staff_user).get(PAGE)
    assert staff_page.status_code == 200
    assert "Draft (not public)" in text(staff_page)
    assert "Manage AE4HR" in text(staff_page)


def test_the_public_see_no_draft_tag_or_manage_link(client, figures):
    page = text(client.get(PAGE))
    assert "Draft (not public)" not in page and "Manage AE4HR" not in page


def _grow(periods: int, places: int) -> None:
    """AE4HR with `periods` months of figures, plans and targets in the system and `places` more areas."""
    ae = indicator("AE4HR")
    system = Area.objects.create(kind=Area.Kind.SYSTEM)
    extra = [
        Area.objects.create(kind=Area.Kind.PLACE, place=Place.objects.create(name=f"Place {i}", slug=f"place-{i}"))
        for i in range(places)
    ]
    organisation = Organisation.objects.create(name="A trust", slug="a-trust", short_name="AT", kind="acute_trust")
    extra.append(Area.objects.create(kind=Area.Kind.ORGANISATION, organisation=organisation))
    rows = []
    for area in [system, *extra]:
        for i in range(periods):
            for kind, value in ((Kind.ACTUAL, 90 + i % 7), (Kind.PLAN, 92), (Kind.TARGET, 95)):
                rows.append(Point(indicator=ae, area=area, kind=kind, period=month(i), value=Decimal(value)))
    Point.objects.bulk_create(rows)
    ChangePoint.objects.create(indicator=ae, period=month(periods // 2), reason="New pathway")


@pytest.mark.parametrize(("periods", "places"), [(12, 1), (60, 4)])
@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_the_page_and_its_files_cost_the_same_queries_however_many_periods_and_areas(
    client_for, staff_user, django_assert_max_num_queries, periods, places, who
):
    _grow(periods, places)
    client = client_for(staff_user if who == "staff" else None)
    # the indicator; its points, areas and change points (dashboards/readings.py); figures revised since a published
    # report (dashboards/performance_report.py); staff: session, user and role
    with django_assert_max_num_queries(8):
        assert client.get(PAGE, {"area": "place-0"}).status_code == 200
    for suffix in (".json", ".csv"):
        with django_assert_max_num_queries(7):
            assert client.get(f"/dashboards/indicators/AE4HR{suffix}").status_code == 200
