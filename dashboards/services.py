"""Every write to indicators: atomic, attributed, and checked here. Figures are written by imports.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from blmk_portal.services import record_create, record_remove, record_update
from dashboards.models import ChangePoint, Indicator, validate_code


def indicator_create(*, values: dict[str, Any], by) -> Indicator:
    values = {**values, "code": values["code"].strip().upper()}
    try:
        validate_code(values["code"])
    except ValidationError as error:
        raise ValidationError({"code": error.messages}) from None
    other = Indicator.objects.filter(code=values["code"]).first()
    if other is not None:
        raise ValidationError({"code": f"{other.name} already has the code {values['code']}: choose another"})
    return record_create(model=Indicator, values=values, by=by)


def indicator_update(*, indicator: Indicator, opened_at_version: int, values: dict[str, Any], by) -> Indicator:
    return record_update(item=indicator, opened_at_version=opened_at_version, values=values, by=by)


def changepoint_create(*, indicator: Indicator, values: dict[str, Any], by) -> ChangePoint:
    values = _change_point_values(values)
    _check_change_point_is_new(indicator, values, ChangePoint.objects.all())
    return record_create(model=ChangePoint, values={**values, "indicator": indicator}, by=by)


def changepoint_update(*, changepoint: ChangePoint, opened_at_version: int, values: dict[str, Any], by) -> ChangePoint:
    values = _change_point_values(values)
    _check_change_point_is_new(changepoint.indicator, values, ChangePoint.objects.exclude(pk=changepoint.pk))
    return record_update(item=changepoint, opened_at_version=opened_at_version, values=values, by=by)


def changepoint_remove(*, changepoint: ChangePoint, opened_at_version: int, by) -> None:
    record_remove(item=changepoint, opened_at_version=opened_at_version, by=by)


def _change_point_values(values: dict[str, Any]) -> dict[str, Any]:
    """The form's month and year as the first day of the month, which is how periods are kept."""
    values = dict(values)
    values["period"] = dt.date(values.pop("year"), int(values.pop("month")), 1)
    return values


def _check_change_point_is_new(indicator: Indicator, values: dict[str, Any], others) -> None:
    if others.filter(indicator=indicator, area=values.get("area"), period=values["period"]).exists():
        where = values["area"].name if values.get("area") else "every area"
        raise ValidationError({"month": f"There is already a change point from {values['period']:%B %Y} for {where}"})
