"""Dashboards at scale for the query caps: indicators x monthly periods x areas (the system and the four places),
made with bulk_create so that 100 x 60 x 5 takes seconds."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from blmk_portal.publication import Status
from dashboards.models import Area, Indicator, Kind, Point
from places.models import Place

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
    for indicator in made:
        for area in areas:
            points += [
                Point(
                    indicator=indicator,
                    area=area,
                    period=month,
                    value=Decimal(rng.randint(8500, 9900)) / 100,
                )
                for month in months
            ]
            points.append(Point(indicator=indicator, area=area, kind=Kind.TARGET, period=months[0], value=95))
    Point.objects.bulk_create(points, batch_size=5000)
    return made
