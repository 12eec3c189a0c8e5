"""Plans, their priorities and programmes, milestones with append-only status updates, and risks."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from blmk_portal.editing import VersionedModel
from blmk_portal.models import SourceDocument
from blmk_portal.publication import Publishable, PublishableQuerySet
from blmk_portal.roles import is_programme_office
from places.models import Place


class Rag(models.TextChoices):
    """Delivery status. Every RAG is shown with its word, never by colour alone."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue (complete)"
    GREY = "grey", "Grey (not reported)"


@pghistory.track()
class Plan(Publishable, VersionedModel):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    period = models.CharField(max_length=50, help_text="As the plan states it, e.g. 2018/19 or 2016/17-2020/21")
    version_label = models.CharField(max_length=100, blank=True, help_text="e.g. V0.23 FINAL DRAFT")
    summary = models.TextField(max_length=3000, blank=True)
    published_on = models.CharField("date of the source document", max_length=100, blank=True)
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveIntegerField(default=0)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title


class PriorityQuerySet(PublishableQuerySet):
    published_parents = ("plan",)


class Overridable(models.Model):
    """A derived RAG may be overridden, but only with a reason, and the page shows both."""

    rag_override = models.CharField("overall status override", max_length=10, choices=Rag.choices, blank=True)
    rag_override_reason = models.TextField("reason for the override", max_length=1000, blank=True)

    class Meta:
        abstract = True


@pghistory.track()
class Priority(Publishable, Overridable, VersionedModel):
    class Kind(models.TextChoices):
        FRONT_LINE = "front_line", "Front line"
        ENABLER = "enabler", "Enabler (behind the scenes)"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="priorities")
    code = models.CharField(max_length=10, help_text="Within its plan, e.g. P1")
    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FRONT_LINE)
    aim = models.CharField(max_length=500, blank=True)
    description = models.TextField(max_length=20000, blank=True, help_text="Markdown")
    senior_responsible_officer = models.CharField(max_length=200, blank=True)
    lead = models.CharField(max_length=200, blank=True)
    clinical_lead = models.CharField(max_length=200, blank=True)
    lived_experience_lead = models.CharField(max_length=200, blank=True)
    places = models.ManyToManyField(Place, blank=True, related_name="+", help_text="None means BLMK-wide")
    order = models.PositiveIntegerField(default=0)
    source_quote = models.CharField(max_length=500, blank=True)

    objects = PriorityQuerySet.as_manager()

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


class ProgrammeQuerySet(PublishableQuerySet):
    published_parents = ("priority", "priority__plan")


@pghistory.track()
class Programme(Publishable, Overridable, VersionedModel):
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
    places = models.ManyToManyField(Place, blank=True, related_name="+", help_text="None means BLMK-wide")
    order = models.PositiveIntegerField(default=0)
    source_quote = models.CharField(max_length=500, blank=True)

    objects = ProgrammeQuerySet.as_manager()

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


class MilestoneQuerySet(models.QuerySet):
    def visible_to(self, user) -> MilestoneQuerySet:
        if is_programme_office(user):
            return self
        return self.filter(programme__in=Programme.objects.published())


@pghistory.track()
class Milestone(VersionedModel):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(max_length=1000)
    owner = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True)
    quarter = models.CharField(
        max_length=30, blank=True, help_text="As the plan gives it, e.g. Q2 or Ongoing from 17/18"
    )
    places = models.ManyToManyField(Place, blank=True, related_name="+", help_text="None means BLMK-wide")
    order = models.PositiveIntegerField(default=0)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "order", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class StatusUpdate(models.Model):
    """One report on a milestone. Append-only: updates are never edited or deleted; the history is the record."""

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="updates")
    rag = models.CharField("status", max_length=10, choices=Rag.choices)
    commentary = models.TextField(max_length=5000, blank=True)
    reporting_period = models.CharField(max_length=20, help_text="e.g. 2026/27 Q3")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        constraints = [
            models.CheckConstraint(
                condition=~Q(rag__in=[Rag.RED, Rag.AMBER]) | ~Q(commentary=""),
                name="red_and_amber_updates_have_commentary",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_rag_display()} for {self.milestone} ({self.reporting_period})"


class RiskQuerySet(models.QuerySet):
    def visible_to(self, user) -> RiskQuerySet:
        if is_programme_office(user):
            return self
        published_priorities = Priority.objects.published()
        published_programmes = Programme.objects.published()
        return self.filter(confidential=False).filter(
            Q(priority__in=published_priorities) | Q(programme__in=published_programmes)
        )


def _score_validators():
    return [MinValueValidator(1), MaxValueValidator(5)]


@pghistory.track()
class Risk(VersionedModel):
    """A risk scored as likelihood (1-5) x consequence (1-5): inherent, current and target."""

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
    priority = models.ForeignKey(Priority, null=True, blank=True, on_delete=models.PROTECT, related_name="risks")
    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="risks")
    confidential = models.BooleanField(default=False, help_text="Confidential risks never appear in public")

    objects = RiskQuerySet.as_manager()

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
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_consequence

    @property
    def current_score(self) -> int:
        return self.current_likelihood * self.current_consequence

    @property
    def target_score(self) -> int:
        return self.target_likelihood * self.target_consequence
