"""A plan's tracker uploaded back from Excel (priorities/tracker.py): the checked file kept for its preview, then
what its commit did, status by status, so the whole upload can be undone as one.

Loaded with the app (apps.py), beside models.py, which other parts of the app keep.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from blmk_portal.rag import Rag
from priorities.models import Milestone, Plan, StatusUpdate


class TrackerImport(models.Model):
    """One upload of a plan's tracker: checked whole, previewed, committed in one transaction, undone as one."""

    class State(models.TextChoices):
        PREVIEW = "preview", "Waiting to be committed"
        COMMITTED = "committed", "Committed"
        UNDONE = "undone", "Undone"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PREVIEW)
    rows = models.JSONField(default=list, help_text="The checked statuses, until committed")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    committed_at = models.DateTimeField(null=True, blank=True)
    added = models.PositiveIntegerField("new statuses", default=0)
    changed = models.PositiveIntegerField("changed statuses", default=0)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Tracker upload {self.pk}: {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("priorities:tracker_import", kwargs={"plan": self.plan.slug, "pk": self.pk})


class TrackerChange(models.Model):
    """A status a tracker upload set, with what stood before it: nothing (new), the values it edited in an open
    period, or the signed-off status its correction replaced."""

    class Kind(models.TextChoices):
        NEW = "new", "New"
        EDIT = "edit", "Changed"
        CORRECTION = "correction", "Corrected"

    batch = models.ForeignKey(TrackerImport, on_delete=models.CASCADE, related_name="changes")
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="+")
    reporting_period = models.CharField(max_length=20)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The status the upload made or edited; gone (null) once an undo removed it.
    update = models.ForeignKey(StatusUpdate, null=True, on_delete=models.SET_NULL, related_name="+")
    replaced = models.ForeignKey(StatusUpdate, null=True, on_delete=models.SET_NULL, related_name="+")
    old_rag = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    old_commentary = models.TextField(blank=True)
    new_rag = models.CharField(max_length=10, choices=Rag.choices)
    new_commentary = models.TextField(blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.milestone} ({self.reporting_period})"
