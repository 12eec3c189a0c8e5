"""The places app's staff records: places (edited, never added) and partner organisations."""

from __future__ import annotations

from blmk_portal.records import Record, Section
from places import services
from places.forms import OrganisationForm, PlaceForm
from places.models import Organisation, Place

PLACES_AND_ORGANISATIONS = Section("Places and organisations", "places:manage_index")

PLACE = Record(
    model=Place,
    form=PlaceForm,
    prefix="manage/places/",
    section=PLACES_AND_ORGANISATIONS,
    noun="place",
    caption=lambda place: "Place",
    update=services.place_update,
    after_save=lambda place: place.get_absolute_url(),
)

ORGANISATION = Record(
    model=Organisation,
    form=OrganisationForm,
    prefix="manage/organisations/",
    section=PLACES_AND_ORGANISATIONS,
    noun="organisation",
    caption=lambda organisation: organisation.get_kind_display(),
    create=services.organisation_create,
    update=services.organisation_update,
    after_save=lambda organisation: organisation.get_absolute_url(),
    edit_note="An organisation that has closed or merged is retired, never deleted: papers from its time still "
    "name it.",
)
