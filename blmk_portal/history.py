"""Edit history shown on staff "History" tabs, read from django-pghistory's trigger-written events.

Triggers record every insert, update and link change, bulk writes included; the request context (who,
which page) comes from pghistory's middleware, or from `pghistory.context(user=...)` in services.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import pghistory.models
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

HIDDEN_FIELDS = {"id", "version"}


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: str
    what: str
    changes: list[Change] = field(default_factory=list)


def _display(value: object) -> str:
    return "(empty)" if value in (None, "") else str(value)


def history_for(instance: models.Model) -> list[HistoryEntry]:
    """Newest first: the record's own events and those of link rows that point at it (such as places served).

    A fixed number of queries: events, the people named, and one per kind of linked record.
    """
    events = list(pghistory.models.Events.objects.references(instance).order_by("-pgh_created_at", "-pgh_id"))
    own_model = instance._meta.label
    user_ids = {(event.pgh_context or {}).get("user") for event in events} - {None}
    users = {user.pk: user.email for user in get_user_model().objects.filter(pk__in=user_ids)}
    linked = _linked_names(instance, [event for event in events if event.pgh_obj_model != own_model])
    labels = {f.attname: f.verbose_name for f in instance._meta.concrete_fields}

    entries = []
    for event in events:
        who = users.get((event.pgh_context or {}).get("user"), "the system (data load or script)")
        if event.pgh_obj_model != own_model:
            what, target = linked.get(event.pgh_id, (None, None))
            if what:
                entries.append(
                    HistoryEntry(event.pgh_created_at, who, f"{event.pgh_label.capitalize()} {what}: {target}")
                )
            continue
        if event.pgh_label == "insert":
            entries.append(HistoryEntry(event.pgh_created_at, who, "Created"))
            continue
        changes = [
            Change(str(labels.get(name, name)).capitalize(), _display(old), _display(new))
            for name, (old, new) in (event.pgh_diff or {}).items()
            if name not in HIDDEN_FIELDS
        ]
        if changes:
            entries.append(HistoryEntry(event.pgh_created_at, who, "Changed", changes))
    return entries


def _linked_names(instance: models.Model, events: list) -> dict[int, tuple[str, str]]:
    """For link-row events, the name of the record at the other end, e.g. ("place", "Luton")."""
    wanted: dict[type[models.Model], set] = defaultdict(set)
    found: dict[int, tuple[type[models.Model], str, object]] = {}
    for event in events:
        link_model = apps.get_model(event.pgh_obj_model)
        for link_field in link_model._meta.concrete_fields:
            if link_field.is_relation and link_field.related_model is not type(instance):
                other_id = (event.pgh_data or {}).get(link_field.attname)
                wanted[link_field.related_model].add(other_id)
                found[event.pgh_id] = (link_field.related_model, str(link_field.verbose_name), other_id)
    names = {model: {obj.pk: str(obj) for obj in model.objects.filter(pk__in=ids)} for model, ids in wanted.items()}
    return {pgh_id: (label, names[model].get(pk, "(deleted)")) for pgh_id, (model, label, pk) in found.items()}
