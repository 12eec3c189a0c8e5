"""Staff pages that are the priorities app's own: the plans index, the reporting round and its sign-offs, the
Overview of a plan, a priority and a programme, a milestone's status form, and withdrawing a status update.
Edit, History, New, Publish and Move come from the record kit (priorities/records.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from markupsafe import Markup

from blmk_portal import contributions
from blmk_portal import forms as nhs
from blmk_portal.edit_views import form_page, render_page
from blmk_portal.lists import StaffList
from blmk_portal.page_cache import kept_for_each_person
from blmk_portal.rag import Rag, rag_tag
from blmk_portal.records import MANAGE_CRUMB
from blmk_portal.roles import programme_office_required
from dashboards.agreement import flags_for_programmes
from priorities import services
from priorities.forms import SignOffForm, StatusUpdateForm, WithdrawForm
from priorities.models import Milestone, Plan, Priority, Programme
from priorities.period_rules import awaiting_sign_off_words, reporting_period
from priorities.presenters import MilestonePresenter, ProgrammePresenter, overall_status, sign_off_text
from priorities.queries import (
    awaiting_sign_off,
    latest_rags_by_programme,
    milestones_due_an_update,
    programmes_with_history,
    status_history,
)
from priorities.records import MILESTONE, PLAN, PLANS_AND_PRIORITIES, PRIORITY, PROGRAMME


@programme_office_required
@kept_for_each_person
def index(request: HttpRequest) -> HttpResponse:
    period = reporting_period(timezone.localdate())
    return render(
        request,
        "priorities/manage/index.jinja",
        {
            "plans": Plan.objects.annotate(priority_count=Count("priorities")).order_by("order", "title"),
            "period": period,
            "counts": _counts(milestones_due_an_update(period, request.user)),
            "new_plan_url": PLAN.new_url(),
            "breadcrumbs": [MANAGE_CRUMB],
        },
    )


NOT_REPORTED = "not_reported"


class RoundFilters(nhs.FilterForm):
    show = nhs.ChoiceField(
        label="Show",
        choices=[("waiting", "Not yet updated"), ("updated", "Updated this period"), ("all", "All still in progress")],
        required=False,
    )
    plan = nhs.ModelChoiceField(
        label="Plan", queryset=Plan.objects.filter(state=Plan.State.CURRENT), required=False, empty_label="All plans"
    )
    # Every priority of the current plans is an option (240 at ten times BLMK's data): only what the option shows
    # is read, not each priority's description.
    priority = nhs.ModelChoiceField(
        label="Priority",
        queryset=Priority.objects.filter(plan__state=Plan.State.CURRENT)
        .select_related("plan")
        .only("code", "title", "plan__title"),
        required=False,
        empty_label="All priorities",
    )
    owner = nhs.ChoiceField(label="Milestone owner", choices=[], required=False)
    lead = nhs.ChoiceField(label="Programme lead", choices=[], required=False)
    status = nhs.ChoiceField(
        label="Latest status",
        choices=[
            ("", "Any status"),
            *((rag.value, rag.label) for rag in (Rag.RED, Rag.AMBER, Rag.GREEN)),
            (NOT_REPORTED, "Grey (not reported)"),
        ],
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].label_from_instance = lambda priority: f"{priority} ({priority.plan.title})"
        in_round = Milestone.objects.filter(programme__priority__plan__state=Plan.State.CURRENT)
        owners = in_round.exclude(owner="").order_by("owner").values_list("owner", flat=True).distinct()
        leads = (
            Programme.objects.filter(priority__plan__state=Plan.State.CURRENT)
            .exclude(lead="")
            .order_by("lead")
            .values_list("lead", flat=True)
            .distinct()
        )
        self.fields["owner"].choices = [("", "Any owner"), *((owner, owner) for owner in owners)]
        self.fields["lead"].choices = [("", "Any lead"), *((lead, lead) for lead in leads)]


def _round_filters(milestones, chosen: dict, *, show: bool = True):
    """The round's filters; `show=False` applies all but the updated/not-updated one (for the counts)."""
    if show and (chosen.get("show") or "waiting") != "all":
        milestones = milestones.filter(updated_this_period=(chosen.get("show") or "waiting") == "updated")
    if chosen.get("plan"):
        milestones = milestones.filter(programme__priority__plan=chosen["plan"])
    if chosen.get("priority"):
        milestones = milestones.filter(programme__priority=chosen["priority"])
    if chosen.get("owner"):
        milestones = milestones.filter(owner=chosen["owner"])
    if chosen.get("lead"):
        milestones = milestones.filter(programme__lead=chosen["lead"])
    if chosen.get("status") == NOT_REPORTED:
        milestones = milestones.filter(Q(latest_rag__isnull=True) | Q(latest_rag=Rag.GREY))
    elif chosen.get("status"):
        milestones = milestones.filter(latest_rag=chosen["status"])
    return milestones


def _counts(milestones) -> dict[str, int]:
    counts = milestones.aggregate(due=Count("pk"), updated=Count("pk", filter=Q(updated_this_period=True)))
    return {**counts, "waiting": counts["due"] - counts["updated"]}


