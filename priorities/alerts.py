"""A priority as an alert topic (blmk_portal/alerts.py), "priority:<plan>/<priority>": the statuses of its
milestones as they become public, when their programme is signed off for the period or, after that, when a
correction is made. Read as the public reads them: a status not yet signed off is never in an alert."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Greatest

from blmk_portal.alerts import Change, Topic, anonymous
from priorities.models import Priority, SignOff, StatusUpdate

COVERS = "changes to the status of its milestones"


def _priority(rest: str) -> Priority | None:
    plan, _, priority = rest.partition("/")
    if not (plan and priority):
        return None
    return (
        Priority.objects.visible_to(anonymous()).filter(plan__slug=plan, slug=priority).select_related("plan").first()
    )


def priority_topic(rest: str) -> Topic | None:
    priority = _priority(rest)
    if priority is None:
        return None
    return Topic(
        key=f"priority:{rest}",
        name=f"{priority.code} {priority.title}",
        covers=COVERS,
        path=priority.get_absolute_url(),
    )


def priority_changes(rest: str, after: dt.datetime, up_to: dt.datetime) -> list[Change]:
    plan, _, priority = rest.partition("/")
    signed_off_at = SignOff.objects.filter(
        programme=OuterRef("milestone__programme"), reporting_period=OuterRef("reporting_period")
    ).values("signed_off_at")[:1]
    updates = (
        StatusUpdate.objects.visible_to(anonymous())
        .filter(milestone__programme__priority__plan__slug=plan, milestone__programme__priority__slug=priority)
        .annotate(went_public=Greatest(Subquery(signed_off_at), "created_at"))
        .filter(went_public__gt=after, went_public__lte=up_to)
        .select_related("milestone__programme__priority__plan")
    )
    return [
        Change(
            update.went_public,
            f"{update.milestone.title} ({update.milestone.programme.title}): {update.get_rag_display()} for "
            f"{update.reporting_period}" + (" (corrected)" if update.corrects_id else ""),
            update.milestone.programme.get_absolute_url(),
        )
        for update in updates
    ]
