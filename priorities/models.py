"""Plans, their priorities and programmes, milestones with a status per reporting period, sign-offs, and risks."""

from __future__ import annotations

import pghistory
import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from blmk_portal.editing import VersionedModel
from blmk_portal.identity import Identified, Orderable, Slugged
from blmk_portal.models import SourceDocument
from blmk_portal.publication import Audience, Publishable, Restricted, VisibleQuerySet
from blmk_portal.rag import Rag
from places.models import Place

PLACES_HELP = "None means BLMK-wide"


@pghistory.track()
class Plan(Identified, Slugged, Orderable, Publishable, VersionedModel):
    class State(models.TextChoices):
        CURRENT = "current", "Current"
        CLOSED = "closed", "Closed"
        SUPERSEDED = "superseded", "Superseded"

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    period = models.CharField(max_length=50, help_text="As the plan states it, e.g. 2018/19 or 2016/17-2020/21")
    version_label = models.CharField(max_length=100, blank=True, help_text="e.g. V0.23 FINAL DRAFT")
    summary = models.TextField(max_length=3000, blank=True)
    headline_figures = models.TextField(max_length=2000, blank=True, help_text="As the plan prints them, one a line")
    # Where a plan names no leads, what it says of them instead (the 2021 paper: still being appointed).
    leads_note = models.CharField("what the plan says of its leads", max_length=300, blank=True)
    published_on = models.CharField("date of the source document", max_length=100, blank=True)
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Only a current plan's milestones are in the reporting round; the public list shows it first.
    state = models.CharField(max_length=20, choices=State.choices, default=State.CURRENT)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )

    objects = VisibleQuerySet.as_manager()

    url_identity = {"plan": "slug"}

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="superseded", superseded_by__isnull=False)
                | (~Q(state="superseded") & Q(superseded_by__isnull=True)),
                name="plan_superseded_names_its_successor",
            ),
            models.CheckConstraint(condition=~Q(superseded_by=models.F("pk")), name="plan_not_superseded_by_itself"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("priorities:plan_detail", kwargs={"plan": self.slug})

    @property
    def is_current(self) -> bool:
        return self.state == self.State.CURRENT


class Overridable(models.Model):
    """A derived RAG may be overridden, but only with a reason, and the page shows both."""

    rag_override = models.CharField("overall status override", max_length=10, choices=Rag.choices, blank=True)
    rag_override_reason = models.TextField("reason for the override", max_length=1000, blank=True)

    class Meta:
        abstract = True


@pghistory.track()
class Priority(Identified, Slugged, Orderable, Publishable, Overridable, VersionedModel):
    class Kind(models.TextChoices):
        # Each plan's own words: the 2016 summary's ‘front line’ and ‘behind the scenes’ priorities, the 2018/19
        # plan's enabling workstreams, the 2021 paper's cross-cutting enablers.
        PRIORITY = "priority", "Priority"
        FRONT_LINE = "front_line", "Front line"
        ENABLER = "enabler", "Enabler (behind the scenes)"
        ENABLING_WORKSTREAM = "enabling_workstream", "Enabling workstream"
        CROSS_CUTTING_ENABLER = "cross_cutting", "Cross-cutting enabler"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="priorities")
    code = models.CharField(max_length=10, help_text="Within its plan, e.g. P1")
    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PRIORITY)
    aim = models.CharField(max_length=500, blank=True)
    description = models.TextField(max_length=20000, blank=True, help_text="Markdown")
    senior_responsible_officer = models.CharField(max_length=200, blank=True)
    lead = models.CharField(max_length=200, blank=True)
    clinical_lead = models.CharField(max_length=200, blank=True)
    lived_experience_lead = models.CharField(max_length=200, blank=True)
    places = models.ManyToManyField(Place, through="PriorityPlace", blank=True, related_name="+", help_text=PLACES_HELP)
    source_quote = models.CharField(max_length=500, blank=True)

    objects = VisibleQuerySet.as_manager()

    url_identity = {"plan": "plan__slug", "priority": "slug"}
    slug_source = ("code", "title")
    slug_within = order_within = "plan"
    visibility_parents = ("plan",)

    class Meta:
        ordering = ["plan", "order", "code"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="priority_code_unique_in_plan"),
            models.UniqueConstraint(fields=["plan", "slug"], name="priority_slug_unique_in_plan"),
            models.CheckConstraint(
                condition=Q(rag_override="") | ~Q(rag_override_reason=""), name="priority_override_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("priorities:priority_detail", kwargs=self.url_kwargs())


@pghistory.track()
class Programme(Identified, Slugged, Orderable, Publishable, Overridable, VersionedModel):
    """A programme, workstream, enabling group or national must-do under a priority."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", "Programme"
        WORKSTREAM = "workstream", "Workstream"
        ENABLING_GROUP = "enabling_group", "Enabling group"
        NATIONAL_MUST_DO = "national_must_do", "National must-do"

    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="programmes")
    slug = models.SlugField(max_length=200)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PROGRAMME)
    lead = models.CharField(max_length=200, blank=True)
    description = models.TextField(max_length=20000, blank=True, help_text="Markdown")
    places = models.ManyToManyField(
        Place, through="ProgrammePlace", blank=True, related_name="+", help_text=PLACES_HELP
    )
    source_quote = models.CharField(max_length=500, blank=True)

    objects = VisibleQuerySet.as_manager()

    url_identity = {"plan": "priority__plan__slug", "priority": "priority__slug", "programme": "slug"}
    slug_within = order_within = "priority"
    visibility_parents = ("priority",)

    class Meta:
        ordering = ["priority", "order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["priority", "slug"], name="programme_slug_unique_in_priority"),
            models.CheckConstraint(
                condition=Q(rag_override="") | ~Q(rag_override_reason=""), name="programme_override_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.priority.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"programme-{self.slug}"


@pghistory.track()
class Milestone(Identified, Orderable, VersionedModel):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(max_length=1000)
    owner = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True)
    quarter = models.CharField(
        max_length=30, blank=True, help_text="As the plan gives it, e.g. Q2 or Ongoing from 17/18"
    )
    places = models.ManyToManyField(
        Place, through="MilestonePlace", blank=True, related_name="+", help_text=PLACES_HELP
    )

    objects = VisibleQuerySet.as_manager()

    url_identity = {"milestone": "pk"}
    order_within = "programme"
    visibility_parents = ("programme",)

    class Meta:
        ordering = ["programme", "order", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.programme.get_absolute_url()


class PlaceLink(models.Model):
    """A record covers a place. Tracked, so a History tab shows places added and removed."""

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.place)


@pghistory.track(pghistory.InsertEvent("added"), pghistory.DeleteEvent("removed"))
class PriorityPlace(PlaceLink):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["priority", "place"], name="priority_place_unique")]


@pghistory.track(pghistory.InsertEvent("added"), pghistory.DeleteEvent("removed"))
class ProgrammePlace(PlaceLink):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "place"], name="programme_place_unique")]


@pghistory.track(pghistory.InsertEvent("added"), pghistory.DeleteEvent("removed"))
class MilestonePlace(PlaceLink):
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["milestone", "place"], name="milestone_place_unique")]


class SignOff(models.Model):
    """A programme's statuses for a reporting period made public: signed off by its SRO or the programme office.
    Once only: a period signed off stays signed off, and corrections after it are dated revisions."""

    class As(models.TextChoices):
        SRO = "sro", "The senior responsible officer"
        PROGRAMME_OFFICE = "programme_office", "The programme office"
        # Statuses entered before sign-off existed were public as typed; the migration kept them public.
        BEFORE_SIGN_OFF = "before_sign_off", "Published before sign-off began"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="sign_offs")
    reporting_period = models.CharField(max_length=20)
    signed_off_as = models.CharField(max_length=20, choices=As.choices)
    sro_name = models.CharField("SRO named at the time", max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reporting_period", "programme"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "reporting_period"], name="one_sign_off_per_programme_period"),
            models.CheckConstraint(
                condition=Q(signed_off_as="before_sign_off") | Q(by__isnull=False), name="sign_off_says_who"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} signed off for {self.reporting_period}"


class StatusUpdateQuerySet(VisibleQuerySet):
    def standing(self) -> StatusUpdateQuerySet:
        """The record as it stands: neither replaced by a correction nor withdrawn."""
        return self.filter(replaced_at__isnull=True, withdrawn_at__isnull=True)

    def newest_period_first(self) -> StatusUpdateQuerySet:
        # "2026/27 Q3" sorts as text in time order: the latest period wins, not the last one typed.
        return self.order_by("-reporting_period", "-created_at", "-pk")

    def with_sign_off(self) -> StatusUpdateQuerySet:
        return self.annotate(signed_off=Exists(_sign_off_of(prefix="")))


def _sign_off_of(prefix: str):
    return SignOff.objects.filter(
        programme=OuterRef(f"{prefix}milestone__programme"), reporting_period=OuterRef(f"{prefix}reporting_period")
    )


@pghistory.track()
class StatusUpdate(models.Model):
    """A milestone's status for one reporting period (at most one standing per period).

    Edited in place while its programme's period is open (the History tab keeps each edit); once signed off,
    a correction is a new dated revision that `corrects` the old one, which stays on record for staff with
    the reason. Staff may withdraw an update, with a reason. The public sees standing, signed-off updates.
    """

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="updates")
    rag = models.CharField("status", max_length=10, choices=Rag.choices)
    commentary = models.TextField(max_length=5000, blank=True)
    reporting_period = models.CharField(max_length=20, help_text="e.g. 2026/27 Q3")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField("last changed", auto_now=True)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction", editable=False
    )
    reason = models.TextField("reason for the correction", max_length=1000, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.TextField("reason for withdrawing it", max_length=1000, blank=True)

    objects = StatusUpdateQuerySet.as_manager()

    visibility_parents = ("milestone",)

    class Meta:
        ordering = ["-reporting_period", "-created_at", "-pk"]
        get_latest_by = ["reporting_period", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(rag__in=[Rag.RED, Rag.AMBER]) | ~Q(commentary=""),
                name="red_and_amber_updates_have_commentary",
            ),
            models.UniqueConstraint(
                fields=["milestone", "reporting_period"],
                condition=Q(replaced_at__isnull=True, withdrawn_at__isnull=True),
                name="one_status_per_milestone_per_period",
            ),
            models.CheckConstraint(
                condition=Q(reporting_period__regex=r"^[0-9]{4}/[0-9]{2} Q[1-4]$"), name="status_period_is_a_quarter"
            ),
            models.CheckConstraint(condition=Q(corrects__isnull=True) | ~Q(reason=""), name="correction_has_reason"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | (~Q(withdrawn_reason="") & Q(withdrawn_by__isnull=False)),
                name="withdrawal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rag_display()} for {self.milestone} ({self.reporting_period})"

    @staticmethod
    def visible_when(prefix: str) -> Q:
        """Beyond its milestone's visibility (publication.py): standing, and its programme signed off for its period."""
        return Q(**{f"{prefix}replaced_at__isnull": True, f"{prefix}withdrawn_at__isnull": True}) & Q(
            Exists(_sign_off_of(prefix))
        )

    @property
    def is_standing(self) -> bool:
        return self.replaced_at is None and self.withdrawn_at is None


def _score_validators():
    return [MinValueValidator(1), MaxValueValidator(5)]


@pghistory.track()
class Risk(Identified, Restricted, VersionedModel):
    """A risk scored as likelihood (1-5) x consequence (1-5): inherent, current and target.

    It threatens a priority, and may name a programme of that priority; the database holds it to that.
    Its audience is everyone (once what it threatens is published) or the programme office only.
    """

    class State(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=300)
    description = models.TextField(max_length=5000, blank=True)
    owner = models.CharField(max_length=200, blank=True)
    cause = models.TextField(max_length=2000, blank=True)
    effect = models.TextField(max_length=2000, blank=True)
    inherent_likelihood = models.PositiveSmallIntegerField(validators=_score_validators())
    inherent_consequence = models.PositiveSmallIntegerField(validators=_score_validators())
    current_likelihood = models.PositiveSmallIntegerField(validators=_score_validators())
    current_consequence = models.PositiveSmallIntegerField(validators=_score_validators())
    target_likelihood = models.PositiveSmallIntegerField(validators=_score_validators())
    target_consequence = models.PositiveSmallIntegerField(validators=_score_validators())
    mitigations = models.TextField(max_length=5000, blank=True)
    review_date = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="risks")
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="risks")

    objects = VisibleQuerySet.as_manager()

    url_identity = {"risk": "pk"}
    audiences = (Audience.PUBLIC, Audience.STAFF)
    visibility_parents = ("priority", "programme")

    class Meta:
        ordering = ["-current_likelihood", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    inherent_likelihood__range=(1, 5),
                    inherent_consequence__range=(1, 5),
                    current_likelihood__range=(1, 5),
                    current_consequence__range=(1, 5),
                    target_likelihood__range=(1, 5),
                    target_consequence__range=(1, 5),
                ),
                name="risk_scores_are_1_to_5",
            ),
            Restricted.audience_constraint("risk_audience_is_public_or_staff", (Audience.PUBLIC, Audience.STAFF)),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="risk_programme_belongs_to_its_priority",
                operation=pgtrigger.Insert | pgtrigger.Update,
                when=pgtrigger.Before,
                func="""
                    IF NEW.programme_id IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM priorities_programme
                        WHERE id = NEW.programme_id AND priority_id = NEW.priority_id
                    ) THEN
                        RAISE EXCEPTION 'A risk''s programme must be a programme of its priority'
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                """,
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.priority.get_absolute_url()}#risks"

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_consequence

    @property
    def current_score(self) -> int:
        return self.current_likelihood * self.current_consequence

    @property
    def target_score(self) -> int:
        return self.target_likelihood * self.target_consequence


