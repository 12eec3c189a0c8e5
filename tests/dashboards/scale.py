"""Dashboards for the dashboard tests: a small one made by hand (A&E for the system and Luton, 52-week waits for
MKUH only, a draft), and one at scale for the query caps: indicators x monthly periods x areas (the system and the
four places), made with bulk_create so that 100 x 60 x 5 takes seconds."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from blmk_portal.publication import Status
from dashboards.models import Area, Indicator, Kind, Point
from places.models import Place
from tests.dashboards.returns import areas, indicator

PLACES = [
    ("Bedford Borough", "bedford-borough"),
    ("Central Bedfordshire", "central-bedfordshire"),
    ("Luton", "luton"),
    ("Milton Keynes", "milton-keynes"),
]


def months_back(today: dt.date, count: int) -> list[dt.date]:
    """The `count` months up to last month, oldest first: the latest is current, so RAGs are not all Grey."""
    first = today.year * 12 + today.month - 1 - count
    return [dt.date((first + i) // 12, (first + i) % 12 + 1, 1) for i in range(count)]


def build(indicators: int, periods: int, *, today: dt.date, seed: int = 11) -> list[Indicator]:
    """Published indicators, each with actual values for every period and a target, in the system and each place."""
    rng = random.Random(seed)
    places = [Place.objects.get_or_create(slug=slug, defaults={"name": name})[0] for name, slug in PLACES]
    areas = [Area.objects.get_or_create(kind=Area.Kind.SYSTEM)[0]]
    areas += [Area.objects.get_or_create(kind=Area.Kind.PLACE, place=place)[0] for place in places]
    made = Indicator.objects.bulk_create(
        Indicator(
            code=f"SCALE{number}",
            name=f"Scale indicator {number:03d}",
            unit=Indicator.Unit.PERCENT,
            direction=Indicator.Direction.HIGHER,
            decimals=1,
            tolerance=Decimal(2),
            status=Status.PUBLISHED,
        )
        for number in range(indicators)
    )
    months = months_back(today, periods)
    points = []
    for item in made:
        for area in areas:
            points += [
                Point(
                    indicator=item,
                    area=area,
                    period=month,
                    value=Decimal(rng.randint(8500, 9900)) / 100,
                )
                for month in months
            ]
            points.append(Point(indicator=item, area=area, kind=Kind.TARGET, period=months[0], value=95))
    Point.objects.bulk_create(points, batch_size=5000)
    return made


SECRET = "Waiting list of the draft kind"
# Twelve months of A&E to last month: steady, then 93.5% against a plan of 95.0% (1.5 short, within 2.0: Amber).
AE_VALUES = ["94.1", "93.8", "94.4", "94.0", "93.9", "94.2", "94.3", "93.7", "94.0", "94.1", "93.9", "93.5"]


def _points(item: Indicator, area, values: list[str], *, plan: str | None = None, target: str | None = None):
    months = months_back(timezone.localdate(), len(values))
    points = [
        Point(indicator=item, area=area, period=month, value=Decimal(v))
        for month, v in zip(months, values, strict=True)
    ]
    if plan is not None:
        points.append(Point(indicator=item, area=area, kind=Kind.PLAN, period=months[-1], value=Decimal(plan)))
    if target is not None:
        points.append(Point(indicator=item, area=area, kind=Kind.TARGET, period=months[0], value=Decimal(target)))
    Point.objects.bulk_create(points)


def small_dashboard() -> dict:
    """A&E for the system (Amber: 93.5% against a plan of 95.0%) and Luton (Green), 52-week waits for MKUH only, a
    draft with system figures, and the four places."""
    where = areas()
    ae = indicator("AE4HR", name="A&E 4 hours", decimals=1, tolerance=Decimal(2))
    _points(ae, where["BLMK"], AE_VALUES, plan="95", target="95")
    _points(ae, where["luton"], ["95.5", "96.0"], plan="95")
    rtt = indicator("RTT52", name="52-week waits", unit="count", direction="lower", decimals=0)
    _points(rtt, where["MKUH"], ["120", "110"], target="0")
    draft = indicator("DRAFT1", name=SECRET, status="draft")
    _points(draft, where["BLMK"], ["50", "51"])
    for name, slug in PLACES:
        Place.objects.get_or_create(slug=slug, defaults={"name": name})
    return {"ae": ae, "rtt": rtt, "draft": draft, **where}
