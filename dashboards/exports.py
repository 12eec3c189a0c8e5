"""Figures out as a file of returns, in the very form an upload takes (`indicator,area,period,value,plan,target,
note`), so a file downloaded, corrected in a spreadsheet and uploaded again changes only what was corrected.

The caller chooses the points, through the publication gate (`Point.objects.visible_to(user)`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import groupby

from blmk_portal import spreadsheets
from dashboards.imports import HEADER, NOTE_WRITTEN
from dashboards.models import Indicator, Kind, Point


def returns_csv(points: Iterable[Point]) -> str:
    return spreadsheets.csv_text(HEADER, returns_rows(points))


def ordered(points) -> Iterable[Point]:
    """What returns_rows needs from a queryset of points, in one query."""
    return points.select_related("indicator", "area__place", "area__organisation").order_by(
        "indicator__code", "area_id", "period", "kind"
    )


def returns_rows(points: Iterable[Point]) -> Iterator[list[str]]:
    """One row per indicator, area and month, its actual value, plan and target side by side."""
    for (_, _, period), together in groupby(points, key=lambda p: (p.indicator_id, p.area_id, p.period)):
        by_kind = {point.kind: point for point in together}
        first = next(iter(by_kind.values()))
        actual = by_kind.get(Kind.ACTUAL)
        unit = first.indicator.unit
        yield [
            first.indicator.code,
            first.area.code,
            f"{period:%Y-%m}",
            _number(actual.value, unit) if actual else "",
            _number(by_kind[Kind.PLAN].value, unit) if Kind.PLAN in by_kind else "",
            _number(by_kind[Kind.TARGET].value, unit) if Kind.TARGET in by_kind else "",
            NOTE_WRITTEN[actual.note] if actual else "",
        ]


def _number(value: Decimal | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == Indicator.Unit.MINUTES_SECONDS:
        seconds = int(value)
        return f"{seconds // 60}:{seconds % 60:02d}"
    return f"{value.normalize():f}"
