"""How places and organisations read on the page: labels, periods, status words and groupings."""

from __future__ import annotations

from dataclasses import dataclass

from blmk_portal.contributions import Task
from blmk_portal.display import action_links, link, links, summary_rows, tag_html
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
        if self.organisation.is_not_yet_active:
            return {"text": "Not yet active", "classes": "nhsuk-tag--blue"}
        return {"text": "Active", "classes": "nhsuk-tag--green"}

    @property
    def period(self) -> str:
        start, end = self.organisation.active_from, self.organisation.active_to
        if self.organisation.is_not_yet_active:
            return f"From {date(start)}"
        if self.organisation.succeeded_by_id and not end:
            return f"Until succeeded by {self.organisation.succeeded_by} (date not recorded)"
        if start and end:
            return f"{date(start)} to {date(end)}"
        if end:
            return f"Until {date(end)}"
        if start:
            return f"Since {date(start)}"
        return "Dates not recorded"

    def manage_cells(self) -> dict[str, object]:
        """Its row on the staff list: retiring is not offered for what is already retired."""
        organisation = self.organisation
        actions = [("Edit", organisation.get_manage_url("edit"))]
        if not organisation.is_retired:
            actions.append(("Retire", organisation.get_manage_url("retire")))
        actions.append(("History", organisation.get_manage_url("history")))
        return {
            "name": link(organisation.name, organisation.get_absolute_url()),
            "kind": self.kind,
            "status": tag_html(self.status),
            "actions": action_links(actions, organisation.name),
        }

    def summary(self) -> list[dict]:
        """The public page's summary list after its status (places, successor and predecessors fetched with it)."""
        organisation = self.organisation
        successor = organisation.succeeded_by
        predecessors = [(other.name, other.get_absolute_url()) for other in organisation.predecessors.all()]
        return summary_rows(
            [
                ("Short name", organisation.short_name),
                ("Active", self.period),
                ("Places served", links((place.name, place.get_absolute_url()) for place in organisation.places.all())),
                ("Website", link(organisation.website, organisation.website) if organisation.website else None),
                ("Succeeded by", link(successor.name, successor.get_absolute_url()) if successor else None),
                ("Formed from", links(predecessors) if predecessors else None),
            ]
        )


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


def awaiting_staff() -> list[Task]:
    """What the programme office should look at on /manage/: profiles to write, successors to record."""
    places = [
        Task("Places without a profile", f"Write a profile for {place.name}", place.get_manage_url())
        for place in Place.objects.filter(profile="")
    ]
    retired = Organisation.objects.filter(active_to__isnull=False, succeeded_by__isnull=True).order_by("name")
    return places + [
        Task(
            "Retired organisations with no successor recorded", organisation.name, organisation.get_manage_url("retire")
        )
        for organisation in retired
    ]
