"""What places gives the portal's search (blmk_portal/search.py): places and partner organisations, and the place
facet."""

from __future__ import annotations

from blmk_portal import search
from blmk_portal.search import Facet, Kind, lines
from places.models import Organisation, Place


def _place_choices(user) -> list[tuple[str, str]]:
    return list(Place.objects.visible_to(user).order_by("name").values_list("slug", "name"))


search.register_facet(Facet(key="place", label="Place", any_label="Any place", choices=_place_choices))

search.register(
    Kind(
        key="place",
        label="Place",
        plural="Places",
        model=Place,
        title=lambda place: place.name,
        summary=lambda place: place.profile,
        facets={"place": "slug"},
    )
)
search.register(
    Kind(
        key="organisation",
        label="Organisation",
        plural="Organisations",
        model=Organisation,
        title=lambda organisation: organisation.name,
        summary=lambda organisation: lines(organisation.short_name, organisation.get_kind_display()),
        facets={"place": "places__slug"},
    )
)
