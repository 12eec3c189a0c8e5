from __future__ import annotations

import datetime as dt

import pghistory
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from blmk_portal.editing import VersionedModel
from blmk_portal.identity import Identified, Slugged
from blmk_portal.models import SourceDocument
from blmk_portal.publication import VisibleQuerySet


@pghistory.track()
class Place(Identified, VersionedModel):
    """One of the four places: public reference data, so it has no publication status of its own."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY_AREA = "local_authority_area", "Local authority area"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.LOCAL_AUTHORITY_AREA)
    population = models.PositiveIntegerField(null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year the population estimate is for, e.g. 2015 for mid-2015"
    )
    population_source = models.CharField(max_length=300, blank=True)
    profile = models.TextField(max_length=2000, blank=True, help_text="A short description of the place")
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = VisibleQuerySet.as_manager()

    url_identity = {"place": "slug"}

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:place_detail", kwargs=self.url_kwargs())


class OrganisationQuerySet(VisibleQuerySet):
    # Retired organisations stay public, with no publication status: papers from their time still name them.

    def active(self, on: dt.date | None = None) -> OrganisationQuerySet:
        """Existing on that day: started (or no start recorded), not ended, and not replaced by a successor."""
        on = on or timezone.localdate()
        return self.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=on),
            Q(active_to__isnull=True) | Q(active_to__gte=on),
            succeeded_by__isnull=True,
        )


@pghistory.track()
class Organisation(Identified, Slugged, VersionedModel):
    """A partner body: council, NHS commissioner or provider, network, voluntary body or regional NHS.

    Organisations are never deleted once anything refers to them; they are retired with an end date, so
    the 2016 partners and their 2021 successors both hold.
    """

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        CCG_ICB = "ccg_icb", "Clinical commissioning group or integrated care board"
        ACUTE_TRUST = "acute_trust", "Acute (hospital) trust"
        COMMUNITY_MENTAL_HEALTH_TRUST = "community_mental_health_trust", "Community or mental health trust"
        AMBULANCE_TRUST = "ambulance_trust", "Ambulance trust"
        PRIMARY_CARE_NETWORK = "primary_care_network", "Primary care network or cluster"
        VOLUNTARY_SECTOR = "voluntary_sector", "Voluntary sector"
        HEALTHWATCH = "healthwatch", "Healthwatch"
        REGIONAL_NHS = "regional_nhs", "Regional NHS body"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, unique=True)
    kind = models.CharField("kind of organisation", max_length=40, choices=Kind.choices)
    website = models.URLField(blank=True)
    places = models.ManyToManyField(Place, through="OrganisationPlace", related_name="organisations", blank=True)
    active_from = models.DateField(null=True, blank=True)
    active_to = models.DateField(
        "last day it existed", null=True, blank=True, help_text="The last day it existed; empty while active"
    )
    succeeded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors"
    )
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source_quote = models.CharField(max_length=500, blank=True)

    objects = OrganisationQuerySet.as_manager()

    url_identity = {"organisation": "slug"}
    slug_source = ("name",)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_from__isnull=True) | Q(active_to__gte=F("active_from")),
                name="organisation_active_to_after_active_from",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:organisation_detail", kwargs=self.url_kwargs())

    @property
    def is_retired(self) -> bool:
        # The seeds often name a successor without printing the date it took over.
        ended = self.active_to is not None and self.active_to < timezone.localdate()
        return ended or self.succeeded_by_id is not None

    @property
    def is_not_yet_active(self) -> bool:
        return self.active_from is not None and self.active_from > timezone.localdate()


@pghistory.track(pghistory.InsertEvent("added"), pghistory.DeleteEvent("removed"))
class OrganisationPlace(models.Model):
    """An organisation serves a place. Tracked so the History tab shows places added and removed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    place = models.ForeignKey(Place, on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "place"], name="organisation_place_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} serves {self.place}"
