"""Atom feeds of published status changes: every priority's, and one priority's, for feed readers to follow
without signing in.

An entry is a milestone's status for a reporting period as the public reads it (`.visible_to(AnonymousUser())`
whoever asks): standing, of a published milestone, once its programme is signed off for the period. A status
not yet signed off, withdrawn or replaced by a correction is absent; a correction is an entry of its own, with
its reason. An entry is dated when the public could first read it (the later of its writing and its sign-off)
and updated when it last changed; its id is a tag URI from its key, which a correction does not reuse.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import DateTimeField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Greatest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.http import conditional_page

from blmk_portal.feeds import ANYONE, ENTRIES, AtomFeed, paragraphs, tag_uri
from priorities.models import Priority, SignOff, StatusUpdate


def signed_off_at() -> Subquery:
    """When the update's programme was signed off for its period: when the public could first read it."""
    return Subquery(
        SignOff.objects.filter(
            programme=OuterRef("milestone__programme"), reporting_period=OuterRef("reporting_period")
        ).values("signed_off_at")[:1],
        output_field=DateTimeField(),
    )


class StatusFeed(AtomFeed):
    """Every priority's published status changes (`priority` None), or one priority's, newest first."""

    def get_object(self, request, plan: str | None = None, priority: str | None = None) -> Priority | None:
        if priority is None:
            return None
        return get_object_or_404(
            Priority.objects.visible_to(ANYONE).select_related("plan"), plan__slug=plan, slug=priority
        )

    def title(self, priority: Priority | None) -> str:
        if priority is None:
            return "Status of the partnership's priorities"
        return f"Status of {priority.code} {priority.title}"

    def subtitle(self, priority: Priority | None) -> str:
        return "Each milestone's status as reported for a quarter, once its programme has signed it off."

    def link(self, priority: Priority | None) -> str:
        return priority.get_absolute_url() if priority else reverse("priorities:priority_list")

    def feed_url(self, priority: Priority | None) -> str:
        if priority is None:
            return reverse("priorities:status_feed")
        return reverse("priorities:priority_status_feed", kwargs=priority.url_kwargs())

    def feed_guid(self, priority: Priority | None) -> str:
        return tag_uri(f"priority-{priority.pk}-statuses" if priority else "statuses")

    def items(self, priority: Priority | None) -> QuerySet[StatusUpdate]:
        updates = StatusUpdate.objects.visible_to(ANYONE)
        if priority is not None:
            updates = updates.filter(milestone__programme__priority=priority)
        return (
            updates.select_related("milestone__programme__priority__plan")
            .annotate(made_public_at=Greatest("created_at", signed_off_at()))
            .annotate(updated_at=Greatest("changed_at", "made_public_at"))
            .order_by("-updated_at", "-pk")[:ENTRIES]
        )

    def item_title(self, update: StatusUpdate) -> str:
        milestone = Truncator(update.milestone.title).words(15)
        return f"{update.get_rag_display()} for {update.reporting_period}: {milestone}"

    def item_description(self, update: StatusUpdate) -> str:
        programme = update.milestone.programme
        return paragraphs(
            f"{programme.priority.code} {programme.priority.title}, {programme.title}.",
            update.commentary,
            f"A correction of the status reported earlier: {update.reason}" if update.corrects_id else "",
        )

    def item_link(self, update: StatusUpdate) -> str:
        return update.milestone.get_absolute_url()

    def item_guid(self, update: StatusUpdate) -> str:
        return tag_uri(f"status-{update.pk}")

    def item_updateddate(self, update: StatusUpdate) -> dt.datetime:
        return update.updated_at

    def item_pubdate(self, update: StatusUpdate) -> dt.datetime:
        return update.made_public_at


# A feed reader asking again with If-Modified-Since is told 304 Not Modified when nothing has changed since.
status_feed = conditional_page(StatusFeed())
