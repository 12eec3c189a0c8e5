"""Indicators' figures read whole: each area's actual values with the plan and target beside them, the SPC chart
they make and the RAG of the latest. Every public page, export and report reads figures through here, so they
all say the same thing; a whole dashboard costs three queries however many indicators, periods and areas.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from dashboards import rag_rules, spc
from dashboards.models import Area, ChangePoint, Indicator, Kind, Point


class Figure(NamedTuple):
    """One period's actual figure as reported: its value (None where the note says why there is none), the
    note, and the source's own words where they say more than the number."""

    period: dt.date
    value: Decimal | None
    note: str
    printed: str


@dataclass(frozen=True)
class Series:
    """One indicator in one area: its figures in period order, the plan and target by period, its chart, and
    the RAG of its latest value."""

    indicator: Indicator
    area: Area
    figures: tuple[Figure, ...]
    plans: dict[dt.date, Decimal]
    targets: dict[dt.date, Decimal]
    chart: spc.Chart
    rag: rag_rules.RagCall

    def plan_for(self, period: dt.date) -> Decimal | None:
        """The operating plan's trajectory for that period: plans are monthly, so only that period's counts."""
        return self.plans.get(period)

    def target_for(self, period: dt.date) -> Decimal | None:
        return target_in_force(self.targets, period)

    def reading_at(self, figure: Figure) -> rag_rules.Reading | None:
        return reading_of(figure, self.plans, self.targets)

    def rag_at(self, figure: Figure) -> rag_rules.RagCall:
        """The RAG a figure had when it was the latest (never out of date: it is read as of its own period)."""
        rule = rule_of(self.indicator)
        return rag_rules.rag_for(rule, self.reading_at(figure), today=figure.period)


def rule_of(indicator: Indicator) -> rag_rules.RagRule:
    return rag_rules.RagRule(
        direction=spc.Direction(indicator.direction),
        frequency=rag_rules.Frequency(indicator.frequency),
        unit=rag_rules.Unit(indicator.unit),
        decimals=indicator.decimals,
        tolerance=indicator.tolerance,
        tolerance_kind=rag_rules.ToleranceKind(indicator.tolerance_kind),
    )


def reading_of(
    figure: Figure, plans: dict[dt.date, Decimal], targets: dict[dt.date, Decimal]
) -> rag_rules.Reading | None:
    """A figure with the plan for its period and the target in force then, as the RAG rules read it."""
    if figure.value is None:
        return None
    return rag_rules.Reading(
        figure.period, figure.value, plans.get(figure.period), target_in_force(targets, figure.period)
    )


def target_in_force(targets: dict[dt.date, Decimal], period: dt.date) -> Decimal | None:
    """The latest target set on or before the period: a standard is set once and holds until changed."""
    set_by = [when for when in targets if when <= period]
    return targets[max(set_by)] if set_by else None


def read(
    indicators: Sequence[Indicator], *, today: dt.date, areas: Iterable[Area] | None = None
) -> dict[tuple[int, int], Series]:
    """Every series of these indicators (only these areas' where given) that has an actual figure, keyed by
    (indicator pk, area pk). The caller has already decided the indicators are visible to the reader."""
    by_pk = {indicator.pk: indicator for indicator in indicators}
    points = Point.objects.filter(indicator__in=list(by_pk))
    area_list = None if areas is None else list(areas)
    if area_list is not None:
        points = points.filter(area__in=area_list)
    rows = points.order_by("indicator", "area", "period").values_list(
        "indicator", "area", "kind", "period", "value", "note", "printed"
    )
    figures: dict[tuple[int, int], list[Figure]] = defaultdict(list)
    plans: dict[tuple[int, int], dict[dt.date, Decimal]] = defaultdict(dict)
    targets: dict[tuple[int, int], dict[dt.date, Decimal]] = defaultdict(dict)
    for indicator, area, kind, period, value, note, printed in rows.iterator(chunk_size=5000):
        key = (indicator, area)
        if kind == Kind.ACTUAL:
            figures[key].append(Figure(period, value, note, printed))
        elif value is not None:
            (plans if kind == Kind.PLAN else targets)[key][period] = value
    if not figures:
        return {}
    if area_list is None:
        area_list = list(Area.objects.with_names().filter(pk__in={area for _, area in figures}))
    areas_by_pk = {area.pk: area for area in area_list}
    rebases = _rebases(by_pk)

    series = {}
    for (indicator_pk, area_pk), found in figures.items():
        indicator, key = by_pk[indicator_pk], (indicator_pk, area_pk)
        starts = rebases.get((indicator_pk, area_pk), set()) | rebases.get((indicator_pk, None), set())
        latest = next((figure for figure in reversed(found) if figure.value is not None), None)
        target = target_in_force(targets[key], latest.period) if latest else None
        chart = spc.xmr(
            [spc.Observation(figure.period, figure.value, figure.period in starts) for figure in found],
            indicator.direction,
            target=target,
        )
        reading = reading_of(latest, plans[key], targets[key]) if latest else None
        rag = rag_rules.rag_for(rule_of(indicator), reading, today=today)
        series[key] = Series(indicator, areas_by_pk[area_pk], tuple(found), plans[key], targets[key], chart, rag)
    return series


def _rebases(indicators: dict[int, Indicator]) -> dict[tuple[int, int | None], set[dt.date]]:
    """The periods each series' limits are worked out afresh from (an area of None: every area's)."""
    starts: dict[tuple[int, int | None], set[dt.date]] = defaultdict(set)
    for indicator, area, period in ChangePoint.objects.filter(indicator__in=list(indicators)).values_list(
        "indicator", "area", "period"
    ):
        starts[(indicator, area)].add(period)
    return starts
