"""Edit history, as staff read it on History tabs, from django-pghistory's trigger-written events.

Triggers record every insert, update and link change, bulk writes included; the request context (who,
which page) comes from pghistory's middleware, or from `pghistory.context(user=...)` in services.

A record's history is its own events and those of its tracked link tables (the places a priority covers),
never other tables that merely point at it. Events written in one transaction by one request are one save:
"Changed by Ann: Title ... Added place: Luton". Values read as a person would write them: choice labels,
names rather than ids, "9 June 2021".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pghistory.models
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.dateparse import parse_datetime

from blmk_portal import formatting

# Bookkeeping, not something a person changed.
BOOKKEEPING = {"id", "version"}
# Not shown as changes: the moment of publishing (the status change says it), and the order (it reads "Moved").
HIDDEN_FIELDS = BOOKKEEPING | {"published_at", "order"}
SYSTEM = "the system (data load or script)"


@dataclass
class Save:
    """One save of a record: its own event (if any) and the link rows changed with it."""

    when: dt.datetime
    user_id: int | None
    own: Any | None = None
    links: list[Any] = field(default_factory=list)

    def changed_fields(self, model: type[models.Model]) -> set[str]:
        """The names of the fields this save changed, many-to-many fields included."""
        attnames = {f.attname: f.name for f in model._meta.concrete_fields}
        names = {attnames.get(key, key) for key in (self.own.pgh_diff or {})} if self.own else set()
        names |= {_link_field(model, event).name for event in self.links}
        return names - BOOKKEEPING


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
    links: list[str] = field(default_factory=list)


def saves(instance: models.Model) -> list[Save]:
    """Every save of the record, newest first. Two queries: its own events, and its link tables' events.

    Events of one request in one transaction share a context and a time. Each own event is a save of its
    own (a data load may create a record and update it in one transaction); link rows join the first.
    """
    own_events = sorted(pghistory.models.Events.objects.tracks(instance), key=lambda event: event.pgh_id)
    link_models = [event_model for through in _tracked_links(type(instance)) for event_model in _event_models(through)]
    link_events = []
    if link_models:
        link_events = sorted(
            pghistory.models.Events.objects.across(*link_models).references(instance), key=lambda e: e.pgh_id
        )
    by_moment: dict[tuple, list[Save]] = defaultdict(list)
    for event in own_events:
        by_moment[_moment(event)].append(Save(event.pgh_created_at, _user_id(event), own=event))
    for event in link_events:
        group = by_moment[_moment(event)]
        if not group:
            group.append(Save(event.pgh_created_at, _user_id(event)))
        group[0].links.append(event)
    every = [save for group in by_moment.values() for save in group]
    return sorted(every, key=lambda save: (save.when, save.own.pgh_id if save.own else 0), reverse=True)


def _moment(event) -> tuple:
    return (event.pgh_context_id, event.pgh_created_at)


def _user_id(event) -> int | None:
    return (event.pgh_context or {}).get("user")


def edits_since(instance: models.Model, version: int) -> list[tuple[str, set[str]]]:
    """Who saved the record after `version`, and which fields each changed (for a refused stale save)."""
    later = [save for save in saves(instance) if save.own and (save.own.pgh_data or {}).get("version", 0) > version]
    people = _people(save.user_id for save in later)
    return [(people.get(save.user_id, SYSTEM), save.changed_fields(type(instance))) for save in reversed(later)]


def describe(instance: models.Model, shown: list[Save]) -> list[HistoryEntry]:
    """The saves as entries a person reads. A fixed number of queries: people, then one per kind of name."""
    model = type(instance)
    people = _people(save.user_id for save in shown)
    names = _names(model, shown)
    entries = []
    for save in shown:
        who = people.get(save.user_id, SYSTEM)
        links = [_link_line(model, event, names) for event in save.links]
        if save.own and save.own.pgh_label == "insert":
            entries.append(HistoryEntry(save.when, who, "Created", [], links))
            continue
        diff = dict(save.own.pgh_diff or {}) if save.own else {}
        what = "Changed"
        if "status" in diff and isinstance(diff["status"], list):
            what = "Published" if diff.pop("status")[1] == "published" else "Unpublished"
        elif set(diff) - {"version"} == {"order"}:
            what = "Moved"
        changes = [
            Change(_label(model_field), _readable(model_field, old, names), _readable(model_field, new, names))
            for model_field, (old, new) in ((_field(model, key), value) for key, value in diff.items())
            if model_field is not None and model_field.name not in HIDDEN_FIELDS
        ]
        if changes or links or what != "Changed":
            entries.append(HistoryEntry(save.when, who, what, changes, links))
    return entries


def history_for(instance: models.Model) -> list[HistoryEntry]:
    """The whole history, newest first (History tabs page it: see describe)."""
    return describe(instance, saves(instance))


def _tracked_links(model: type[models.Model]) -> list[type[models.Model]]:
    """The link (through) models of the record's many-to-many fields that history tracks."""
    return [
        m2m.remote_field.through
        for m2m in model._meta.many_to_many
        if getattr(m2m.remote_field.through, "pgh_event_models", None)
    ]


