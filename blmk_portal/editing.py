"""Saving edits without silently overwriting someone else's.

Edited models carry a `version` that goes up on every save. A form remembers the version it was opened at;
a save is refused with EditConflict when, since then, someone else changed a field this save would write
(or, for publishing, anything the person could see). Changes to other fields (a record moved in its list
while its edit form was open) do not stand in the way: they are kept, and the save goes ahead on top.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import F

from blmk_portal import formatting
from blmk_portal.history import edits_since

# How often a save retries after other people's changes to fields it does not touch, before giving up.
ATTEMPTS = 3


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class EditConflict(Exception):
    """Someone saved the record after this form was opened, changing what this save would change."""

    def __init__(self, current: VersionedModel, edits: list[tuple[str, set[str]]]) -> None:
        self.current = current
        self.changed_by = list(dict.fromkeys(who for who, _ in edits))
        self.fields = list(dict.fromkeys(name for _, names in edits for name in sorted(names)))
        # (field label, what it says now) for each field the other person changed.
        self.changes = [(_label(current, name), _shown(current, name)) for name in self.fields]
        who = ", ".join(self.changed_by) or "someone else"
        what = ", ".join(label for label, _ in self.changes) or "some details"
        super().__init__(
            f"{who} saved changes to {what} while you were editing. Your changes have not been saved: "
            "check theirs below, then save again."
        )


def save_versioned(
    instance: VersionedModel, *, opened_at_version: int, values: dict[str, Any], watched: set[str] | None = None
) -> None:
    """Write `values` unless someone changed a `watched` field (default: those in `values`) since then.

    Many-to-many fields the caller sets after this belong in `watched` too, by name.
    """
    model = type(instance)
    watched = set(values) if watched is None else watched
    for _ in range(ATTEMPTS):
        if model.objects.filter(pk=instance.pk, version=opened_at_version).update(**values, version=F("version") + 1):
            instance.refresh_from_db()
            return
        current = model.objects.get(pk=instance.pk)
        edits = edits_since(current, opened_at_version)
        clashing = [(who, names & watched) for who, names in edits if names & watched]
        if clashing or not edits:
            raise EditConflict(current, clashing or edits)
        opened_at_version = current.version
    raise EditConflict(model.objects.get(pk=instance.pk), [])


def _label(instance: models.Model, name: str) -> str:
    return str(instance._meta.get_field(name).verbose_name)


def _shown(instance: models.Model, name: str) -> str:
    model_field = instance._meta.get_field(name)
    if model_field.many_to_many:
        return ", ".join(str(related) for related in getattr(instance, name).all()) or "(none)"
    if model_field.choices:
        return str(getattr(instance, f"get_{name}_display")()) or "(empty)"
    value = getattr(instance, name)
    if value in (None, ""):
        return "(empty)"
    return formatting.date(value) if isinstance(value, dt.date) else str(value)
