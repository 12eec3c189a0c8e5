"""The priorities app's staff records: plans hold priorities, priorities hold programmes, programmes hold
milestones; risks threaten priorities. Each is declared once; the kit gives their pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator

from blmk_portal.records import Record, Section
from priorities import services
from priorities.forms import MilestoneForm, PlanForm, PriorityForm, ProgrammeForm, RiskForm
from priorities.models import Milestone, Plan, Priority, Programme, Risk
from priorities.presenters import status_update_rows

PLANS_AND_PRIORITIES = Section("Plans and priorities", "priorities:manage_index")
RISKS = Section("Risks", "priorities:risk_list", within=PLANS_AND_PRIORITIES)

PLAN = Record(
    model=Plan,
    form=PlanForm,
    prefix="manage/priorities/",
    section=PLANS_AND_PRIORITIES,
    noun="plan",
    caption=lambda plan: "Plan",
    create=services.plan_create,
    update=services.plan_update,
    overview="priorities.views.manage.plan_overview",
)

PRIORITY = Record(
    model=Priority,
    form=PriorityForm,
    prefix="manage/priorities/",
    section=PLANS_AND_PRIORITIES,
    noun="priority",
    parent=PLAN,
    caption=lambda priority: priority.plan.title,
    create=services.priority_create,
    update=services.priority_update,
    overview="priorities.views.manage.priority_overview",
)

PROGRAMME = Record(
    model=Programme,
    form=ProgrammeForm,
    prefix="manage/priorities/",
    section=PLANS_AND_PRIORITIES,
    noun="programme",
    parent=PRIORITY,
    caption=lambda programme: str(programme.priority),
    create=services.programme_create,
    update=services.programme_update,
    overview="priorities.views.manage.programme_overview",
)

MILESTONE = Record(
    model=Milestone,
    form=MilestoneForm,
    prefix="manage/priorities/milestones/",
    section=PLANS_AND_PRIORITIES,
    noun="milestone",
    parent=PROGRAMME,
    heading=lambda milestone: Truncator(milestone.title).chars(90),
    caption=lambda milestone: milestone.programme.title,
    create=services.milestone_create,
    update=services.milestone_update,
    after_save=lambda milestone: milestone.programme.get_manage_url(),
    history_template="priorities/manage/milestone_history.jinja",
    history_context=lambda milestone: {"updates": status_update_rows(milestone)},
)

RISK = Record(
    model=Risk,
    form=RiskForm,
    prefix="manage/priorities/risks/",
    section=RISKS,
    noun="risk",
    caption=lambda risk: "Risk",
    create=services.risk_create,
    update=services.risk_update,
    after_save=lambda risk: reverse("priorities:risk_list"),
    form_template="priorities/manage/risk_form.jinja",
)
