"""The publication workflow every public-facing record shares.

A record is a draft until staff publish it. Anonymous readers and everyone outside the programme office see
only what is published (and, for nested records, only when every parent is published too); anything else is
a 404. `.visible_to(user)` is the one place that decides; views never filter by status by hand.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from blmk_portal.roles import is_programme_office


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishableQuerySet(models.QuerySet):
    # Paths from this model to parents that must be published too, e.g. ("plan",) for a priority.
    published_parents: tuple[str, ...] = ()

    def published(self):
        conditions = {"status": Status.PUBLISHED}
        for parent in self.published_parents:
            conditions[f"{parent}__status"] = Status.PUBLISHED
        return self.filter(**conditions)

    def visible_to(self, user):
        return self if is_programme_office(user) else self.published()


class Publishable(models.Model):
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

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
