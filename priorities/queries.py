"""Reads that several pages share, each a fixed number of queries however many items there are.

Statuses are read through `.visible_to(user)`: the public read signed-off periods only, staff the record as
it stands. A milestone's current status is its latest period's, whatever order the periods were reported in.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from blmk_portal.rag import Rag
from priorities.models import Milestone, Plan, Programme, SignOff, StatusUpdate


def latest_rag_subquery(user) -> Subquery:
    return Subquery(
        StatusUpdate.objects.visible_to(user)
        .standing()
        .filter(milestone=OuterRef("pk"))
        .newest_period_first()
        .values("rag")[:1]
    )


def latest_rags_by_programme(programmes: QuerySet[Programme] | list[Programme], user) -> dict[int, list[Rag | None]]:
    """For each programme, the latest status of each of its milestones (None: never reported). One query."""
    rows = (
        Milestone.objects.filter(programme__in=programmes)
        .annotate(latest_rag=latest_rag_subquery(user))
        .values_list("programme_id", "latest_rag")
    )
    result: dict[int, list[Rag | None]] = defaultdict(list)
    for programme_id, rag in rows:
        result[programme_id].append(rag)
    return result


def status_history(user) -> QuerySet[StatusUpdate]:
    """The updates a reader may see, standing, latest period first, each knowing whether it is signed off."""
    return (
        StatusUpdate.objects.visible_to(user).standing().with_sign_off().select_related("author").newest_period_first()
    )


def programmes_with_history(programmes: QuerySet[Programme], user) -> QuerySet[Programme]:
    """Programmes with their places, milestones, milestones' places and the updates `user` may see."""
    milestones = Milestone.objects.prefetch_related("places", Prefetch("updates", queryset=status_history(user)))
    return programmes.prefetch_related("places", Prefetch("milestones", queryset=milestones))


def milestones_due_an_update(period: str, user) -> QuerySet[Milestone]:
    """The reporting round: milestones of current plans not yet complete, each marked with whether it has an
    update for `period` and the latest period it was reported for. One query."""
    standing = StatusUpdate.objects.standing()
    updated = standing.filter(milestone=OuterRef("pk"), reporting_period=period)
    last_period = standing.filter(milestone=OuterRef("pk")).newest_period_first().values("reporting_period")[:1]
    return (
        Milestone.objects.filter(programme__priority__plan__state=Plan.State.CURRENT)
        .annotate(
            latest_rag=latest_rag_subquery(user),
            updated_this_period=Exists(updated),
            last_period=Subquery(last_period),
        )
        .filter(Q(latest_rag__isnull=True) | ~Q(latest_rag=Rag.BLUE))
        .order_by("programme__priority__plan__order", "programme__priority__order", "programme__order", "order", "pk")
    )


def awaiting_sign_off() -> QuerySet[Programme]:
    """Programmes of current plans with statuses for a period not yet signed off: one row per programme and
    period, with how many of its milestones have a status then and how many it has. One query."""
    signed = SignOff.objects.filter(
        programme=OuterRef("milestone__programme"), reporting_period=OuterRef("reporting_period")
    )
    milestone_count = (
        Milestone.objects.filter(programme=OuterRef("milestone__programme"))
        .order_by()
        .values("programme")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        StatusUpdate.objects.standing()
        .filter(~Exists(signed), milestone__programme__priority__plan__state=Plan.State.CURRENT)
        .order_by()
        .values(
            "reporting_period",
            "milestone__programme",
            "milestone__programme__title",
            "milestone__programme__priority__code",
            "milestone__programme__priority__senior_responsible_officer",
        )
        .annotate(updated=Count("pk"), milestones=Subquery(milestone_count))
        .order_by(
            "-reporting_period",
            "milestone__programme__priority__plan__order",
            "milestone__programme__priority__order",
            "milestone__programme__order",
        )
    )