def _round_counts(query: QueryDict, period: str, user, form: RoundFilters | None = None) -> dict:
    """The counts at the top of the round, for the filters in `query` (all but the updated/not-updated one),
    with links to each view of the round keeping the other filters. `form`: those filters, if already read."""
    form = form or RoundFilters(query)
    due = milestones_due_an_update(period, user)
    if form.is_valid():
        due = _round_filters(due, form.cleaned_data, show=False)
    counts = _counts(due)
    base = reverse("priorities:reporting_round")

    def link(show: str) -> str:
        kept = query.copy()
        kept.pop("page", None)
        kept["show"] = show
        return f"{base}?{kept.urlencode()}"

    return {
        "period": period,
        "counts": counts,
        "views": [
            {"text": f"Not yet updated ({counts['waiting']})", "href": link("waiting"), "show": "waiting"},
            {"text": f"Updated for {period} ({counts['updated']})", "href": link("updated"), "show": "updated"},
            {"text": f"All still in progress ({counts['due']})", "href": link("all"), "show": "all"},
        ],
        "showing": query.get("show") or "waiting",
    }


def _sign_off_rows(user, next_url: str) -> list[dict]:
    """What awaits sign-off: each programme and period with statuses not yet public, and its overall status."""
    rows = list(awaiting_sign_off())
    programmes = Programme.objects.select_related("priority__plan").in_bulk(
        {row["milestone__programme"] for row in rows}
    )
    latest = latest_rags_by_programme(list(programmes.values()), user)
    return [
        {
            "programme": programmes[row["milestone__programme"]],
            "period": row["reporting_period"],
            "status": overall_status(
                programmes[row["milestone__programme"]], latest.get(row["milestone__programme"], [])
            ),
            "words": awaiting_sign_off_words(
                updated=row["updated"], milestones=row["milestones"], period=row["reporting_period"]
            ),
            "sro": row["milestone__programme__priority__senior_responsible_officer"],
            "code": row["milestone__programme__priority__code"],
            "action": reverse("priorities:sign_off", kwargs=programmes[row["milestone__programme"]].url_kwargs()),
            "next": next_url,
        }
        for row in rows
    ]


@programme_office_required
@kept_for_each_person
def reporting_round(request: HttpRequest) -> HttpResponse:
    """Every milestone of a current plan not yet complete, in plan order: by default those still without an
    update this period; filtered by plan, priority, owner, lead and status; and what awaits sign-off."""
    today = timezone.localdate()
    period = reporting_period(today)
    due = milestones_due_an_update(period, request.user)
    listing = StaffList(
        request,
        due.select_related("programme__priority__plan").prefetch_related(
            Prefetch("updates", queryset=status_history(request.user))
        ),
        columns={},
        filter_form=RoundFilters,
        apply_filters=_round_filters,
        noun="milestones",
    )
    here = request.get_full_path()
    cards = []
    for milestone in listing.rows:
        presenter = MilestonePresenter(milestone)
        cards.append({**_card(presenter, next_url=here), "flags": presenter.flags(current_period=period, today=today)})
    return render_page(
        request,
        "priorities/manage/reporting_round.jinja",
        {
            "period": period,
            "round": _round_counts(request.GET, period, request.user, listing.form),
            "sign_offs": _sign_off_rows(request.user, here),
            "listing": listing,
            "cards": cards,
            "disagreements": _round_disagreements(request.user, today),
            "breadcrumbs": PLANS_AND_PRIORITIES.breadcrumbs(),
        },
        fragment="results",
    )


def _round_disagreements(user, today) -> list:
    """Every programme of a current plan whose reported status its indicators' statistics disagree with."""
    programmes = Programme.objects.filter(priority__plan__state=Plan.State.CURRENT).order_by(
        "priority__plan__order", "priority__order", "order"
    )
    flags = flags_for_programmes(list(programmes), user, today=today)
    return [flag for programme in programmes if programme.pk in flags for flag in flags[programme.pk]]


def _card(milestone: MilestonePresenter, *, next_url: str) -> dict:
    """What a milestone's status region needs to show its latest status and the link to report a new one."""
    return {
        "milestone": milestone,
        "next": next_url,
        "action": reverse("priorities:milestone_status", kwargs=milestone.milestone.url_kwargs()),
    }


