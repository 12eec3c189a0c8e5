"""Every write to plans, priorities, programmes, milestones, status updates and risks: atomic and attributed."""

from __future__ import annotations

from typing import Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify

from blmk_portal.editing import VersionedModel, save_versioned
from blmk_portal.publication import Publishable
from priorities.models import Milestone, Rag, StatusUpdate
from priorities.status_rules import needs_commentary

# Words that are staff pages at the same place in a URL as a slug (see urls.py), so no slug may be one.
RESERVED_SLUGS = {"new", "edit", "history", "publish", "move", "risks", "reporting-round", "plans", "milestones"}


@transaction.atomic
def record_create(model: type[models.Model], *, values: dict[str, Any], places=None, by) -> Any:
    """Create a plan, priority, programme, milestone or risk; new items go to the end of their list."""
    field_names = {f.name for f in model._meta.fields}
    with pghistory.context(user=by.pk):
        if "slug" in field_names and not values.get("slug"):
            values = {**values, "slug": _free_slug(model, values)}
        if "order" in field_names:
            values = {**values, "order": _next_order(model, values)}
        instance = model.objects.create(**values)
        if places is not None:
            instance.places.set(places)
    return instance


@transaction.atomic
def record_update(instance: VersionedModel, *, opened_at_version: int, values: dict[str, Any], places=None, by):
    """Save an edit unless someone else saved since the form was opened (then EditConflict)."""
    with pghistory.context(user=by.pk):
        save_versioned(instance, opened_at_version=opened_at_version, values=values)
        if places is not None:
            instance.places.set(places)
    return instance


def set_published(item: Publishable, *, publish: bool, opened_at_version: int, by) -> None:
    record_update(item, opened_at_version=opened_at_version, values=item.publication_values(publish), by=by)


@transaction.atomic
def move(item: models.Model, *, up: bool, by) -> None:
    """Swap an item with its neighbour in its list (priorities in a plan, programmes in a priority...)."""
    model = type(item)
    parent_field = PARENT_FIELD[model.__name__]
    siblings = list(_siblings(model, getattr(item, parent_field) if parent_field else None).order_by("order", "pk"))
    index = siblings.index(item)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    with pghistory.context(user=by.pk):
        for position, sibling in enumerate(siblings):
            if sibling.order != position:
                model.objects.filter(pk=sibling.pk).update(order=position)


@transaction.atomic
def milestone_add_status_update(
    *, milestone: Milestone, rag: Rag | str, commentary: str, reporting_period: str, by
) -> StatusUpdate:
    """Append a status report. Red and Amber need commentary saying what is wrong and what is being done."""
    commentary = commentary.strip()
    if needs_commentary(rag) and not commentary:
        raise ValidationError(
            {"commentary": f"Enter commentary: a {Rag(rag).label} status must say what is wrong and what is being done"}
        )
    return StatusUpdate.objects.create(
        milestone=milestone, rag=rag, commentary=commentary, reporting_period=reporting_period, author=by
    )


# The list each orderable item sits in: plans stand alone; priorities sit in a plan, and so on down.
PARENT_FIELD = {"Plan": None, "Priority": "plan", "Programme": "priority", "Milestone": "programme"}


def _siblings(model: type[models.Model], parent) -> models.QuerySet:
    parent_field = PARENT_FIELD[model.__name__]
    return model.objects.filter(**{parent_field: parent}) if parent_field else model.objects.all()


def _free_slug(model: type[models.Model], values: dict[str, Any]) -> str:
    """A slug from the code or title, unique among its siblings: "p1", then "p1-2" if that is taken."""
    base = slugify(values.get("code") or values["title"])[:90] or "item"
    parent_field = PARENT_FIELD[model.__name__]
    taken = set(_siblings(model, values[parent_field] if parent_field else None).values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _next_order(model: type[models.Model], values: dict[str, Any]) -> int:
    parent_field = PARENT_FIELD[model.__name__]
    siblings = _siblings(model, values[parent_field] if parent_field else None)
    return (siblings.aggregate(models.Max("order"))["order__max"] or 0) + 1