def _event_models(model: type[models.Model]) -> list[type[models.Model]]:
    # pghistory lists an event model under more than one key.
    return list(dict.fromkeys(model.pgh_event_models.values()))


def _link_field(model: type[models.Model], event) -> models.ManyToManyField:
    through = _through_of(event)
    return next(m2m for m2m in model._meta.many_to_many if m2m.remote_field.through is through)


def _through_of(event) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(event.pgh_obj_model)


def _other_end(model: type[models.Model], event) -> models.ForeignKey:
    """The link row's key to the record at the other end (a priority's place)."""
    through = _through_of(event)
    return next(f for f in through._meta.concrete_fields if f.is_relation and f.related_model is not model)


def _field(model: type[models.Model], key: str) -> models.Field | None:
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    return by_attname.get(key)


def _label(model_field: models.Field) -> str:
    text = str(model_field.verbose_name)
    return text[:1].upper() + text[1:]


def _people(user_ids) -> dict[int, str]:
    ids = {user_id for user_id in user_ids if user_id}
    if not ids:
        return {}
    return {user.pk: user.get_full_name() or user.email for user in get_user_model().objects.filter(pk__in=ids)}


def _names(model: type[models.Model], shown: list[Save]) -> dict[type[models.Model], dict[Any, str]]:
    """The names of every record the shown saves point at, one query per kind of record."""
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for save in shown:
        for key, values in ((save.own.pgh_diff or {}) if save.own else {}).items():
            model_field = _field(model, key)
            if model_field is not None and model_field.is_relation and isinstance(values, list):
                wanted[model_field.related_model].update(value for value in values if value is not None)
        for event in save.links:
            other = _other_end(model, event)
            wanted[other.related_model].add((event.pgh_data or {}).get(other.attname))
    return {
        related: {obj.pk: str(obj) for obj in related._default_manager.filter(pk__in=ids)}
        for related, ids in wanted.items()
    }


def _link_line(model: type[models.Model], event, names) -> str:
    other = _other_end(model, event)
    name = names[other.related_model].get((event.pgh_data or {}).get(other.attname), "(deleted)")
    return f"{event.pgh_label.capitalize()} {other.verbose_name}: {name}"


def _readable(model_field: models.Field, value: Any, names) -> str:
    if value in (None, ""):
        return "(empty)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return names[model_field.related_model].get(value, "(deleted)")
    if isinstance(model_field, models.DateTimeField):
        return formatting.datetime(parse_datetime(value))
    if isinstance(model_field, models.DateField):
        return formatting.date(dt.date.fromisoformat(value))
    if isinstance(model_field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(model_field, models.IntegerField) and not model_field.name.endswith("year"):
        return formatting.number(value)
    return str(value)
