"""The public dashboard (/dashboards/), its CSV and JSON, and the place view (/dashboards/places/): what a row says,
the filters, what the downloads hold, and what each costs in queries at two sizes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.utils import timezone

from dashboards.models import IndicatorPriority, Kind, Point
from tests.dashboards.scale import SECRET, build, months_back, small_dashboard
from tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return small_dashboard()


def _row(page: str, name: str) -> str:
    """The table row of the indicator named."""
    rows = re.findall(r'<tr class="nhsuk-table__row">(.*?)</tr>', page, re.S)
    found = [row for row in rows if f">{name}</a>" in row]
    assert len(found) == 1, f"{name}: {len(found)} rows"
    return found[0]


class TestTheSystemDashboard:
    def test_a_row_gives_the_latest_value_its_period_plan_variance_and_rag_with_the_numbers_that_decided_it(
        self, client, data
    ):
        page = client.get("/dashboards/").content.decode()
        row = _row(page, "A&amp;E 4 hours")
        latest = months_back(timezone.localdate(), 1)[0]
        assert "93.5%" in row and f"{latest:%B %Y}" in row
        assert "95.0% (plan)" in row
        assert "1.5 points below plan" in row
        assert '<strong class="nhsuk-tag nhsuk-tag--orange">Amber</strong>' in row
        assert "Amber: 93.5% against a plan of 95.0%, 1.5 points short; tolerance 2.0 points." in row
        assert "Amber when it is below it by no more than 2.0 points" in row
        assert "Red" not in row.split("Amber when")[0]

    def test_its_variation_and_assurance_are_told_in_words_beside_their_icons_and_its_trend_beside_its_sparkline(
        self, client, data
    ):
        row = _row(client.get("/dashboards/").content.decode(), "A&amp;E 4 hours")
        assert 'data-icon="common_cause"' in row and "Common cause variation" in row
        # A target of 95% above the upper process limit (about 94.9%): it will not be met without change.
        assert 'data-icon="fail"' in row and "The target will not be met without change" in row
        # In the chart's palette: a grey ring for common cause, an orange one for a failing target.
        assert re.search(r'data-icon="common_cause".*?stroke="#A6A6A6"', row, re.S)
        assert re.search(r'data-icon="fail".*?stroke="#ED8B00"', row, re.S)
        assert '<svg class="app-sparkline"' in row and 'aria-hidden="true"' in row
        assert "Trend: 12 values, from 94.1%" in row and "to 93.5%" in row and "lowest 93.5%, highest 94.4%" in row

    def test_an_indicator_without_system_figures_says_so_and_links_the_areas_that_have_them(self, client, data):
        row = _row(client.get("/dashboards/").content.decode(), "52-week waits")
        assert "No figures for Bedfordshire, Luton and Milton Keynes." in row
        assert (
            '<a href="/dashboards/?organisation=mkuh">Milton Keynes University Hospital NHS Foundation Trust</a>' in row
        )

    def test_a_place_shows_its_own_figures_and_rag(self, client, data):
        page = client.get("/dashboards/?place=luton").content.decode()
        assert '<h2 class="nhsuk-heading-m">Luton</h2>' in page
        row = _row(page, "A&amp;E 4 hours")
        assert "96.0%" in row and "1.0 points above plan" in row and "nhsuk-tag--green" in row
        assert "93.5%" not in row

    def test_an_organisation_shows_its_own_figures(self, client, data):
        page = client.get("/dashboards/?organisation=mkuh").content.decode()
        row = _row(page, "52-week waits")
        assert ">110<" in row and "110 above target" in row and "nhsuk-tag--red" in row
        assert "No figures for Milton Keynes University Hospital NHS Foundation Trust." in _row(page, "A&amp;E 4 hours")

    def test_a_place_and_an_organisation_together_are_refused_with_a_reason(self, client, data):
        page = client.get("/dashboards/?place=luton&organisation=mkuh").content.decode()
        assert "Choose a place or an organisation, not both" in page
        assert '<h2 class="nhsuk-heading-m">Bedfordshire, Luton and Milton Keynes</h2>' in page

    def test_a_priority_narrows_the_rows_to_the_indicators_evidencing_it(self, client, data):
        priority = PriorityFactory(title="Urgent and emergency care")
        IndicatorPriority.objects.create(indicator=data["ae"], priority=priority)
        page = client.get(f"/dashboards/?priority={priority.pk}").content.decode()
        assert "A&amp;E 4 hours" in page and "52-week waits" not in page
        assert "Showing 1 to 1 of 1 indicators" in page

    def test_the_public_never_sees_a_draft_and_staff_see_it_marked_as_one(self, client, client_for, staff_user, data):
        assert SECRET not in client.get("/dashboards/").content.decode()
        row = _row(client_for(staff_user).get("/dashboards/").content.decode(), SECRET)
        assert "Draft (not public)" in row

    def test_with_htmx_only_the_results_are_sent(self, client, data):
        page = client.get("/dashboards/?place=luton", HTTP_HX_REQUEST="true").content.decode()
        assert page.lstrip().startswith('<div id="results"') and "<html" not in page
        assert "96.0%" in page

    def test_the_header_links_to_it(self, client, data):
        assert 'href="/dashboards/"' in client.get("/").content.decode()

    def test_a_places_page_links_to_its_dashboard_and_the_place_view(self, client, data):
        page = client.get("/places/luton/").content.decode()
        assert '<a href="/dashboards/?place=luton">The performance dashboard for Luton</a>' in page
        assert '<a href="/dashboards/places/">the four places side by side</a>' in page


class TestTheDownloads:
    def test_csv_and_json_hold_the_same_rows_as_the_page_filtered_alike(self, client, data):
        records = client.get("/dashboards/dashboard.json?place=luton").json()
        rows = list(csv.DictReader(io.StringIO(client.get("/dashboards/dashboard.csv?place=luton").content.decode())))
        assert records["area"] == "luton" and records["area_name"] == "Luton"
        assert [r["indicator"] for r in records["indicators"]] == [r["indicator"] for r in rows] == ["RTT52", "AE4HR"]
        ae = records["indicators"][1]
        latest = months_back(timezone.localdate(), 1)[0]
        assert ae | {"rag_words": ""} == {
            "indicator": "AE4HR",
            "name": "A&E 4 hours",
            "status": "published",
            "area": "luton",
            "period": f"{latest:%Y-%m}",
            "value": 96,
            "note": "",
            "plan": 95,
            "target": None,
            "rated_against": "plan",
            "variance": 1,
            "rag": "green",
            "rag_words": "",
            "variation": None,
            "assurance": None,
            "figures_for": [],
        }
        assert rows[1]["value"] == "96" and rows[1]["rag"] == "green" and rows[1]["target"] == ""
        assert rows[0]["figures_for"] == "MKUH" and rows[0]["rag"] == "grey" and rows[0]["value"] == ""

    def test_drafts_are_in_staffs_downloads_only(self, client, client_for, staff_user, data):
        for path in ["/dashboards/dashboard.csv", "/dashboards/dashboard.json"]:
            assert SECRET not in client.get(path).content.decode()
            assert SECRET in client_for(staff_user).get(path).content.decode()


class TestThePlaceView:
    def test_each_indicator_has_the_four_places_side_by_side_saying_where_there_are_no_figures(self, client, data):
        page = client.get("/dashboards/places/").content.decode()
        headers = re.findall(r'<th scope="col" class="nhsuk-table__header">(.*?)</th>', page)
        assert [re.sub("<.*?>", "", header) for header in headers] == [
            "Indicator",
            "Bedford Borough",
            "Central Bedfordshire",
            "Luton",
            "Milton Keynes",
        ]
        cells = re.findall(r'<td class="nhsuk-table__cell">(.*?)</td>', _row(page, "A&amp;E 4 hours"), re.S)
        assert [("No figures" in cell, "96.0%" in cell, "Green" in cell) for cell in cells[1:]] == [
            (True, False, False),
            (True, False, False),
            (False, True, True),
            (True, False, False),
        ]
        assert SECRET not in page
        assert "No figures have been reported for a place yet" not in page

    def test_with_no_place_figures_at_all_it_says_so_and_where_figures_are(self, client, data):
        Point.objects.filter(area=data["luton"]).delete()
        page = client.get("/dashboards/places/").content.decode()
        assert "No figures have been reported for a place yet." in page


@pytest.mark.parametrize(
    ("path", "cap"),
    [
        ("/dashboards/", 12),
        ("/dashboards/?place=luton", 12),
        ("/dashboards/places/", 10),
        ("/dashboards/dashboard.csv", 10),
        ("/dashboards/dashboard.json", 10),
    ],
)
@pytest.mark.parametrize(("indicators", "periods"), [(5, 12), (100, 60)])
def test_queries_do_not_grow_with_indicators_periods_or_areas(
    client_for, staff_user, django_assert_max_num_queries, path, cap, indicators, periods
):
    """Five areas (the system and four places) throughout; the same cap for 5 x 12 and 100 x 60. Staff, as they
    are asked the most (drafts, their role)."""
    build(indicators, periods, today=timezone.localdate())
    client = client_for(staff_user)
    with django_assert_max_num_queries(cap):
        response = client.get(path)
    assert response.status_code == 200
    assert f"Scale indicator {indicators - 1:03d}" in response.content.decode()


def test_the_scale_fixture_is_as_big_as_it_says():
    build(3, 7, today=dt.date(2026, 12, 3))
    assert Point.objects.filter(kind=Kind.ACTUAL).count() == 3 * 7 * 5
