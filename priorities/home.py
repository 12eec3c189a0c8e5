"""What priorities puts on the home page: the current plans' priorities, each with its overall status in words.
Read as the public reads them (see blmk_portal.contributions.HomePanel), in three queries however many there are."""

from __future__ import annotations

from blmk_portal.feeds import ANYONE
from priorities.models import Plan, Priority, Programme
from priorities.presenters import overall_status
from priorities.queries import latest_rags_by_programme


def current_priorities() -> dict:
    """Each current plan's priorities in order, with the overall status the public reads on its page."""
    priorities = list(
        Priority.objects.visible_to(ANYONE)
        .filter(plan__state=Plan.State.CURRENT)
        .select_related("plan")
        .order_by("plan__order", "plan__title", "order", "code")
    )
    programmes = list(Programme.objects.visible_to(ANYONE).filter(priority__in=priorities))
    latest = latest_rags_by_programme(programmes, ANYONE)
    by_priority: dict[int, list] = {}
    for programme in programmes:
        by_priority.setdefault(programme.priority_id, []).append(
            overall_status(programme, latest.get(programme.pk, [])).effective
        )
    return {
        "priorities": [
            {"priority": priority, "status": overall_status(priority, by_priority.get(priority.pk, []))}
            for priority in priorities
        ]
    }
