"""Every write to indicators: atomic, attributed, and checked here. Figures are written by imports.py."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from blmk_portal.services import record_create, record_update
from dashboards.models import Indicator, validate_code


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
