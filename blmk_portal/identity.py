"""How a record is found and addressed: its URL identity, its web-address slug, and its place in a list.

Models declare these as class attributes; the staff record kit (records.py) and the public pages read them,
so no template or view rebuilds URL arguments by hand.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, reduce
from typing import Any, ClassVar

from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, register_converter
from django.urls.resolvers import RoutePattern
from django.utils.text import slugify

# The staff record declaration of each model (filled by records.Record), for get_manage_url().
RECORDS: dict[type[models.Model], Any] = {}


class Identified(models.Model):
    """A record addressed by the values in `url_identity`: URL argument -> lookup from the record.

    For example {"plan": "plan__slug", "priority": "slug"} gives /priorities/<plan>/<priority>/.
    """

    url_identity: ClassVar[dict[str, str]] = {}

    class Meta:
        abstract = True

    def url_kwargs(self) -> dict[str, Any]:
        return {name: _follow(self, lookup) for name, lookup in self.url_identity.items()}

    def get_manage_url(self, page: str = "") -> str:
        """Its staff page: the first tab (Overview, or Edit where there is none), or the page named."""
        return RECORDS[type(self)].url(self, page)

    @property
    def row_id(self) -> str:
        """The id of its row in a staff list, where focus returns after it is moved."""
        return f"{self._meta.model_name}-{self.pk}"


def _follow(instance: models.Model, lookup: str) -> Any:
    value = reduce(getattr, lookup.split("__"), instance)
    return value.isoformat() if isinstance(value, dt.date) else value


def converter_for(lookup: str) -> str:
    """The path converter for a URL argument found by `lookup`: a key or a number (an action's) is a whole number,
    a date is YYYY-MM-DD."""
    last = lookup.rsplit("__", 1)[-1]
    if last in ("pk", "id", "number"):
        return "int"
    return "isodate" if last == "date" else "slug"


class IsoDateConverter:
    """A date in a URL as YYYY-MM-DD (/boards/partnership-board/2021-06-09/); an impossible date is no match."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> dt.date:
        return dt.date.fromisoformat(value)  # ValueError: Django reads it as no match, so a 404

    def to_url(self, value: dt.date | str) -> str:
        return value.isoformat() if isinstance(value, dt.date) else value


register_converter(IsoDateConverter, "isodate")


class Slugged(models.Model):
    """A record whose `slug` (declared by the model) is made from `slug_source`, unique among its siblings.

    The slug's length comes from the model's own field; `slug_within` names the field whose records share
    one set of slugs (a priority's slug is unique within its plan), or None for unique across the table.
    """

    slug_source: ClassVar[tuple[str, ...]] = ("title",)
    slug_within: ClassVar[str | None] = None

    class Meta:
        abstract = True


def unique_slug(model: type[models.Model], values: dict[str, Any]) -> str:
    """A usable slug for a new record: from its name, else the kind of record; never a staff page's word.

    "Bridge PCN" after "Bridge-PCN" becomes "bridge-pcn-2"; a name with no Latin letters or digits ("🏥",
    "中文医院") becomes "organisation", "organisation-2"...
    """
    limit = model._meta.get_field("slug").max_length
    source = next((str(values[name]) for name in model.slug_source if values.get(name)), "")
    # Room for a "-999" suffix within the field's length.
    base = slugify(source)[: limit - 4].strip("-") or model._meta.model_name
    siblings = model._default_manager.all()
    if model.slug_within:
        siblings = siblings.filter(**{model.slug_within: values[model.slug_within]})
    taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True)) | reserved_words()
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@cache
def reserved_words() -> frozenset[str]:
    """Every fixed word in the portal's URLs ("new", "edit", "risks"...), which no slug may be."""
    words: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver]) -> None:
        for pattern in patterns:
            if isinstance(pattern.pattern, RoutePattern):
                words.update(part for part in str(pattern.pattern).split("/") if part and "<" not in part)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)

    walk(get_resolver().url_patterns)
    return frozenset(words)


class Orderable(models.Model):
    """A record staff put in order among its siblings: those sharing the field, or fields, `order_within` names
    (None: the whole table). An agenda's sub-items are ordered within their item: ("meeting", "parent")."""

    order = models.PositiveIntegerField(default=0)

    order_within: ClassVar[str | tuple[str, ...] | None] = None

    class Meta:
        abstract = True

    def siblings(self) -> models.QuerySet:
        return type(self)._default_manager.filter(**{name: getattr(self, name) for name in _within(type(self))})


def _within(model: type[Orderable]) -> tuple[str, ...]:
    within = model.order_within
    return (within,) if isinstance(within, str) else within or ()


def next_order(model: type[Orderable], values: dict[str, Any]) -> int:
    """The order that puts a new record last in its list."""
    siblings = model._default_manager.filter(**{name: values.get(name) for name in _within(model)})
    highest = siblings.aggregate(models.Max("order"))["order__max"]
    return 0 if highest is None else highest + 1
