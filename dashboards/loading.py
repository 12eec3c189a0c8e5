"""The seed indicators and their figures, from fixtures/dashboards.json (ADR 3: created where missing, never
updated). Source documents come from the places fixture, loaded first."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from blmk_portal.loading import create_missing, read_fixture
from blmk_portal.models import SourceDocument
from blmk_portal.publication import Status
from dashboards.models import SYSTEM_CODE, Area, Indicator, Point
from places.models import Organisation


def load_dashboards(tally: Counter) -> None:
    data = read_fixture("dashboards.json")
    sources = {document.key: document for document in SourceDocument.objects.all()}
    indicators = {}
    for item in data["indicators"]:
        values = {key: value for key, value in item.items() if key not in ("code", "source")}
        indicators[item["code"]], _ = create_missing(
            Indicator,
            tally,
            lookup={"code": item["code"]},
            # The seed documents are published, so their indicators are too (ADR 3).
            values={**values, "source": sources[item["source"]], "status": Status.PUBLISHED},
        )
    areas = {code: _area(code, tally) for code in {series["area"] for series in data["series"]}}
    held = set(
        Point.objects.filter(indicator__in=indicators.values()).values_list("indicator_id", "area_id", "kind", "period")
    )
    missing = []
    for series in data["series"]:
        indicator, area = indicators[series["indicator"]], areas[series["area"]]
        for period, value, note, printed in series["points"]:
            month = dt.date.fromisoformat(f"{period}-01")
            if (indicator.pk, area.pk, series["kind"], month) in held:
                continue
            missing.append(
                Point(
                    indicator=indicator,
                    area=area,
                    kind=series["kind"],
                    period=month,
                    value=None if value is None else Decimal(value),
                    note=note,
                    printed=printed,
                    source=sources[series["source"]],
                )
            )
    Point.objects.bulk_create(missing)
    if missing:
        tally["figures created"] += len(missing)


def _area(code: str, tally: Counter) -> Area:
    if code == SYSTEM_CODE:
        lookup = {"kind": Area.Kind.SYSTEM}
    else:
        lookup = {"kind": Area.Kind.ORGANISATION, "organisation": Organisation.objects.get(short_name=code)}
    return create_missing(Area, tally, lookup=lookup, values={})[0]