@pghistory.track()
class HighlightReport(VersionedModel):
    """What a programme's highlight report says for one reporting period, beside its statuses: written by staff,
    edited with history, and read by the public and boards once the programme is signed off for that period."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="highlight_reports")
    reporting_period = models.CharField(max_length=20, help_text="e.g. 2026/27 Q3")
    achievements = models.TextField("achievements this period", max_length=5000, blank=True)
    planned_next = models.TextField("planned for next period", max_length=5000, blank=True)
    issues_and_risks = models.TextField("issues and risks", max_length=5000, blank=True)
    decisions_needed = models.TextField("decisions or support needed from the board", max_length=5000, blank=True)

    objects = VisibleQuerySet.as_manager()

    visibility_parents = ("programme",)

    class Meta:
        ordering = ["programme", "-reporting_period"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "reporting_period"], name="one_highlight_report_per_period"),
            models.CheckConstraint(
                condition=Q(reporting_period__regex=r"^[0-9]{4}/[0-9]{2} Q[1-4]$"),
                name="highlight_report_period_is_a_quarter",
            ),
        ]

    def __str__(self) -> str:
        return f"Highlight report of {self.programme} for {self.reporting_period}"

    @staticmethod
    def visible_when(prefix: str) -> Q:
        """Beyond its programme's visibility: it goes public with the period's statuses, when signed off."""
        return Q(
            Exists(
                SignOff.objects.filter(
                    programme=OuterRef(f"{prefix}programme"), reporting_period=OuterRef(f"{prefix}reporting_period")
                )
            )
        )


# Tracker uploads' models, kept in a module of their own; imported here so they are registered with the app's
# other models, before the content generation's trigger is put on every content table (ADR 6).
from priorities.tracker_models import TrackerChange, TrackerImport  # noqa: E402, F401
