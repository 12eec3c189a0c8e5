"""Each plan's part covering a place, for the place's page (blmk_portal.contributions.register_plan_parts): the
priorities that name the place, or have a programme that does, each linked to its page filtered to the place.
Work across all of BLMK names no place, so it is not listed as any one place's part."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Case, Exists, OuterRef, Q, When

from blmk_portal.contributions import PlanPart, ThreadLink
from blmk_portal.publication import not_public_label
from places.models import Place
from priorities.models import Plan, Priority, PriorityPlace, Programme, ProgrammePlace

# Current plans first, as the public list of plans puts them.
CURRENT_FIRST = Case(When(plan__state=Plan.State.CURRENT, then=0), default=1)


def plan_parts(place: object, user) -> list[PlanPart]:
    if not isinstance(place, Place):
        return []
    programmes_there = Programme.objects.visible_to(user).filter(
        Exists(ProgrammePlace.objects.filter(programme=OuterRef("pk"), place=place)), priority=OuterRef("pk")
    )
    priorities = (
        Priority.objects.visible_to(user)
        .filter(
            Q(Exists(PriorityPlace.objects.filter(priority=OuterRef("pk"), place=place))) | Q(Exists(programmes_there))
        )
        .select_related("plan")
        .order_by(CURRENT_FIRST, "plan__order", "plan__title", "order", "code")
    )
    parts: dict[int, tuple[Plan, list[ThreadLink]]] = {}
    query = urlencode({"place": place.slug})
    for priority in priorities:
        plan, links = parts.setdefault(priority.plan_id, (priority.plan, []))
        links.append(
            ThreadLink(
                text=f"{priority.code} {priority.title}",
                href=f"{priority.get_absolute_url()}?{query}",
                not_public=not_public_label(priority),
            )
        )
    return [
        PlanPart(
            heading=plan.title, href=plan.get_absolute_url(), priorities=tuple(links), not_public=not_public_label(plan)
        )
        for plan, links in parts.values()
    ]
