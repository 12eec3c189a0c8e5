"""How places and organisations read on the page: labels, periods, status words and groupings."""

from __future__ import annotations

from dataclasses import dataclass

from blmk_portal.formatting import date, number
from places.models import Organisation, Place

# The order a reader looks for them on a place page: who commissions, who provides, who else is there.
KIND_ORDER = [
    Organisation.Kind.COUNCIL,
    Organisation.Kind.CCG_ICB,
    Organisation.Kind.ACUTE_TRUST,
    Organisation.Kind.COMMUNITY_MENTAL_HEALTH_TRUST,
    Organisation.Kind.AMBULANCE_TRUST,
    Organisation.Kind.PRIMARY_CARE_NETWORK,
    Organisation.Kind.HEALTHWATCH,
    Organisation.Kind.VOLUNTARY_SECTOR,
    Organisation.Kind.REGIONAL_NHS,
]


class OrganisationPresenter:
    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation

    @property
    def kind(self) -> str:
        return self.organisation.get_kind_display()

    @property
    def status(self) -> dict[str, str]:
        """A tag: the word says the status; colour only repeats it."""
        if self.organisation.is_retired:
            return {"text": "Retired", "classes": "nhsuk-tag--grey"}
        return {"text": "Active", "classes": "nhsuk-tag--green"}

    @property
    def period(self) -> str:
        start, end = self.organisation.active_from, self.organisation.active_to
        if self.organisation.succeeded_by_id and not end:
            return f"Until succeeded by {self.organisation.succeeded_by} (date not recorded)"
        if start and end:
            return f"{date(start)} to {date(end)}"
        if end:
            return f"Until {date(end)}"
        if start:
            return f"Since {date(start)}"
        return "Dates not recorded"


@dataclass
class OrganisationGroup:
    heading: str
    organisations: list[OrganisationPresenter]


def group_by_kind(organisations: list[Organisation]) -> list[OrganisationGroup]:
    groups = []
    for kind in KIND_ORDER:
        members = [OrganisationPresenter(org) for org in organisations if org.kind == kind]
        if members:
            groups.append(OrganisationGroup(Organisation.Kind(kind).label, members))
    return groups


class PlacePresenter:
    def __init__(self, place: Place) -> None:
        self.place = place

    @property
    def population(self) -> str:
        if self.place.population is None:
            return "Not recorded"
        if self.place.population_year:
            return f"{number(self.place.population)} (mid-{self.place.population_year} estimate)"
        return number(self.place.population)
