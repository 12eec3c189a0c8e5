"""The writes every staff record shares: create, update, publish, move and remove. Atomic and attributed.

Apps' own services (`priority_create`, `risk_update`...) own their rules and call these for the common part:
slugs and order for new records, version-checked saves, link rows written one by one so History sees each.
"""

from __future__ import annotations

from typing import Any

import pghistory
from django.db import models, transaction

from blmk_portal.editing import EditConflict, VersionedModel, save_versioned
from blmk_portal.history import edits_since
from blmk_portal.identity import Orderable, Slugged, next_order, unique_slug
from blmk_portal.publication import Publishable


@transaction.atomic
def record_create(*, model: type[models.Model], values: dict[str, Any], by) -> Any:
    """A new record from a form's values: given a free slug and put last in its list, where it has them (unless
    the app's service chose its place)."""
    values = dict(values)
    links = _pop_links(model, values)
    with pghistory.context(user=by.pk):
        if issubclass(model, Slugged) and not values.get("slug"):
            values["slug"] = unique_slug(model, values)
        if issubclass(model, Orderable) and "order" not in values:
            values["order"] = next_order(model, values)
        instance = model._default_manager.create(**values)
        for name, related in links.items():
            getattr(instance, name).set(related)
    return instance


@transaction.atomic
def record_update(*, item: VersionedModel, opened_at_version: int, values: dict[str, Any], by) -> Any:
    """Save an edit unless someone else changed the same fields since the form was opened (EditConflict)."""
    values = dict(values)
    links = _pop_links(type(item), values)
    with pghistory.context(user=by.pk):
        save_versioned(item, opened_at_version=opened_at_version, values=values, watched=set(values) | set(links))
        for name, related in links.items():
            getattr(item, name).set(related)
    return item


@transaction.atomic
def record_publish(*, item: Publishable, publish: bool, opened_at_version: int, by) -> Any:
    """Publish or unpublish, refused if anything the person could see has changed since they looked."""
    model = type(item)
    seen = {f.name for f in model._meta.concrete_fields} | {f.name for f in model._meta.many_to_many}
    with pghistory.context(user=by.pk):
        save_versioned(
            item,
            opened_at_version=opened_at_version,
            values=item.publication_values(publish),
            watched=seen - {"order", "version"},
        )
    return item


@transaction.atomic
def record_move(*, item: Orderable, up: bool, opened_at_version: int, by) -> bool:
    """Swap the record with its neighbour in its list; False when it is already first (or last).

    The two swap their order, so each one's History says it moved. Where the list has ties (records added
    with the same order), it is numbered afresh from 0 in its new order.
    Refused (EditConflict) if the record was moved since the page was loaded, so two clicks on a stale page
    never move it twice.
    """
    siblings = list(item.siblings().select_for_update().order_by("order", "pk"))
    index = next(position for position, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return False
    mine, theirs = siblings[index], siblings[other]
    if mine.order != theirs.order:
        orders = {mine.pk: theirs.order, theirs.pk: mine.order}
    else:
        siblings[index], siblings[other] = theirs, mine
        orders = {sibling.pk: position for position, sibling in enumerate(siblings) if sibling.order != position}
        orders[mine.pk] = other
    with pghistory.context(user=by.pk):
        save_versioned(
            item, opened_at_version=opened_at_version, values={"order": orders.pop(mine.pk)}, watched={"order"}
        )
        for pk, order in orders.items():
            type(item)._default_manager.filter(pk=pk).update(order=order, version=models.F("version") + 1)
    return True


@transaction.atomic
def record_remove(*, item: VersionedModel, opened_at_version: int, by) -> None:
    """Delete the record, refused (EditConflict) if anyone saved it since the person looked: they confirmed
    removing what they saw. Its saves stay in the event tables; no page shows them once it is gone."""
    current = type(item)._default_manager.select_for_update().get(pk=item.pk)
    if current.version != opened_at_version:
        raise EditConflict(current, edits_since(current, opened_at_version))
    current.delete()


def _pop_links(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """Take the many-to-many values out: they are set after the row, through their tracked link tables."""
    return {f.name: values.pop(f.name) for f in model._meta.many_to_many if f.name in values}
