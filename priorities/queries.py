"""Reads that several pages share, each a fixed number of queries however many items there are."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from blmk_portal.rag import Rag
from priorities.models import Milestone, Programme, StatusUpdate


def latest_rag_subquery() -> Subquery:
    return Subquery(
        StatusUpdate.objects.filter(milestone=OuterRef("pk")).order_by("-created_at", "-pk").values("rag")[:1]
    )


def latest_rags_by_programme(programmes: QuerySet[Programme] | list[Programme]) -> dict[int, list[Rag | None]]:
    """For each programme, the latest status of each of its milestones (None: never reported). One query."""
    rows = (
        Milestone.objects.filter(programme__in=programmes)
        .annotate(latest_rag=latest_rag_subquery())
        .values_list("programme_id", "latest_rag")
    )
    result: dict[int, list[Rag | None]] = defaultdict(list)
    for programme_id, rag in rows:
        result[programme_id].append(rag)
    return result


def programmes_with_history(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    """Programmes with their places, milestones, milestones' places and every update, newest first."""
    updates = StatusUpdate.objects.select_related("author").order_by("-created_at", "-pk")
    milestones = Milestone.objects.prefetch_related("places", Prefetch("updates", queryset=updates))
    return programmes.prefetch_related("places", Prefetch("milestones", queryset=milestones))


def milestones_due_an_update(period: str) -> QuerySet[Milestone]:
    """Milestones not yet complete, each marked with whether it has an update for `period`. One query."""
    updated = StatusUpdate.objects.filter(milestone=OuterRef("pk"), reporting_period=period)
    return (
        Milestone.objects.annotate(latest_rag=latest_rag_subquery(), updated_this_period=Exists(updated))
        .filter(Q(latest_rag__isnull=True) | ~Q(latest_rag=Rag.BLUE))
        .order_by("programme__priority__plan__order", "programme__priority__order", "programme__order", "order", "pk")
    )
