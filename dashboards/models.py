"""Indicators (KPIs), the areas they are reported for, and their points: actual values, plans, targets.

An indicator is published or a draft; its points and change points are seen only where it is (`visibility_parents`).
A point belongs to one series, named by indicator, area and kind (actual, plan, target), and one month: a
quarter is kept as its last month, a year as the month it was reported for. Points come from the seed documents
(`source`) or from an upload (`loaded_by`, an `Import`), which can be rolled back as a unit.
"""

from __future__ import annotations

import re

import pghistory
import pgtrigger
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from blmk_portal.editing import VersionedModel
from blmk_portal.identity import Identified
from blmk_portal.models import SourceDocument
from blmk_portal.publication import Publishable, Status, VisibleQuerySet
from blmk_portal.rag import Rag
from dashboards import rag_rules, spc
from places.models import Organisation, Place

CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]{1,19}$")
# The system's area code, beside places' slugs and organisations' short names.
SYSTEM_CODE = "BLMK"
SYSTEM_NAME = "Bedfordshire, Luton and Milton Keynes"


def validate_code(code: str) -> None:
    if not CODE_PATTERN.match(code):
        raise ValidationError(
            "A code is 2 to 20 capital letters, digits or underscores, starting with a letter, like AE4HR"
        )


@pghistory.track()
class Indicator(Identified, Publishable, VersionedModel):
    """A measure the partnership reports (a KPI), with how to read it: its unit, which way is better, how often it
    is reported, and how far short of plan still counts as Amber."""

    # The rules' own choices, so the stored values and the rules that read them are one definition.
    Unit = rag_rules.Unit
    Direction = spc.Direction
    Frequency = rag_rules.Frequency
    Tolerance = rag_rules.ToleranceKind

    code = models.CharField(
        max_length=20, unique=True, validators=[validate_code], help_text="Stable: returns name it, e.g. AE4HR"
    )
    name = models.CharField(max_length=300)
    definition = models.TextField(max_length=3000, blank=True)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    decimals = models.PositiveSmallIntegerField("decimal places shown", default=1)
    tolerance_kind = models.CharField(
        "kind of tolerance", max_length=10, choices=Tolerance.choices, default=Tolerance.ABSOLUTE
    )
    tolerance = models.DecimalField(
        "Amber tolerance",
        max_digits=12,
        decimal_places=4,
        default=0,
        help_text="How far short of plan (or target) still counts as Amber; 0 means any shortfall is Red",
    )
    data_source = models.CharField(
        "source of the data", max_length=300, blank=True, help_text="e.g. NHS England A&E attendances return"
    )
    owner = models.CharField(max_length=200, blank=True, help_text="Who reports it, e.g. BLMK CCG performance team")
    priorities = models.ManyToManyField(
        "priorities.Priority", through="IndicatorPriority", blank=True, related_name="indicators"
    )
    programmes = models.ManyToManyField(
        "priorities.Programme", through="IndicatorProgramme", blank=True, related_name="indicators"
    )
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source_quote = models.CharField("as printed", max_length=500, blank=True)

    objects = VisibleQuerySet.as_manager()

    url_identity = {"indicator": "code"}

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(decimals__lte=4), name="indicator_decimals_at_most_4"),
            models.CheckConstraint(condition=Q(tolerance__gte=0), name="indicator_tolerance_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/dashboards/indicators/{self.code}/"


# The links of an indicator to what it evidences: tracked, so its History shows each added and removed (ADR 4).


@pghistory.track(pghistory.InsertEvent("added"), pghistory.DeleteEvent("removed"))
class IndicatorPriority(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE)
    priority = models.ForeignKey("priorities.Priority", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "priority"], name="indicator_priority_unique")]

    def __str__(self) -> str:
        return str(self.priority)


@pghistory.track(pghistory.InsertEvent("added"), pghistory.DeleteEvent("removed"))
class IndicatorProgramme(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE)
    programme = models.ForeignKey("priorities.Programme", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "programme"], name="indicator_programme_unique")]

    def __str__(self) -> str:
        return str(self.programme)


class AreaQuerySet(models.QuerySet):
    def with_names(self) -> AreaQuerySet:
        return self.select_related("place", "organisation")


