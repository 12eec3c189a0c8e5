"""Every write to places and organisations: atomic, attributed to the person who made it (history)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pghistory
from django.db import transaction
from django.utils.text import slugify

from blmk_portal.editing import save_versioned
from places.models import Organisation, OrganisationPlace, Place


@transaction.atomic
def place_update(*, place: Place, opened_at_version: int, values: dict[str, Any], by) -> Place:
    with pghistory.context(user=by.pk):
        save_versioned(place, opened_at_version=opened_at_version, values=values)
    return place


@transaction.atomic
def organisation_create(*, values: dict[str, Any], places: list[Place], by) -> Organisation:
    with pghistory.context(user=by.pk):
        organisation = Organisation.objects.create(slug=slugify(values["name"])[:200], **values)
        set_organisation_places(organisation, places)
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, opened_at_version: int, values: dict[str, Any], places: list[Place], by
) -> Organisation:
    with pghistory.context(user=by.pk):
        save_versioned(organisation, opened_at_version=opened_at_version, values=values)
        set_organisation_places(organisation, places)
    return organisation


@transaction.atomic
def organisation_retire(
    *,
    organisation: Organisation,
    opened_at_version: int,
    active_to: dt.date,
    succeeded_by: Organisation | None,
    by,
) -> Organisation:
    """Retiring keeps the organisation and everything that refers to it; it just gains an end date."""
    with pghistory.context(user=by.pk):
        save_versioned(
            organisation,
            opened_at_version=opened_at_version,
            values={"active_to": active_to, "succeeded_by": succeeded_by},
        )
    return organisation


def set_organisation_places(organisation: Organisation, places: list[Place]) -> None:
    # Row by row, so each addition and removal is its own history event.
    wanted = {place.pk for place in places}
    current = set(organisation.places.values_list("pk", flat=True))
    OrganisationPlace.objects.filter(organisation=organisation, place_id__in=current - wanted).delete()
    OrganisationPlace.objects.bulk_create(
        [OrganisationPlace(organisation=organisation, place_id=pk) for pk in sorted(wanted - current)]
    )
