"""A notice a board may keep to its members: publishable, with an audience, ordered, with a tracked link table.

It exists to test the shared kit with every part at once, including the board audience, which no app of the
portal uses yet.
"""

from __future__ import annotations

import pghistory
from django.db import models

from blmk_portal.editing import VersionedModel
from blmk_portal.identity import Identified, Orderable, Slugged
from blmk_portal.publication import Audience, Publishable, Restricted, VisibleQuerySet
from governance.models import Board
from places.models import Place


@pghistory.track()
class Notice(Identified, Slugged, Orderable, Publishable, Restricted, VersionedModel):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    slug = models.SlugField(max_length=60)
    title = models.CharField(max_length=200)
    places = models.ManyToManyField(Place, through="NoticePlace", blank=True, related_name="+")

    objects = VisibleQuerySet.as_manager()

    url_identity = {"board": "board__slug", "notice": "slug"}
    slug_within = order_within = "board"
    audiences = (Audience.PUBLIC, Audience.BOARD, Audience.STAFF)
    audience_board = "board"

    class Meta:
        ordering = ["board", "order"]
        constraints = [models.UniqueConstraint(fields=["board", "slug"], name="notice_slug_unique_in_board")]

    def __str__(self) -> str:
        return self.title


@pghistory.track(pghistory.InsertEvent("added"), pghistory.DeleteEvent("removed"))
class NoticePlace(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.notice} covers {self.place}"


class Reply(models.Model):
    """Belongs to a notice, so it is seen by exactly those who see the notice."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="replies")
    text = models.CharField(max_length=200)

    objects = VisibleQuerySet.as_manager()

    visibility_parents = ("notice",)

    def __str__(self) -> str:
        return self.text
