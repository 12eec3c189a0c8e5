"""Saving edits without silently overwriting someone else's.

Edited models carry a `version` that goes up on every save. A form remembers the version it was opened
at; saving with an older version is refused with EditConflict, which names who changed what meanwhile.
"""

from __future__ import annotations

from typing import Any

import pghistory.models
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import F


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class EditConflict(Exception):
    """Someone saved the record after this form was opened."""

    def __init__(self, current: VersionedModel, changed_by: list[str], changes: list[tuple[str, str]]) -> None:
        self.current = current
        self.changed_by = changed_by
        # (field label, what it says now) for each field the other person changed.
        self.changes = changes
        who = ", ".join(changed_by) or "someone else"
        fields = ", ".join(label for label, _ in changes) or "some details"
        super().__init__(
            f"{who} saved changes to {fields} while you were editing. Your changes have not been saved: "
            "check theirs below, then save again."
        )


def save_versioned(instance: VersionedModel, *, opened_at_version: int, values: dict[str, Any]) -> None:
    """Write `values` to the row only if nobody has saved it since `opened_at_version`."""
    model = type(instance)
    updated = model.objects.filter(pk=instance.pk, version=opened_at_version).update(**values, version=F("version") + 1)
    if not updated:
        current = model.objects.get(pk=instance.pk)
        raise EditConflict(current, *_changes_since(current, opened_at_version))
    instance.refresh_from_db()


def _changes_since(instance: VersionedModel, version: int) -> tuple[list[str], list[tuple[str, str]]]:
    events = pghistory.models.Events.objects.tracks(instance).filter(pgh_label="update")
    user_ids: set[int] = set()
    changed: list[str] = []
    for event in events:
        if (event.pgh_data or {}).get("version", 0) <= version:
            continue
        if event.pgh_context and event.pgh_context.get("user"):
            user_ids.add(event.pgh_context["user"])
        changed += [name for name in (event.pgh_diff or {}) if name != "version"]
    people = list(get_user_model().objects.filter(pk__in=user_ids).values_list("email", flat=True))
    fields = {f.attname: f for f in instance._meta.concrete_fields}
    changes = [
        (str(fields[name].verbose_name), str(getattr(instance, name) or "(empty)"))
        for name in dict.fromkeys(changed)
        if name in fields
    ]
    return people, changes
