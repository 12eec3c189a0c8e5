"""What the public reads: published plans, their priorities, programmes and milestones with dated history."""

from __future__ import annotations

from django.db.models import Case, Prefetch, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from blmk_portal import contributions
from blmk_portal.page_cache import kept_for_each_person
from places.models import Place
from priorities.models import Plan, Priority, Programme, Risk
from priorities.presenters import ProgrammePresenter, RiskPresenter, overall_status, places_text, serves
from priorities.queries import latest_rags_by_programme, programmes_with_history


@kept_for_each_person
def priority_list(request: HttpRequest) -> HttpResponse:
    """The current plans first, then earlier plans (closed or superseded), each with its priorities' status."""
    priorities = Priority.objects.visible_to(request.user).prefetch_related("places")
    plans = list(
        Plan.objects.visible_to(request.user)
        .select_related("superseded_by")
        .prefetch_related(Prefetch("priorities", queryset=priorities))
        .order_by(CURRENT_FIRST, "order", "title")
    )
    statuses = _priority_statuses(
        Programme.objects.visible_to(request.user).filter(priority__plan__in=plans), request.user
    )
    rows = [
        {
            "plan": plan,
            "priorities": [{"priority": priority, "status": statuses(priority)} for priority in plan.priorities.all()],
        }
        for plan in plans
    ]
    return render(
        request,
        "priorities/priority_list.jinja",
        {
            "current": [row for row in rows if row["plan"].is_current],
            "earlier": [row for row in rows if not row["plan"].is_current],
        },
    )


CURRENT_FIRST = Case(When(state=Plan.State.CURRENT, then=0), default=1)


def _priority_statuses(programmes, user):
    """A function giving each priority's overall status from its programmes' (one query for them all)."""
    programmes = list(programmes)
    latest = latest_rags_by_programme(programmes, user)
    by_priority: dict[int, list] = {}
    for programme in programmes:
        by_priority.setdefault(programme.priority_id, []).append(
            overall_status(programme, latest.get(programme.pk, [])).effective
        )
    return lambda priority: overall_status(priority, by_priority.get(priority.pk, []))


@kept_for_each_person
def plan_detail(request: HttpRequest, plan: str) -> HttpResponse:
    """A plan's page: its summary, where it stands, its priorities with their status and places, its source."""
    item = get_object_or_404(Plan.objects.visible_to(request.user).select_related("source", "superseded_by"), slug=plan)
    priorities = list(item.priorities.visible_to(request.user).prefetch_related("places"))
    statuses = _priority_statuses(Programme.objects.visible_to(request.user).filter(priority__plan=item), request.user)
    return render(
        request,
        "priorities/plan_detail.jinja",
        {
            "plan": item,
            "successor": item.superseded_by
            if item.superseded_by and Plan.objects.visible_to(request.user).filter(pk=item.superseded_by_id).exists()
            else None,
            "priority_rows": [
                {"priority": priority, "status": statuses(priority), "places": places_text(priority)}
                for priority in priorities
            ],
        },
    )


@kept_for_each_person
def priority_detail(request: HttpRequest, plan: str, priority: str) -> HttpResponse:
    item = get_object_or_404(
        Priority.objects.visible_to(request.user).select_related("plan").prefetch_related("places"),
        plan__slug=plan,
        slug=priority,
    )
    places = list(Place.objects.all())
    chosen = next((place for place in places if place.slug == request.GET.get("place")), None)
    place_id = chosen.pk if chosen else None
    programmes = [
        ProgrammePresenter(programme, place_id)
        for programme in programmes_with_history(
            # With their priority and plan: each links to its highlight report, whose address names them.
            Programme.objects.visible_to(request.user).filter(priority=item).select_related("priority__plan"),
            request.user,
        )
    ]
    status = overall_status(item, [programme.status.effective for programme in programmes])
    shown = [programme for programme in programmes if serves(programme.programme, place_id)]
    # Through the gate: a risk naming a programme shows once that programme is published too, and says which.
    risks = (
        Risk.objects.visible_to(request.user)
        .filter(priority=item, state=Risk.State.OPEN)
        .select_related("priority", "programme")
    )
    return render(
        request,
        "priorities/priority_detail.jinja",
        {
            "priority": item,
            "status": status,
            "places_covered": places_text(item),
            "programmes": shown,
            "places": places,
            "chosen_place": chosen,
            "risks": [RiskPresenter(risk) for risk in risks],
            "thread": contributions.thread_for(item, request.user),
        },
    )