class Area(models.Model):
    """What a series is reported for: the BLMK system, one of the places, or one partner organisation.

    A row per place or organisation that has figures, pointing at it, so its code and name are always the
    place's slug and name or the organisation's short name and name, never a copy that could drift.
    """

    class Kind(models.TextChoices):
        SYSTEM = "system", "The BLMK system"
        PLACE = "place", "Place"
        ORGANISATION = "organisation", "Organisation"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    place = models.OneToOneField(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="area")
    organisation = models.OneToOneField(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="area"
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="system", place__isnull=True, organisation__isnull=True)
                    | Q(kind="place", place__isnull=False, organisation__isnull=True)
                    | Q(kind="organisation", place__isnull=True, organisation__isnull=False)
                ),
                name="area_kind_matches_what_it_points_at",
            ),
            models.UniqueConstraint(fields=["kind"], condition=Q(kind="system"), name="area_one_system"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        """As an upload names it: BLMK, a place's slug (luton), an organisation's short name (MKUH)."""
        if self.kind == self.Kind.PLACE:
            return self.place.slug
        if self.kind == self.Kind.ORGANISATION:
            return self.organisation.short_name
        return SYSTEM_CODE

    @property
    def name(self) -> str:
        if self.kind == self.Kind.PLACE:
            return self.place.name
        if self.kind == self.Kind.ORGANISATION:
            return self.organisation.name
        return SYSTEM_NAME


class Kind(models.TextChoices):
    """The series a point belongs to. Plan and target are kept apart from the actual values and each other."""

    ACTUAL = "actual", "Actual"
    PLAN = "plan", "Plan (the operating plan's trajectory for the month)"
    TARGET = "target", "Target (the national standard or the annual operating-plan target)"


class Note(models.TextChoices):
    NONE = "", "None"
    UNVALIDATED = "unvalidated", "Unvalidated"
    NOT_REPORTED = "not_reported", "Not reported"
    NO_PATIENTS = "no_patients", "No patients (NP)"
    COLLECTION_SUSPENDED = "collection_suspended", "Collection suspended"


# A point with no value says why.
NOTES_WITHOUT_VALUE = (Note.NOT_REPORTED, Note.NO_PATIENTS)


class PointQuerySet(VisibleQuerySet):
    def series(self, indicator: Indicator, area: Area, kind: str = Kind.ACTUAL) -> PointQuerySet:
        return self.filter(indicator=indicator, area=area, kind=kind).order_by("period")


# Statement-level triggers: an upload writes thousands of points in a few statements, and one trigger call per
# statement keeps its history at a fraction of the cost of one per row.
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), level=pgtrigger.Statement)
class Point(models.Model):
    """One period's figure in one series. Every insert, change and removal is kept in its history (pghistory's
    triggers see bulk writes too), with the upload that made it in the context."""

    # No index of its own: the unique constraint below starts with it. Every index costs an upload time.
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="points", db_index=False)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="points")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ACTUAL)
    period = models.DateField(help_text="The first day of the month it is for; a quarter is its last month")
    value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    note = models.CharField(max_length=30, choices=Note.choices, blank=True)
    printed = models.CharField(
        "as printed", max_length=300, blank=True, help_text="The source's words, where they say more than the number"
    )
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    loaded_by = models.ForeignKey(
        "Import", null=True, blank=True, on_delete=models.PROTECT, related_name="points", verbose_name="import"
    )

    objects = PointQuerySet.as_manager()

    visibility_parents = ("indicator",)

    class Meta:
        ordering = ["indicator", "area", "kind", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area", "kind", "period"], name="point_unique_in_series"),
            models.CheckConstraint(condition=Q(period__day=1), name="point_period_is_first_of_month"),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | Q(note__in=[str(note) for note in NOTES_WITHOUT_VALUE]),
                name="point_without_value_says_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.area_id} {self.kind} {self.period:%Y-%m}: {self.value}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ChangePoint(Identified, VersionedModel):
    """Where a process changed (a new pathway, a new way of counting), so SPC limits are worked out afresh from
    this period on. For one area, or for every area where none is named."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="change_points")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    period = models.DateField(help_text="The first month of the new process")
    reason = models.CharField(max_length=500)

    objects = VisibleQuerySet.as_manager()

    url_identity = {"indicator": "indicator__code", "change_point": "pk"}
    visibility_parents = ("indicator",)

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [
            models.CheckConstraint(condition=Q(period__day=1), name="change_point_period_is_first_of_month"),
            models.UniqueConstraint(
                fields=["indicator", "area", "period"], nulls_distinct=False, name="change_point_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} from {self.period:%B %Y}: {self.reason}"


class Import(models.Model):
    """One upload of returns: checked whole, previewed, then committed in one transaction, or not at all.

    The checked rows wait here between the preview and the commit, so the preview survives Back and a second
    send. Each change it committed is kept (`ImportChange`) with the value it replaced, so the whole upload can
    be rolled back, restoring what was there before.
    """

    class State(models.TextChoices):
        PREVIEW = "preview", "Waiting to be committed"
        COMMITTED = "committed", "Committed"
        ROLLED_BACK = "rolled_back", "Rolled back"

    file_name = models.CharField(max_length=255)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PREVIEW)
    rows = models.JSONField(default=list, help_text="The checked rows, until committed")
    row_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    committed_at = models.DateTimeField(null=True, blank=True)
    added = models.PositiveIntegerField("new values", default=0)
    changed = models.PositiveIntegerField("changed values", default=0)
    unchanged = models.PositiveIntegerField("values already held", default=0)
    rolled_back_at = models.DateTimeField(null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Import {self.pk}: {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("dashboards:import_detail", kwargs={"pk": self.pk})


class ImportChange(models.Model):
    """A point an import added or changed, with what it held before (nothing, for a point it added)."""

    # Indexed only as it is read: by import (the unique constraint starts with it) and by what it replaced.
    batch = models.ForeignKey(Import, on_delete=models.CASCADE, related_name="changes", db_index=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", db_index=False)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    period = models.DateField()
    is_new = models.BooleanField()
    old_value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    old_note = models.CharField(max_length=30, blank=True)
    old_printed = models.CharField(max_length=300, blank=True)
    old_source = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    old_loaded_by = models.ForeignKey(Import, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    new_value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    new_note = models.CharField(max_length=30, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "indicator", "area", "kind", "period"], name="import_change_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_id} {self.kind} {self.period}"


class PerformanceReportQuerySet(VisibleQuerySet):
    def kept_as_published(self) -> PerformanceReportQuerySet:
        """Reports of published meetings: the board's record, whose figures never change again."""
        return self.filter(paper__meeting__status=Status.PUBLISHED)


class PerformanceReport(models.Model):
    """The integrated performance report as a paper of a meeting: the figures as they were read on `as_at`, kept
    (`ReportFigure`) so the board's record shows what the board saw. They may be read afresh only while the
    meeting is a draft; once it is published they never change. Seen by whoever may see its paper."""

    paper = models.OneToOneField("governance.Paper", on_delete=models.CASCADE, related_name="performance_report")
    as_at = models.DateField(help_text="The day the figures were read: the RAG's 'out of date' is judged on it")
    taken_at = models.DateTimeField(default=timezone.now)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = PerformanceReportQuerySet.as_manager()

    visibility_parents = ("paper",)

    def __str__(self) -> str:
        return f"Performance report as at {self.as_at}"


class ReportFigure(models.Model):
    """One indicator's line of a performance report as it was read: the latest figure with its plan and target,
    and the words the report printed for its RAG, variation, assurance and summary."""

    class Attention(models.TextChoices):
        CONCERN = "concern", "Special cause concern"
        ASSURANCE = "assurance", "Failing assurance"
        NONE = "", "The other indicators"

    report = models.ForeignKey(PerformanceReport, on_delete=models.CASCADE, related_name="figures")
    order = models.PositiveIntegerField()
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="report_figures")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("indicator as named then", max_length=300)
    period = models.DateField(null=True, blank=True, help_text="The latest period with a value; empty: none")
    value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    value_words = models.CharField("latest value as printed", max_length=100, blank=True)
    benchmark_words = models.CharField("plan or target as printed", max_length=100, blank=True)
    rag = models.CharField(max_length=10, choices=Rag.choices)
    rag_words = models.CharField(max_length=500)
    variation = models.CharField(max_length=20, choices=spc.Variation.choices, blank=True)
    assurance = models.CharField(max_length=20, choices=spc.Assurance.choices, blank=True)
    attention = models.CharField(max_length=20, choices=Attention.choices, blank=True)
    summary = models.CharField(max_length=1000)

    class Meta:
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator", "area"], name="report_figure_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.value_words}"
