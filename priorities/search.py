"""What priorities gives the portal's search (blmk_portal/search.py): priorities, programmes and milestones."""

from __future__ import annotations

from blmk_portal import search
from blmk_portal.search import Kind, lines, plain
from priorities.models import Milestone, Priority, Programme

search.register(
    Kind(
        key="priority",
        label="Priority",
        plural="Priorities",
        model=Priority,
        title=lambda priority: priority.title,
        summary=lambda priority: priority.aim,
        body=lambda priority: lines(
            plain(priority.description),
            priority.senior_responsible_officer,
            priority.lead,
            priority.clinical_lead,
            priority.lived_experience_lead,
        ),
        belongs_to=lambda priority: priority.plan.title,
        facets={"place": "places__slug"},
        related=("plan",),
    )
)
search.register(
    Kind(
        key="programme",
        label="Programme",
        plural="Programmes",
        model=Programme,
        title=lambda programme: programme.title,
        summary=lambda programme: programme.lead,
        body=lambda programme: plain(programme.description),
        belongs_to=lambda programme: f"{programme.priority.title}, {programme.priority.plan.title}",
        facets={"place": "places__slug"},
        related=("priority__plan",),
    )
)
search.register(
    Kind(
        key="milestone",
        label="Milestone",
        plural="Milestones",
        model=Milestone,
        title=lambda milestone: milestone.title,
        body=lambda milestone: lines(milestone.owner, milestone.quarter),
        belongs_to=lambda milestone: f"{milestone.programme.title}, {milestone.programme.priority.plan.title}",
        date="due_date",
        facets={"place": "places__slug"},
        related=("programme__priority__plan",),
    )
)
