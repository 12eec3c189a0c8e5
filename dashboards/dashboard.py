"""The public dashboards' rows: which indicators a reader sees, for which area, and what their figures say.

The system dashboard is one row per indicator for one area (the BLMK system unless a place or an organisation is
chosen); the place view is one row per indicator with the four places side by side. The page, its CSV and its JSON
are made from the same rows, so they always agree. Figures are read whole by `readings.read`: a dashboard costs the
same few queries however many indicators, periods and areas there are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from dashboards import readings
from dashboards.models import Area, Indicator, Kind, Point
from places.models import Organisation, Place


@dataclass(frozen=True)
class Row:
    """One indicator for one area: its series (None where the area has no figures for it) and, then, the areas
    that do have figures for it, so the reader knows where to look."""

    indicator: Indicator
    area: Area | None
    series: readings.Series | None
    elsewhere: tuple[Area, ...] = ()


@dataclass(frozen=True)
class PlacesRow:
    """One indicator with each place's series, in the places' order (None: no figures for that place)."""

    indicator: Indicator
    series: tuple[readings.Series | None, ...]


def indicators(user, filters: dict[str, Any] | None = None) -> QuerySet[Indicator]:
    """The indicators this reader may see (drafts for staff only), narrowed by the filters where given."""
    return indicators_filtered(Indicator.objects.visible_to(user), filters or {})


def indicators_filtered(chosen: QuerySet[Indicator], filters: dict[str, Any]) -> QuerySet[Indicator]:
    """Only those evidencing the chosen priority, where one is chosen."""
    if filters.get("priority"):
        chosen = chosen.filter(priorities=filters["priority"])
    return chosen


def area_for(filters: dict[str, Any]) -> Area | None:
    """The area a dashboard reads: the chosen place's or organisation's, else the system's. None where that
    place or organisation (or the system) has no figures at all yet, so no area has been made for it."""
    if filters.get("organisation"):
        return Area.objects.with_names().filter(organisation=filters["organisation"]).first()
    if filters.get("place"):
        return Area.objects.with_names().filter(place=filters["place"]).first()
    return Area.objects.filter(kind=Area.Kind.SYSTEM).first()


def area_name(filters: dict[str, Any]) -> str:
    """The chosen area's name, even where it has no figures (and so no Area)."""
    chosen: Place | Organisation | None = filters.get("organisation") or filters.get("place")
    return chosen.name if chosen else "Bedfordshire, Luton and Milton Keynes"


def rows(chosen: Sequence[Indicator], area: Area | None, *, today: dt.date) -> list[Row]:
    """A row per indicator, in the order given, with its series in `area` (two queries), and for those with none
    there, the areas that have figures for it (two queries more, only when some have none)."""
    found = readings.read(chosen, today=today, areas=[area]) if area is not None and chosen else {}
    series = {indicator_pk: one for (indicator_pk, _), one in found.items()}
    missing = [indicator.pk for indicator in chosen if indicator.pk not in series]
    elsewhere = _areas_with_figures(missing, area)
    return [
        Row(indicator, area, series.get(indicator.pk), tuple(elsewhere.get(indicator.pk, ()))) for indicator in chosen
    ]


def places_rows(chosen: Sequence[Indicator], places: Sequence[Place], *, today: dt.date) -> list[PlacesRow]:
    """A row per indicator with each place's series side by side (three queries: the places' areas, then the
    figures and change points)."""
    areas = list(Area.objects.with_names().filter(place__in=places))
    found = readings.read(chosen, today=today, areas=areas) if areas and chosen else {}
    area_of = {area.place_id: area.pk for area in areas}
    return [
        PlacesRow(
            indicator,
            tuple(found.get((indicator.pk, area_of[place.pk])) if place.pk in area_of else None for place in places),
        )
        for indicator in chosen
    ]


def _areas_with_figures(indicator_pks: list[int], besides: Area | None) -> dict[int, list[Area]]:
    """The areas with any actual figure for each of these indicators, other than `besides`, by name."""
    if not indicator_pks:
        return {}
    pairs = Point.objects.filter(indicator__in=indicator_pks, kind=Kind.ACTUAL)
    if besides is not None:
        pairs = pairs.exclude(area=besides)
    pairs = list(pairs.order_by().values_list("indicator", "area").distinct())
    if not pairs:
        return {}
    areas = {area.pk: area for area in Area.objects.with_names().filter(pk__in={area for _, area in pairs})}
    by_indicator: dict[int, list[Area]] = defaultdict(list)
    for indicator, area in pairs:
        by_indicator[indicator].append(areas[area])
    # The system first, then places, then organisations, each by name.
    order = {Area.Kind.SYSTEM: 0, Area.Kind.PLACE: 1, Area.Kind.ORGANISATION: 2}
    return {key: sorted(found, key=lambda a: (order[a.kind], a.name)) for key, found in by_indicator.items()}