@programme_office_required
@kept_for_each_person
def plan_overview(request: HttpRequest, plan: str) -> HttpResponse:
    item = PLAN.get({"plan": plan})
    priorities = list(item.priorities.all())
    programmes = list(Programme.objects.filter(priority__plan=item))
    latest = latest_rags_by_programme(programmes, request.user)
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
@kept_for_each_person
def priority_overview(request: HttpRequest, plan: str, priority: str) -> HttpResponse:
    item = PRIORITY.get({"plan": plan, "priority": priority})
    # Through the priority, so each programme knows it (and its plan) without a query of its own.
    programmes = list(item.programmes.all())
    latest = latest_rags_by_programme(programmes, request.user)
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
@kept_for_each_person
def programme_overview(request: HttpRequest, plan: str, priority: str, programme: str) -> HttpResponse:
    item = PROGRAMME.get({"plan": plan, "priority": priority, "programme": programme})
    presenter = ProgrammePresenter(programmes_with_history(Programme.objects.filter(pk=item.pk), request.user).get())
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
            "sign_offs": [sign_off_text(sign_off) for sign_off in item.sign_offs.all()],
            "disagreements": flags_for_programmes([item], request.user, today=timezone.localdate()).get(item.pk, []),
        },
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def milestone_status(request: HttpRequest, milestone: int) -> HttpResponse:
    """The form to report a milestone's status for a period: a page of its own, or with htmx the milestone's
    region swapped in place, with the counts and overall status around it updated out of band."""
    item = MILESTONE.get({"milestone": milestone})
    next_url = request.POST.get("next") or request.GET.get("next") or item.programme.get_manage_url()
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = item.programme.get_manage_url()

    def context() -> dict:
        # Read when the page is drawn, so a region redrawn after a save shows the status just saved.
        latest = Milestone.objects.prefetch_related(Prefetch("updates", queryset=status_history(request.user))).get(
            pk=item.pk
        )
        return {
            **_card(MilestonePresenter(latest), next_url=next_url),
            "title": "Report a status",
            "heading": "Report a status",
            "caption": item.programme.title,
            "breadcrumbs": PROGRAMME.breadcrumbs(item.programme),
            "around": _around(request, item, next_url) if request.method == "POST" and request.htmx else [],
        }

    return form_page(
        request,
        form_class=StatusUpdateForm,
        form_kwargs={"prefix": f"m{item.pk}"},
        save=lambda values: services.milestone_report_status(milestone=item, by=request.user, **values),
        done=lambda update: (f"Status saved: {update.get_rag_display()} for {update.reporting_period}", next_url),
        context=context,
        template="priorities/manage/milestone_status.jinja",
        fragment="status_region",
    )


def _around(request: HttpRequest, milestone: Milestone, next_url: str) -> list[Markup]:
    """What changes around a milestone when its status is saved inline, drawn for htmx to swap out of band:
    in the round, its counts and what awaits sign-off; on the programme's page, the overall status. Each is
    one of our own templates, drawn (and escaped) already."""
    path, _, query = next_url.partition("?")
    if path == reverse("priorities:reporting_round"):
        period = reporting_period(timezone.localdate())
        return [
            Markup(
                render_to_string(
                    "priorities/manage/_round_counts.jinja",
                    {"round": _round_counts(QueryDict(query), period, request.user), "oob": True},
                    request=request,
                )
            ),
            Markup(
                render_to_string(
                    "priorities/manage/_sign_off.jinja",
                    {"sign_offs": _sign_off_rows(request.user, next_url), "oob": True},
                    request=request,
                )
            ),
        ]
    if path == milestone.programme.get_manage_url():
        programme = Programme.objects.get(pk=milestone.programme_id)
        latest = latest_rags_by_programme([programme], request.user)
        return [
            Markup(
                render_to_string(
                    "priorities/manage/_programme_status.jinja",
                    {"status": overall_status(programme, latest.get(programme.pk, [])), "oob": True},
                    request=request,
                )
            )
        ]
    return []


@programme_office_required
@require_POST
def sign_off(request: HttpRequest, plan: str, priority: str, programme: str) -> HttpResponse:
    """Sign a programme off for a period, making its statuses then public. Sent twice, it is the one sign-off."""
    item = PROGRAMME.get({"plan": plan, "priority": priority, "programme": programme})
    next_url = request.POST.get("next") or reverse("priorities:reporting_round")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("priorities:reporting_round")
    form = SignOffForm(request.POST)
    problems = [message for errors in form.errors.values() for message in errors]
    if not problems:
        try:
            made = services.programme_sign_off(programme=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, f"{item.title}: {sign_off_text(made)}")
    for problem in problems:
        messages.error(request, problem)
    return redirect(next_url)


@programme_office_required
@require_http_methods(["GET", "POST"])
def status_withdraw(request: HttpRequest, milestone: int, update: int) -> HttpResponse:
    """Withdraw a mistaken status update, with a reason: the public no longer see it; staff do, marked."""
    milestone = MILESTONE.get({"milestone": milestone})
    item = get_object_or_404(milestone.updates.all(), pk=update)
    history_url = milestone.get_manage_url("history")
    return form_page(
        request,
        form_class=WithdrawForm,
        save=lambda values: services.status_update_withdraw(update=item, by=request.user, **values),
        done=lambda withdrawn: (
            f"Status update withdrawn: {withdrawn.get_rag_display()} for {withdrawn.reporting_period}",
            history_url,
        ),
        context={
            "title": "Withdraw a status update",
            "heading": "Withdraw a status update",
            "caption": str(milestone),
            "update": item,
            "tag": rag_tag(item.rag),
            "cancel_url": history_url,
            "breadcrumbs": MILESTONE.breadcrumbs(milestone),
        },
        template="priorities/manage/status_withdraw.jinja",
    )
