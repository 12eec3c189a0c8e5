"""What the public reads: published plans, their priorities, programmes and milestones with dated history."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from blmk_portal import contributions
from places.models import Place
from priorities.models import Plan, Priority, Programme, Risk
from priorities.presenters import ProgrammePresenter, RiskPresenter, overall_status, places_text, serves
from priorities.queries import latest_rags_by_programme, programmes_with_history


def priority_list(request: HttpRequest) -> HttpResponse:
    priorities = Priority.objects.visible_to(request.user).prefetch_related("places")
    plans = list(Plan.objects.visible_to(request.user).prefetch_related(Prefetch("priorities", queryset=priorities)))
    programmes = list(Programme.objects.visible_to(request.user).filter(priority__plan__in=plans))
    latest = latest_rags_by_programme(programmes)
    programme_status = {p.pk: overall_status(p, latest.get(p.pk, [])).effective for p in programmes}
    by_priority: dict[int, list] = {}
    for programme in programmes:
        by_priority.setdefault(programme.priority_id, []).append(programme_status[programme.pk])
    rows = [
        {
            "plan": plan,
            "priorities": [
                {"priority": priority, "status": overall_status(priority, by_priority.get(priority.pk, []))}
                for priority in plan.priorities.all()
            ],
        }
        for plan in plans
    ]
    return render(request, "priorities/priority_list.jinja", {"plans": rows})


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
        for programme in programmes_with_history(Programme.objects.visible_to(request.user).filter(priority=item))
    ]
    status = overall_status(item, [programme.status.effective for programme in programmes])
    shown = [programme for programme in programmes if serves(programme.programme, place_id)]
    risks = Risk.objects.visible_to(request.user).filter(priority=item, state=Risk.State.OPEN)
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
