"""The priorities app's open datasets (blmk_portal/open_data.py): plans, priorities, programmes and milestones, each
priority and programme with its overall status and each milestone with its latest status, as the pages give them
(a status goes public when its programme is signed off for the period)."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from blmk_portal.open_data import DATE, TEXT, TEXT_LIST, URL, Dataset, Field
from blmk_portal.rag import Rag
from priorities.models import Milestone, Plan, Priority, Programme, StatusUpdate
from priorities.presenters import overall_status
from priorities.queries import latest_rags_by_programme

PLAN_ORDER = ("order", "title")
PRIORITY_ORDER = ("plan__order", "plan__title", "order", "code")
PROGRAMME_ORDER = tuple(f"priority__{key}" for key in PRIORITY_ORDER) + ("order", "title")
MILESTONE_ORDER = tuple(f"programme__{key}" for key in PROGRAMME_ORDER) + ("order", "due_date", "pk")

STATUS_MEANING = (
    "Its overall status in words (Red, Amber, Green, Blue (complete), Grey (not reported)), worked out from its "
    "{parts}s' latest statuses, or as the programme office set it with a reason"
)


def _places(item) -> list[str]:
    """The places it names, by name; none means BLMK-wide."""
    return sorted(place.name for place in item.places.all())


def _statuses(user) -> tuple[dict[int, Rag], dict[int, Rag]]:
    """Each visible programme's and priority's overall status, as their pages work them out (two queries)."""
    programmes = list(Programme.objects.visible_to(user))
    latest = latest_rags_by_programme(programmes, user)
    programme_status = {p.pk: overall_status(p, latest.get(p.pk, [])).effective for p in programmes}
    parts: dict[int, list[Rag]] = {}
    for programme in programmes:
        parts.setdefault(programme.priority_id, []).append(programme_status[programme.pk])
    priorities = Priority.objects.visible_to(user).only("pk", "rag_override", "rag_override_reason")
    priority_status = {p.pk: overall_status(p, parts.get(p.pk, [])).effective for p in priorities}
    return programme_status, priority_status


def plan_rows(user):
    for plan in Plan.objects.visible_to(user).select_related("superseded_by").order_by(*PLAN_ORDER):
        yield {
            "slug": plan.slug,
            "title": plan.title,
            "period": plan.period,
            "state": plan.get_state_display(),
            "superseded_by": plan.superseded_by.slug if plan.superseded_by else "",
            "version": plan.version_label,
            "summary": plan.summary,
            "page": plan.get_absolute_url(),
        }


def priority_rows(user):
    _, statuses = _statuses(user)
    priorities = Priority.objects.visible_to(user).select_related("plan").prefetch_related("places")
    for priority in priorities.order_by(*PRIORITY_ORDER):
        yield {
            "plan": priority.plan.slug,
            "code": priority.code,
            "slug": priority.slug,
            "title": priority.title,
            "kind": priority.get_kind_display(),
            "aim": priority.aim,
            "senior_responsible_officer": priority.senior_responsible_officer,
            "lead": priority.lead,
            "places": _places(priority),
            "overall_status": statuses[priority.pk].label,
            "page": priority.get_absolute_url(),
        }


def programme_rows(user):
    statuses, _ = _statuses(user)
    programmes = Programme.objects.visible_to(user).select_related("priority__plan").prefetch_related("places")
    for programme in programmes.order_by(*PROGRAMME_ORDER):
        yield {
            "plan": programme.priority.plan.slug,
            "priority": programme.priority.code,
            "slug": programme.slug,
            "title": programme.title,
            "kind": programme.get_kind_display(),
            "lead": programme.lead,
            "places": _places(programme),
            "overall_status": statuses[programme.pk].label,
            "page": programme.get_absolute_url(),
        }


def milestone_rows(user):
    latest = StatusUpdate.objects.visible_to(user).standing().filter(milestone=OuterRef("pk")).newest_period_first()[:1]
    milestones = (
        Milestone.objects.visible_to(user)
        .select_related("programme__priority__plan")
        .prefetch_related("places")
        .annotate(
            latest_rag=Subquery(latest.values("rag")),
            latest_period=Subquery(latest.values("reporting_period")),
            latest_commentary=Subquery(latest.values("commentary")),
        )
        .order_by(*MILESTONE_ORDER)
    )
    for milestone in milestones:
        programme = milestone.programme
        yield {
            "plan": programme.priority.plan.slug,
            "priority": programme.priority.code,
            "programme": programme.slug,
            "title": milestone.title,
            "owner": milestone.owner,
            "due_date": milestone.due_date,
            "quarter": milestone.quarter,
            "places": _places(milestone),
            "latest_status": Rag(milestone.latest_rag or Rag.GREY).label,
            "latest_status_period": milestone.latest_period or "",
            "latest_commentary": milestone.latest_commentary or "",
            "page": milestone.get_absolute_url(),
        }


PLANS = Dataset(
    slug="plans",
    title="Plans",
    description="The partnership's plans, current and earlier, with the period each covers and whether it is "
    "current, closed or superseded.",
    fields=(
        Field("slug", TEXT, "The plan's identifier in the portal's addresses", "operating-plan-2018-19"),
        Field("title", TEXT, "Its title, as printed", "BLMK Single System Operating Plan 2018/19"),
        Field("period", TEXT, "The period it covers, as it states it", "2018/19"),
        Field("state", TEXT, "Current, Closed or Superseded", "Closed"),
        Field("superseded_by", TEXT, "The slug of the plan that replaced it; empty if none", ""),
        Field("version", TEXT, "Its version, as printed", "V0.23 FINAL DRAFT"),
        Field("summary", TEXT, "What it sets out to do", ""),
        Field("page", URL, "Its page on the portal", "/priorities/operating-plan-2018-19/ (as a full address)"),
    ),
    rows=plan_rows,
    tables=("priorities.Plan",),
)

PRIORITIES = Dataset(
    slug="priorities",
    title="Priorities",
    description="Each plan's priorities, with their leads, the places they name and their overall status.",
    fields=(
        Field("plan", TEXT, "The slug of the plan it belongs to", "operating-plan-2018-19"),
        Field("code", TEXT, "Its code within its plan", "P1"),
        Field("slug", TEXT, "Its identifier in the portal's addresses, within its plan", "p1"),
        Field("title", TEXT, "Its title, as printed", "PREVENTION AND HEALTH PROMOTION"),
        Field("kind", TEXT, "What the plan calls it (Priority, Front line, Enabling workstream...)", "Priority"),
        Field("aim", TEXT, "What it aims to do", "Preventing ill health and promoting good health …"),
        Field("senior_responsible_officer", TEXT, "Its senior responsible officer, as printed", "Carole Mills"),
        Field("lead", TEXT, "Its lead, as printed", "Ian Brown"),
        Field("places", TEXT_LIST, "The places it names; empty means BLMK-wide", ""),
        Field("overall_status", TEXT, STATUS_MEANING.format(parts="programme"), "Grey (not reported)"),
        Field("page", URL, "Its page on the portal", "/priorities/operating-plan-2018-19/p1/ (as a full address)"),
    ),
    rows=priority_rows,
    tables=(
        "priorities.Plan",
        "priorities.Priority",
        "priorities.PriorityPlace",
        "priorities.Programme",
        "priorities.StatusUpdate",
        "priorities.SignOff.signed_off_at",
    ),
)

PROGRAMMES = Dataset(
    slug="programmes",
    title="Programmes and workstreams",
    description="The programmes, workstreams, enabling groups and national must-dos under each priority, with "
    "their overall status.",
    fields=(
        Field("plan", TEXT, "The slug of the plan", "operating-plan-2018-19"),
        Field("priority", TEXT, "The code of the priority it serves, within the plan", "P1"),
        Field("slug", TEXT, "Its identifier, within its priority", "social-prescribing"),
        Field("title", TEXT, "Its title, as printed", "Social Prescribing"),
        Field("kind", TEXT, "Programme, Workstream, Enabling group or National must-do", "Programme"),
        Field("lead", TEXT, "Its lead, as printed", ""),
        Field("places", TEXT_LIST, "The places it names; empty means BLMK-wide", ""),
        Field("overall_status", TEXT, STATUS_MEANING.format(parts="milestone"), "Grey (not reported)"),
        Field("page", URL, "Where it is on its priority's page", "/priorities/…/#programme-social-prescribing"),
    ),
    rows=programme_rows,
    tables=(
        "priorities.Plan",
        "priorities.Priority",
        "priorities.Programme",
        "priorities.ProgrammePlace",
        "priorities.Milestone",
        "priorities.StatusUpdate",
        "priorities.SignOff.signed_off_at",
    ),
)

MILESTONES = Dataset(
    slug="milestones",
    title="Milestones and their latest status",
    description="Each programme's milestones with the latest status published for them: the status, the reporting "
    "period it is for and its commentary. A status is published once its programme is signed off for the period.",
    fields=(
        Field("plan", TEXT, "The slug of the plan", "operating-plan-2018-19"),
        Field("priority", TEXT, "The code of the priority, within the plan", "P1"),
        Field("programme", TEXT, "The slug of the programme, within the priority", "cardio-vascular-prevention"),
        Field("title", TEXT, "The milestone, as printed", "Evaluation of hypertension detection pilot due in June."),
        Field("owner", TEXT, "Who owns it, as printed", ""),
        Field("due_date", DATE, "When it is due, where a day is given", "2018-06-30"),
        Field("quarter", TEXT, "When it is due, as the plan gives it where it gives no day", ""),
        Field("places", TEXT_LIST, "The places it names; empty means BLMK-wide", ""),
        Field(
            "latest_status",
            TEXT,
            "Its latest published status: Red, Amber, Green, Blue (complete), or Grey (not reported) if none",
            "Grey (not reported)",
        ),
        Field("latest_status_period", TEXT, "The reporting period of that status, e.g. 2026/27 Q3; empty if none", ""),
        Field("latest_commentary", TEXT, "What was reported with it", ""),
        Field("page", URL, "Where it is on its priority's page", "/priorities/…/#programme-… (as a full address)"),
    ),
    rows=milestone_rows,
    tables=(
        "priorities.Plan",
        "priorities.Priority",
        "priorities.Programme",
        "priorities.Milestone",
        "priorities.MilestonePlace",
        "priorities.StatusUpdate",
        "priorities.SignOff.signed_off_at",
    ),
)

DATASETS = (PLANS, PRIORITIES, PROGRAMMES, MILESTONES)
