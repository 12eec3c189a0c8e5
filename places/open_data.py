"""The places app's open datasets (blmk_portal/open_data.py): the four places and the partner organisations."""

from __future__ import annotations

from blmk_portal.open_data import DATE, INTEGER, TEXT, TEXT_LIST, URL, Dataset, Field
from places.models import Organisation, Place


def place_rows(user):
    for place in Place.objects.visible_to(user).order_by("name"):
        yield {
            "slug": place.slug,
            "name": place.name,
            "kind": place.get_kind_display(),
            "population": place.population,
            "population_year": place.population_year,
            "population_source": place.population_source,
            "profile": place.profile,
            "page": place.get_absolute_url(),
        }


def organisation_rows(user):
    organisations = (
        Organisation.objects.visible_to(user).select_related("succeeded_by").prefetch_related("places").order_by("name")
    )
    for organisation in organisations:
        yield {
            "slug": organisation.slug,
            "name": organisation.name,
            "short_name": organisation.short_name,
            "kind": organisation.get_kind_display(),
            "places": sorted(place.name for place in organisation.places.all()),
            "website": organisation.website,
            "active_from": organisation.active_from,
            "active_to": organisation.active_to,
            "succeeded_by": organisation.succeeded_by.slug if organisation.succeeded_by else "",
            "page": organisation.get_absolute_url(),
        }


PLACES = Dataset(
    slug="places",
    title="Places",
    description="The four places of Bedfordshire, Luton and Milton Keynes, each a local authority area, with the "
    "population the portal gives for it and its source.",
    fields=(
        Field("slug", TEXT, "The place's identifier in the portal's addresses", "luton"),
        Field("name", TEXT, "The place's name", "Luton"),
        Field("kind", TEXT, "What kind of place it is", "Local authority area"),
        Field("population", INTEGER, "Its population, as its source gives it; empty if none", "214000"),
        Field("population_year", INTEGER, "The year the population estimate is for (2015: mid-2015)", "2015"),
        Field(
            "population_source",
            TEXT,
            "Where the population figure comes from, as printed",
            "Mid-2015 population estimates from the Office of National Statistics. …",
        ),
        Field(
            "profile",
            TEXT,
            "A short description of the place",
            "Luton – one of the most ethnically diverse populations in the country. …",
        ),
        Field("page", URL, "The place's page on the portal", "/places/luton/ (as a full address)"),
    ),
    rows=place_rows,
    tables=("places.Place",),
)

ORGANISATIONS = Dataset(
    slug="organisations",
    title="Partner organisations",
    description="The partner organisations, past and present: councils, NHS commissioners and providers, networks, "
    "voluntary bodies and regional NHS bodies, with the places they serve and, for one that has been retired, "
    "when it ended and its successor.",
    fields=(
        Field("slug", TEXT, "The organisation's identifier in the portal's addresses", "luton-borough-council"),
        Field("name", TEXT, "Its name", "Luton Borough Council"),
        Field("short_name", TEXT, "Its short name, as returns and uploads name it", "LBC"),
        Field("kind", TEXT, "What kind of organisation it is", "Council"),
        Field("places", TEXT_LIST, "The places it serves, by name", "Luton"),
        Field("website", URL, "Its own website; empty if none is recorded", ""),
        Field("active_from", DATE, "The day it began, where known", ""),
        Field("active_to", DATE, "The last day it existed; empty while it exists", ""),
        Field(
            "succeeded_by",
            TEXT,
            "The slug of the organisation that replaced it; empty if none",
            "blmk-ccg (for NHS Luton CCG)",
        ),
        Field("page", URL, "Its page on the portal", "/organisations/luton-borough-council/ (as a full address)"),
    ),
    rows=organisation_rows,
    tables=("places.Organisation", "places.OrganisationPlace"),
)

DATASETS = (PLACES, ORGANISATIONS)
