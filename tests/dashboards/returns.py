"""What the dashboards' data tests share: indicators and areas made by hand, and files of returns."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook

from blmk_portal.publication import Status
from dashboards.models import Area, Indicator, Kind, Point
from places.models import Organisation, Place

HEADER = "indicator,area,period,value,plan,target,note"


def indicator(code: str = "AE4HR", **values) -> Indicator:
    defaults = {
        "name": f"Indicator {code}",
        "unit": Indicator.Unit.PERCENT,
        "direction": Indicator.Direction.HIGHER,
        "decimals": 2,
        "status": Status.PUBLISHED,
    }
    return Indicator.objects.create(code=code, **(defaults | values))


def areas() -> dict[str, Area]:
    """The system, Luton (a place) and MKUH (an organisation), with their Area rows."""
    luton = Place.objects.create(name="Luton", slug="luton")
    mkuh = Organisation.objects.create(
        name="Milton Keynes University Hospital NHS Foundation Trust",
        slug="mkuh",
        short_name="MKUH",
        kind=Organisation.Kind.ACUTE_TRUST,
    )
    return {
        "BLMK": Area.objects.create(kind=Area.Kind.SYSTEM),
        "luton": Area.objects.create(kind=Area.Kind.PLACE, place=luton),
        "MKUH": Area.objects.create(kind=Area.Kind.ORGANISATION, organisation=mkuh),
    }


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def xlsx_file(*rows: list) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def held(code: str, area: Area, period: str, kind: str = Kind.ACTUAL) -> tuple[Decimal | None, str] | None:
    point = Point.objects.filter(indicator__code=code, area=area, kind=kind, period=f"{period}-01").first()
    return None if point is None else (point.value, point.note)
