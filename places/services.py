"""Every write to places and organisations: atomic, attributed to the person who made it, and checked here.

The rules live here, not in the forms: a name or short name another organisation has, and a retirement
that ends before the organisation began or too far ahead, are refused with a message at the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from blmk_portal.formatting import add_years, date
from blmk_portal.services import record_create, record_update
from places.models import Organisation, Place

# How far ahead a retirement may be recorded: mergers are announced months ahead, not decades.
RETIREMENT_HORIZON_YEARS = 5


def place_update(*, place: Place, opened_at_version: int, values: dict[str, Any], by) -> Place:
    name = values.get("name", place.name)
    if Place.objects.exclude(pk=place.pk).filter(name__iexact=name).exists():
        raise ValidationError({"name": f"There is already a place called {name}"})
    if values.get("population") is not None and not values.get("population_year", place.population_year):
        raise ValidationError({"population_year": "Enter the year the population estimate is for"})
    return record_update(item=place, opened_at_version=opened_at_version, values=values, by=by)


def organisation_create(*, values: dict[str, Any], by) -> Organisation:
    _check_names_are_free(values, Organisation.objects.all())
    return record_create(model=Organisation, values=values, by=by)


def organisation_update(
    *, organisation: Organisation, opened_at_version: int, values: dict[str, Any], by
) -> Organisation:
    _check_names_are_free(values, Organisation.objects.exclude(pk=organisation.pk))
    return record_update(item=organisation, opened_at_version=opened_at_version, values=values, by=by)


def organisation_retire(
    *,
    organisation: Organisation,
    opened_at_version: int,
    active_to: dt.date,
    succeeded_by: Organisation | None,
    by,
) -> Organisation:
    """Retiring keeps the organisation and everything that refers to it; it just gains an end date."""
    if organisation.active_from and active_to < organisation.active_from:
        raise ValidationError(
            {"active_to": f"The last day must be on or after the day it started ({date(organisation.active_from)})"}
        )
    latest = add_years(timezone.localdate(), RETIREMENT_HORIZON_YEARS)
    if active_to > latest:
        raise ValidationError({"active_to": f"The last day must be no later than {date(latest)}"})
    if succeeded_by is not None and succeeded_by.pk == organisation.pk:
        raise ValidationError({"succeeded_by": "An organisation cannot succeed itself"})
    return record_update(
        item=organisation,
        opened_at_version=opened_at_version,
        values={"active_to": active_to, "succeeded_by": succeeded_by},
        by=by,
    )


def _check_names_are_free(values: dict[str, Any], others) -> None:
    errors = {}
    name, short_name = values.get("name"), values.get("short_name")
    if name and others.filter(name__iexact=name).exists():
        errors["name"] = f"There is already an organisation called {name}"
    clash = others.filter(short_name__iexact=short_name).first() if short_name else None
    if clash:
        errors["short_name"] = f"{clash.name} already has the short name {short_name}: choose another"
    if errors:
        raise ValidationError(errors)
