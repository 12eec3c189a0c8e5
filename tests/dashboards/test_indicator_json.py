"""`/dashboards/indicators/<code>.json` and `.csv`: the stable contract of ADR 15. The keys, their order and their
types are fixed here, so a change to any of them fails a test; the numbers are worked out by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from dashboards.models import ChangePoint, Kind, Note, Point
from tests.dashboards.returns import areas, indicator

pytestmark = pytest.mark.django_db

TOP_KEYS = ["code", "name", "unit", "direction", "series"]
SERIES_KEYS = ["area", "variation", "assurance", "points"]
POINT_KEYS = ["period", "value", "plan", "target", "rag", "spc", "mean", "upper_limit", "lower_limit"]
CSV_HEADER = ["indicator", "area", "period", *POINT_KEYS[1:]]
NUMBER = (int, float)

# The schema, as ADR 15 gives it: each key with the types (and for words, the values) it may take.
SCHEMA = {
    "top": {
        "code": (str,),
        "name": (str,),
        "unit": ["percent", "count", "per_1000", "per_10000", "per_100000", "gbp_million", "minutes_seconds", "score"],
        "direction": ["higher", "lower", "neutral"],
        "series": (list,),
    },
    "series": {
        "area": (str,),
        "variation": [
            "common_cause",
            "improvement_high",
            "improvement_low",
            "concern_high",
            "concern_low",
            "neutral_high",
            "neutral_low",
            None,
        ],
        "assurance": ["pass", "fail", "inconsistent", None],
        "points": (list,),
    },
    "point": {
        "period": (str,),
        "value": (*NUMBER, type(None)),
        "plan": (*NUMBER, type(None)),
        "target": (*NUMBER, type(None)),
        "rag": ["red", "amber", "green", "grey"],
        "spc": [
            "common_cause",
            "special_cause_improvement",
            "special_cause_concern",
            "special_cause_neutral",
            None,
        ],
        "mean": (*NUMBER, type(None)),
        "upper_limit": (*NUMBER, type(None)),
        "lower_limit": (*NUMBER, type(None)),
    },
}

# Twelve months of values, worked by hand: mean 138 / 12 = 11.5; moving ranges 2 1 2 1 1 1 2 1 2 1 1, mean
# 15 / 11 = 1.363636...; limits 11.5 +/- 2.66 x 1.363636... = 11.5 +/- 3.627272..., so 15.1273 and 7.8727 to 4 places.
TWELVE = ["10", "12", "11", "13", "12", "11", "10", "12", "13", "11", "12", "11"]


def month(index: int) -> dt.date:
    return dt.date(2020 + (index + 3) // 12, (index + 3) % 12 + 1, 1)  # from April 2020


@pytest.fixture
def figures():
    """AE4HR (percent, higher is better): twelve months for the system from April 2020, a plan for the last three
    and beyond, a target of 95 from the start, and a month not reported; three months for MKUH; none for Luton."""
    ae = indicator("AE4HR", name="A&E 4 hours", decimals=1, tolerance=Decimal(1))
    where = areas()
    rows = [Point(indicator=ae, area=where["BLMK"], period=month(i), value=Decimal(v)) for i, v in enumerate(TWELVE)]
    rows.append(Point(indicator=ae, area=where["BLMK"], period=month(12), value=None, note=Note.NOT_REPORTED))
    rows += [
        Point(indicator=ae, area=where["BLMK"], kind=Kind.PLAN, period=month(i), value=Decimal(plan))
        for i, plan in [(9, "11.5"), (10, "12"), (11, "11"), (13, "12.25")]
    ]
    rows.append(Point(indicator=ae, area=where["BLMK"], kind=Kind.TARGET, period=month(0), value=Decimal(95)))
    rows += [
        Point(indicator=ae, area=where["MKUH"], period=month(i), value=Decimal(v))
        for i, v in enumerate(["90.29", "91.05", "89.5"])
    ]
    Point.objects.bulk_create(rows)
    return ae


def test_the_json_has_exactly_the_contracts_keys_in_order(client, figures):
    data = client.get("/dashboards/indicators/AE4HR.json").json()
    assert list(data) == TOP_KEYS
    assert [list(series) for series in data["series"]] == [SERIES_KEYS, SERIES_KEYS]
    for series in data["series"]:
        for point in series["points"]:
            assert list(point) == POINT_KEYS


def test_every_value_in_the_json_is_of_the_schemas_type(client, figures):
    data = client.get("/dashboards/indicators/AE4HR.json").json()
    check(data, SCHEMA["top"])
    for series in data["series"]:
        check(series, SCHEMA["series"])
        for point in series["points"]:
            check(point, SCHEMA["point"])
            assert len(point["period"]) == 7 and dt.date.fromisoformat(point["period"] + "-01")


def check(item: dict, schema: dict) -> None:
    assert set(item) == set(schema)
    for key, allowed in schema.items():
        if isinstance(allowed, list):
            assert item[key] in allowed, f"{key}: {item[key]!r}"
        else:
            assert isinstance(item[key], allowed) and not isinstance(item[key], bool), f"{key}: {item[key]!r}"


def test_the_json_describes_the_indicator_and_its_series_system_first(client, figures):
    data = client.get("/dashboards/indicators/AE4HR.json").json()
    assert (data["code"], data["name"], data["unit"], data["direction"]) == (
        "AE4HR",
        "A&E 4 hours",
        "percent",
        "higher",
    )
    assert [series["area"] for series in data["series"]] == ["BLMK", "MKUH"]  # Luton has no figures: not listed


def test_a_points_numbers_are_json_numbers_worked_out_by_hand(client, figures):
    system = client.get("/dashboards/indicators/AE4HR.json").json()["series"][0]
    assert system["variation"] == "common_cause"
    assert system["assurance"] == "fail"  # a target of 95 far above the upper limit, where higher is better
    first = system["points"][0]
    assert first == {
        "period": "2020-04",
        "value": 10,
        "plan": None,
        "target": 95,
        "rag": "red",
        "spc": "common_cause",
        "mean": 11.5,
        "upper_limit": 15.1273,
        "lower_limit": 7.8727,
    }
    assert isinstance(first["mean"], float) and isinstance(first["value"], int)


def test_each_point_is_rated_against_its_own_months_plan(client, figures):
    points = {
        point["period"]: point
        for point in client.get("/dashboards/indicators/AE4HR.json").json()["series"][0]["points"]
    }
    assert (points["2020-12"]["value"], points["2020-12"]["plan"], points["2020-12"]["rag"]) == (13, None, "red")
    assert (points["2021-01"]["value"], points["2021-01"]["plan"], points["2021-01"]["rag"]) == (11, 11.5, "amber")
    assert (points["2021-02"]["value"], points["2021-02"]["plan"], points["2021-02"]["rag"]) == (12, 12, "green")
    assert (points["2021-03"]["value"], points["2021-03"]["plan"], points["2021-03"]["rag"]) == (11, 11, "green")


def test_a_month_not_reported_and_a_month_only_planned_have_no_value_and_no_spc(client, figures):
    points = {
        point["period"]: point
        for point in client.get("/dashboards/indicators/AE4HR.json").json()["series"][0]["points"]
    }
    assert list(points)[-2:] == ["2021-04", "2021-05"]
    not_reported, planned = points["2021-04"], points["2021-05"]
    assert (not_reported["value"], not_reported["spc"], not_reported["rag"]) == (None, None, "grey")
    assert not_reported["mean"] == 11.5  # the month still belongs to the group its limits came from
    assert (planned["value"], planned["plan"], planned["spc"], planned["mean"]) == (None, 12.25, None, None)


def system_points(client) -> dict[str, dict]:
    series = client.get("/dashboards/indicators/AE4HR.json").json()["series"][0]
    return {point["period"]: point for point in series["points"]}


def test_a_series_too_short_for_limits_has_no_spc_readings_icons_or_limits(client, figures):
    mkuh = client.get("/dashboards/indicators/AE4HR.json").json()["series"][1]
    assert (mkuh["variation"], mkuh["assurance"]) == (None, None)
    assert [point["value"] for point in mkuh["points"]] == [90.29, 91.05, 89.5]
    assert {(point["spc"], point["mean"], point["upper_limit"]) for point in mkuh["points"]} == {(None, None, None)}


def test_a_change_point_gives_the_months_after_it_limits_of_their_own(client, figures):
    ChangePoint.objects.create(indicator=figures, period=month(6), reason="New pathway")
    system = client.get("/dashboards/indicators/AE4HR.json").json()["series"][0]
    means = [point["mean"] for point in system["points"][:12]]
    # 10 12 11 13 12 11 and 10 12 13 11 12 11: each mean 69 / 6 = 11.5, moving ranges 2 1 2 1 1 (7 / 5 = 1.4), so
    # each group's upper limit is 11.5 + 2.66 x 1.4 = 15.224, not the 15.1273 of the twelve read as one
    assert means == [11.5] * 12
    assert {point["upper_limit"] for point in system["points"][:12]} == {15.224}
    assert {point["lower_limit"] for point in system["points"][:12]} == {7.776}


def test_the_csv_has_one_header_row_and_the_jsons_points_as_rows(client, figures):
    data = client.get("/dashboards/indicators/AE4HR.json").json()
    response = client.get("/dashboards/indicators/AE4HR.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="AE4HR.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == CSV_HEADER
    expected = [
        ["AE4HR", series["area"], *("" if point[key] is None else str(point[key]) for key in POINT_KEYS)]
        for series in data["series"]
        for point in series["points"]
    ]
    assert rows[1:] == expected
    assert rows[1] == ["AE4HR", "BLMK", "2020-04", "10", "", "95", "red", "common_cause", "11.5", "15.1273", "7.8727"]
    assert len(rows) == 1 + 14 + 3 and rows.count(CSV_HEADER) == 1


def test_an_indicator_with_no_figures_has_no_series(client, figures):
    indicator("RTT52", unit="count", direction="lower", decimals=0)
    assert client.get("/dashboards/indicators/RTT52.json").json()["series"] == []
    rows = list(csv.reader(io.StringIO(client.get("/dashboards/indicators/RTT52.csv").content.decode())))
    assert rows == [CSV_HEADER]


def test_a_draft_indicators_files_are_not_found_except_by_staff(client, client_for, staff_user, figures):
    figures.status = "draft"
    figures.save()
    for suffix in (".json", ".csv"):
        assert client.get(f"/dashboards/indicators/AE4HR{suffix}").status_code == 404
        assert client_for(staff_user).get(f"/dashboards/indicators/AE4HR{suffix}").status_code == 200
