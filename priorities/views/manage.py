"""Staff pages that are the priorities app's own: the plans index, the reporting round, the Overview of a plan,
a priority and a programme, and a milestone's status update form. Edit, History, New, Publish and Move
come from the record kit (priorities/records.py)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from blmk_portal import contributions
from blmk_portal import forms as nhs
from blmk_portal.edit_views import form_page
from blmk_portal.lists import StaffList
from blmk_portal.records import MANAGE_CRUMB
from blmk_portal.roles import programme_office_required
from priorities import services
from priorities.forms import StatusUpdateForm
from priorities.models import Milestone, Plan, Programme, StatusUpdate
from priorities.presenters import MilestonePresenter, ProgrammePresenter, overall_status
from priorities.queries import latest_rags_by_programme, milestones_due_an_update, programmes_with_history
from priorities.records import MILESTONE, PLAN, PLANS_AND_PRIORITIES, PRIORITY, PROGRAMME
from priorities.status_rules import reporting_period

NEWEST_FIRST = Prefetch("updates", queryset=StatusUpdate.objects.order_by("-created_at", "-pk"))


@programme_office_required
def index(request: HttpRequest) -> HttpResponse:
    period = reporting_period(timezone.localdate())
    counts = milestones_due_an_update(period).aggregate(
        due=Count("pk"), updated=Count("pk", filter=Q(updated_this_period=True))
    )
    return render(
        request,
        "priorities/manage/index.jinja",
        {
            "plans": Plan.objects.annotate(priority_count=Count("priorities")).order_by("order", "title"),
            "period": period,
            "counts": counts,
            "new_plan_url": PLAN.new_url(),
            "breadcrumbs": [MANAGE_CRUMB],
        },
    )


class RoundFilters(nhs.FilterForm):
    show = nhs.ChoiceField(
        label="Show",
        choices=[("waiting", "Not yet updated"), ("updated", "Updated this period"), ("all", "All still in progress")],
        required=False,
    )
    plan = nhs.ModelChoiceField(label="Plan", queryset=Plan.objects.all(), required=False, empty_label="All plans")


def _round_filters(milestones, chosen: dict) -> object:
    show = chosen.get("show") or "waiting"
    if show != "all":
        milestones = milestones.filter(updated_this_period=show == "updated")
    if chosen.get("plan"):
        milestones = milestones.filter(programme__priority__plan=chosen["plan"])
    return milestones


@programme_office_required
def reporting_round(request: HttpRequest) -> HttpResponse:
    """Every milestone not yet complete, in plan order: by default those still without an update this period."""
    period = reporting_period(timezone.localdate())
    due = milestones_due_an_update(period)
    listing = StaffList(
        request,
        due.select_related("programme__priority__plan").prefetch_related(NEWEST_FIRST),
        columns={},
        filter_form=RoundFilters,
        apply_filters=_round_filters,
        noun="milestones",
    )
    here = request.get_full_path()
    return render(
        request,
        "priorities/manage/reporting_round.jinja",
        {
            "period": period,
            "counts": due.aggregate(due=Count("pk"), updated=Count("pk", filter=Q(updated_this_period=True))),
            "listing": listing,
            "cards": [_card(MilestonePresenter(milestone), next_url=here) for milestone in listing.rows],
            "breadcrumbs": PLANS_AND_PRIORITIES.breadcrumbs(),
        },
    )


def _card(milestone: MilestonePresenter, *, next_url: str) -> dict:
    """What a milestone's status region needs to show its latest status and the link to report a new one."""
    return {
        "milestone": milestone,
        "next": next_url,
        "action": reverse("priorities:milestone_status", kwargs=milestone.milestone.url_kwargs()),
    }


@programme_office_required
def plan_overview(request: HttpRequest, plan: str) -> HttpResponse:
    item = PLAN.get({"plan": plan})
    priorities = list(item.priorities.all())
    programmes = list(Programme.objects.filter(priority__plan=item))
    latest = latest_rags_by_programme(programmes)
    by_priority: dict[int, list] = {}
    for programme in programmes:
        by_priority.setdefault(programme.priority_id, []).append(
            overall_status(programme, latest.get(programme.pk, [])).effective
        )
    return render(
        request,
        "priorities/manage/plan.jinja",
        {
            **PLAN.page(item, "overview"),
            "plan": item,
            "rows": [{"priority": p, "status": overall_status(p, by_priority.get(p.pk, []))} for p in priorities],
            "new_url": PRIORITY.new_url(item),
        },
    )


@programme_office_required
def priority_overview(request: HttpRequest, plan: str, priority: str) -> HttpResponse:
    item = PRIORITY.get({"plan": plan, "priority": priority})
    # Through the priority, so each programme knows it (and its plan) without a query of its own.
    programmes = list(item.programmes.all())
    latest = latest_rags_by_programme(programmes)
    rows = [{"programme": p, "status": overall_status(p, latest.get(p.pk, []))} for p in programmes]
    return render(
        request,
        "priorities/manage/priority.jinja",
        {
            **PRIORITY.page(item, "overview"),
            "priority": item,
            "status": overall_status(item, [row["status"].effective for row in rows]),
            "rows": rows,
            "new_url": PROGRAMME.new_url(item),
            "thread": contributions.thread_for(item, request.user),
        },
    )


@programme_office_required
def programme_overview(request: HttpRequest, plan: str, priority: str, programme: str) -> HttpResponse:
    item = PROGRAMME.get({"plan": plan, "priority": priority, "programme": programme})
    presenter = ProgrammePresenter(programmes_with_history(Programme.objects.filter(pk=item.pk)).get())
    here = item.get_manage_url()
    return render(
        request,
        "priorities/manage/programme.jinja",
        {
            **PROGRAMME.page(item, "overview"),
            "programme": item,
            "presenter": presenter,
            "cards": [_card(milestone, next_url=here) for milestone in presenter.milestones],
            "new_url": MILESTONE.new_url(item),
        },
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def milestone_status(request: HttpRequest, milestone: int) -> HttpResponse:
    """The form to add a status update: a page of its own, or with htmx the milestone's region swapped in place."""
    item = MILESTONE.get({"milestone": milestone})
    next_url = request.POST.get("next") or request.GET.get("next") or item.programme.get_manage_url()
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = item.programme.get_manage_url()

    def context() -> dict:
        # Read when the page is drawn, so a region redrawn after a save shows the status just saved.
        latest = Milestone.objects.prefetch_related(NEWEST_FIRST).get(pk=item.pk)
        return {
            **_card(MilestonePresenter(latest), next_url=next_url),
            "title": "Add a status update",
            "heading": "Add a status update",
            "caption": item.programme.title,
            "breadcrumbs": PROGRAMME.breadcrumbs(item.programme),
        }

    return form_page(
        request,
        form_class=StatusUpdateForm,
        form_kwargs={"prefix": f"m{item.pk}"},
        save=lambda values: services.milestone_add_status_update(milestone=item, by=request.user, **values),
        done=lambda update: (f"Status saved: {update.get_rag_display()}", next_url),
        context=context,
        template="priorities/manage/milestone_status.jinja",
        fragment="status_region",
    )
