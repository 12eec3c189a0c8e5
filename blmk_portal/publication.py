"""Who may see a record: its publication status and its audience, composed through its parents.

- Status: a record is a draft until staff publish it.
- Audience: everyone; the members of a named board (Part II papers, say); or the programme office only.
- Parents: a record is visible only where every record it belongs to is visible too (a risk on a draft
  programme stays hidden, whatever its own audience).
- A rule of its own: a model may add one as `visible_when(prefix) -> Q` (a milestone's status shows once its
  programme is signed off for that period).

`.visible_to(user)` is the one place that decides, for pages, PDFs, feeds, open data and search alike; views
never filter by status or audience by hand. The programme office sees everything. Who sits on which board
comes from the rule the governance app registers with `roles`.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone

from blmk_portal import roles


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Audience(models.TextChoices):
    PUBLIC = "public", "Everyone"
    BOARD = "board", "Members of the board only"
    STAFF = "staff", "Programme office only"


class VisibleQuerySet(models.QuerySet):
    def visible_to(self, user) -> VisibleQuerySet:
        if roles.is_programme_office(user):
            return self
        return self.filter(visibility_condition(self.model, roles.boards_of(user)))


def audience_key(user) -> str:
    """What the gate decides by, as a key: readers with the same key see the same records, so whatever is
    worked out from what one of them may see can be given to the others."""
    if roles.is_programme_office(user):
        return "staff"
    return "boards-" + "-".join(str(board) for board in sorted(roles.boards_of(user)))


def visibility_condition(model: type[models.Model], boards: frozenset[int], prefix: str = "") -> Q:
    """What makes a row of `model` visible to someone sitting on `boards`, as a filter from `prefix`."""
    condition = Q()
    if issubclass(model, Publishable):
        condition &= Q(**{f"{prefix}status": Status.PUBLISHED})
    if issubclass(model, Restricted):
        audience = Q(**{f"{prefix}audience": Audience.PUBLIC})
        if model.audience_board:
            audience |= Q(**{f"{prefix}audience": Audience.BOARD, f"{prefix}{model.audience_board}__in": boards})
        condition &= audience
    if hasattr(model, "visible_when"):
        condition &= model.visible_when(prefix)
    for name in getattr(model, "visibility_parents", ()):
        field = model._meta.get_field(name)
        parent = visibility_condition(field.related_model, boards, f"{prefix}{name}__")
        if field.null:
            # An optional parent that is not set hides nothing.
            parent = Q(**{f"{prefix}{name}__isnull": True}) | parent
        condition &= parent
    return condition


class Publishable(models.Model):
    """A record staff publish when it is ready. Declare `visibility_parents` for the records it belongs to."""

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    visibility_parents: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def publication_values(self, publish: bool) -> dict:
        """The field values that publish or unpublish this record (saved through a version-checked service)."""
        if publish:
            return {"status": Status.PUBLISHED, "published_at": self.published_at or timezone.now()}
        return {"status": Status.DRAFT}


class Restricted(models.Model):
    """A record with an audience. `audiences` lists the ones it may have; `audience_board` is the path to the
    board whose members see it when its audience is Board (required where Board is allowed)."""

    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.PUBLIC)

    audiences: ClassVar[tuple[Audience, ...]] = (Audience.PUBLIC, Audience.STAFF)
    audience_board: ClassVar[str | None] = None
    visibility_parents: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    @staticmethod
    def audience_constraint(name: str, audiences: tuple[Audience, ...]) -> models.CheckConstraint:
        """The database's copy of the model's `audiences`, for its Meta.constraints. Meta cannot read the model's
        attributes, so they are given again; tests/portal/test_publication.py checks the two agree."""
        return models.CheckConstraint(condition=Q(audience__in=[str(a) for a in audiences]), name=name)


def not_public_label(item: models.Model) -> str | None:
    """What staff see beside a record the public cannot see, wherever it shows outside /manage/; None if public."""
    if isinstance(item, Publishable) and not item.is_published:
        return "Draft (not public)"
    if isinstance(item, Restricted) and item.audience != Audience.PUBLIC:
        return f"{item.get_audience_display()} (not public)"
    return None
