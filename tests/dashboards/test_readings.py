"""Figures read whole: each series' RAG, chart and the plan and target beside its values, in a fixed number of
queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards import readings, spc
from dashboards.models import ChangePoint, Kind, Note, Point
from dashboards.rag_rules import Against, Rag
from tests.dashboards.returns import areas, indicator

pytestmark = pytest.mark.django_db

JUNE_2021 = dt.date(2021, 6, 9)


def month(number: int, year: int = 2021) -> dt.date:
    return dt.date(year, number, 1)


def add(code_indicator, area, kind, values: dict[dt.date, str | None], note: str = "") -> None:
    Point.objects.bulk_create(
        Point(
            indicator=code_indicator,
            area=area,
            kind=kind,
            period=period,
            value=None if value is None else Decimal(value),
            note=note if value is None else "",
        )
        for period, value in values.items()
    )


class TestASeries:
    def test_its_rag_is_the_latest_value_against_the_plan_for_that_month_not_an_earlier_months(self):
        where = areas()
        ae = indicator("AE4HR")
        add(ae, where["BLMK"], Kind.ACTUAL, {month(3): "90.30", month(4): "93.00"})
        add(ae, where["BLMK"], Kind.PLAN, {month(3): "90.00", month(4): "95.00"})

        series = readings.read([ae], today=JUNE_2021)[(ae.pk, where["BLMK"].pk)]

        assert series.rag.rag == Rag.RED
        assert series.rag.against == Against.PLAN
        assert series.rag.benchmark == Decimal("95.00")
        assert series.rag.reading.period == month(4)

    def test_a_target_holds_from_when_it_was_set_until_another_replaces_it(self):
        where = areas()
        ae = indicator("AE4HR")
        add(ae, where["BLMK"], Kind.ACTUAL, {month(1): "94.00", month(2): "94.00", month(5): "94.00"})
        add(ae, where["BLMK"], Kind.TARGET, {month(1): "95.00", month(4): "92.00"})

        series = readings.read([ae], today=JUNE_2021)[(ae.pk, where["BLMK"].pk)]

        assert [series.target_for(figure.period) for figure in series.figures] == [
            Decimal("95.00"),
            Decimal("95.00"),
            Decimal("92.00"),
        ]
        assert series.target_for(dt.date(2020, 12, 1)) is None
        assert series.rag.rag == Rag.GREEN
        assert series.rag_at(series.figures[0]).rag == Rag.RED

    def test_a_month_reported_without_a_value_is_kept_as_a_figure_but_the_chart_skips_it(self):
        where = areas()
        ae = indicator("AE4HR")
        add(ae, where["BLMK"], Kind.ACTUAL, {month(1): "94.00", month(3): "93.00"})
        add(ae, where["BLMK"], Kind.ACTUAL, {month(2): None}, note=Note.NOT_REPORTED)

        series = readings.read([ae], today=JUNE_2021)[(ae.pk, where["BLMK"].pk)]

        assert [(figure.period, figure.note) for figure in series.figures] == [
            (month(1), ""),
            (month(2), Note.NOT_REPORTED),
            (month(3), ""),
        ]
        assert series.rag_at(series.figures[1]).rag == Rag.GREY
        assert series.chart.latest.period == month(3)

    def test_only_areas_with_actual_figures_make_a_series_and_only_the_areas_asked_for(self):
        where = areas()
        ae = indicator("AE4HR")
        add(ae, where["BLMK"], Kind.ACTUAL, {month(1): "94.00"})
        add(ae, where["luton"], Kind.ACTUAL, {month(1): "91.00"})
        add(ae, where["MKUH"], Kind.TARGET, {month(1): "95.00"})

        assert set(readings.read([ae], today=JUNE_2021)) == {(ae.pk, where["BLMK"].pk), (ae.pk, where["luton"].pk)}
        assert set(readings.read([ae], today=JUNE_2021, areas=[where["luton"]])) == {(ae.pk, where["luton"].pk)}
        assert readings.read([], today=JUNE_2021) == {}


class TestChangePoints:
    def test_one_for_every_area_rebases_each_area_and_one_for_an_area_rebases_only_it(self):
        where = areas()
        ae = indicator("AE4HR")
        months = [month(number) for number in range(1, 13)]
        for area in (where["BLMK"], where["luton"], where["MKUH"]):
            add(ae, area, Kind.ACTUAL, {period: f"{90 + index % 3}.00" for index, period in enumerate(months)})
        ChangePoint.objects.create(indicator=ae, period=month(7))
        ChangePoint.objects.create(indicator=ae, area=where["luton"], period=month(4))

        read = readings.read([ae], today=JUNE_2021)

        def starts(area) -> list[dt.date]:
            return [group.first for group in read[(ae.pk, area.pk)].chart.groups]

        assert starts(where["BLMK"]) == [month(1), month(7)]
        assert starts(where["MKUH"]) == [month(1), month(7)]
        assert starts(where["luton"]) == [month(1), month(4), month(7)]


class TestQueries:
    @pytest.mark.parametrize("indicators, months", [(2, 6), (8, 24)])
    def test_a_whole_dashboard_is_read_in_three_queries_however_much_there_is(self, indicators, months):
        where = areas()
        made = [indicator(f"IND{number}", direction=spc.Direction.LOWER) for number in range(indicators)]
        periods = [dt.date(2019 + index // 12, index % 12 + 1, 1) for index in range(months)]
        for each in made:
            ChangePoint.objects.create(indicator=each, period=periods[len(periods) // 2])
            for area in where.values():
                add(each, area, Kind.ACTUAL, {period: str(index % 5) for index, period in enumerate(periods)})
                add(each, area, Kind.PLAN, {period: "3" for period in periods})

        with CaptureQueriesContext(connection) as queries:
            read = readings.read(made, today=JUNE_2021)

        assert len(read) == indicators * len(where)
        assert len(queries.captured_queries) == 3
