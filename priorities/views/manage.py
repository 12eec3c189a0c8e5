"""Staff pages for plans, priorities, programmes and milestones: edit, publish, reorder, report status."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from blmk_portal.edit_views import form_page, history_page, initial_from
from blmk_portal.editing import EditConflict
from blmk_portal.forms import error_list
from blmk_portal.history import history_for
from blmk_portal.roles import programme_office_required
from priorities import services
from priorities.forms import MilestoneForm, PlanForm, PriorityForm, ProgrammeForm, StatusUpdateForm
from priorities.models import Milestone, Plan, Priority, Programme, StatusUpdate
from priorities.presenters import MilestonePresenter, ProgrammePresenter, overall_status, rag_tag
from priorities.queries import latest_rags_by_programme, milestones_due_an_update, programmes_with_history
from priorities.status_rules import reporting_period

# ---- Finding records by their public identity (slugs), staff see drafts too ----


def _plan(slug: str) -> Plan:
    return get_object_or_404(Plan, slug=slug)


def _priority(plan: str, priority: str) -> Priority:
    return get_object_or_404(Priority.objects.select_related("plan"), plan__slug=plan, slug=priority)


def _programme(plan: str, priority: str, programme: str) -> Programme:
    return get_object_or_404(
        Programme.objects.select_related("priority__plan"),
        priority__plan__slug=plan,
        priority__slug=priority,
        slug=programme,
    )


def _milestone(pk: int) -> Milestone:
    return get_object_or_404(Milestone.objects.select_related("programme__priority__plan"), pk=pk)


def plan_url(plan: Plan) -> str:
    return reverse("priorities:manage_plan", args=[plan.slug])


def priority_url(priority: Priority) -> str:
    return reverse("priorities:manage_priority", args=[priority.plan.slug, priority.slug])


def programme_url(programme: Programme) -> str:
    priority = programme.priority
    return reverse("priorities:manage_programme", args=[priority.plan.slug, priority.slug, programme.slug])


def _crumbs(*items: tuple[str, str]) -> list[dict[str, str]]:
    return [{"text": "Manage", "href": "/manage/"}, {"text": "Plans and priorities", "href": "/manage/priorities/"}] + [
        {"text": text, "href": href} for text, href in items
    ]


def _tabs(overview: str, edit: str, history: str, current: str) -> list[dict]:
    return [
        {"text": "Overview", "href": overview, "current": current == "overview"},
        {"text": "Edit", "href": edit, "current": current == "edit"},
        {"text": "History", "href": history, "current": current == "history"},
    ]


def _record_tabs(kind: str, args: list, overview: str, current: str) -> list[dict]:
    """Overview / Edit / History for a plan, priority or programme: their routes differ only by `kind`."""
    edit, history = (reverse(f"priorities:{kind}_{page}", args=args) for page in ("edit", "history"))
    return _tabs(overview, edit, history, current)


def _plan_tabs(plan: Plan, current: str) -> list[dict]:
    return _record_tabs("plan", [plan.slug], plan_url(plan), current)


def _priority_tabs(priority: Priority, current: str) -> list[dict]:
    return _record_tabs("priority", [priority.plan.slug, priority.slug], priority_url(priority), current)


def _programme_tabs(programme: Programme, current: str) -> list[dict]:
    args = [programme.priority.plan.slug, programme.priority.slug, programme.slug]
    return _record_tabs("programme", args, programme_url(programme), current)


def save_new(model, *, parent: dict, by):
    """The save step of an "Add" form: the form's values, placed under `parent` (e.g. {"plan": plan})."""

    def save(data: dict):
        places = data.pop("places", None)
        values = {name: value for name, value in data.items() if name != "version"}
        return services.record_create(model, values={**values, **parent}, places=places, by=by)

    return save


def save_edit(item, *, by):
    """The save step of an "Edit" form: refused if someone saved since the form was opened."""

    def save(data: dict):
        places = data.pop("places", None)
        version = data.pop("version")
        return services.record_update(item, opened_at_version=version, values=data, places=places, by=by)

    return save


def _publish(request: HttpRequest, item, next_url: str) -> HttpResponse:
    publish = request.POST.get("publish") == "1"
    try:
        opened_at_version = int(request.POST["version"])
    except (KeyError, ValueError):
        return HttpResponseBadRequest("The form was missing the version it was opened at: reload the page")
    try:
        services.set_published(item, publish=publish, opened_at_version=opened_at_version, by=request.user)
    except EditConflict as conflict:
        messages.error(request, str(conflict))
    else:
        messages.success(request, f"{item} {'published' if publish else 'unpublished: it is a draft again'}")
    return redirect(next_url)


def _move(request: HttpRequest, item, next_url: str) -> HttpResponse:
    services.move(item, up=request.POST.get("direction") == "up", by=request.user)
    return redirect(next_url)


# ---- The index and the reporting round ----


@programme_office_required
def index(request: HttpRequest) -> HttpResponse:
    period = reporting_period(timezone.localdate())
    due = list(milestones_due_an_update(period))
    return render(
        request,
        "priorities/manage/index.jinja",
        {
            "plans": Plan.objects.annotate(priority_count=Count("priorities")).order_by("order", "title"),
            "period": period,
            "due_count": len(due),
            "updated_count": sum(1 for milestone in due if milestone.updated_this_period),
            "breadcrumbs": _crumbs()[:1],
        },
    )


@programme_office_required
def reporting_round(request: HttpRequest) -> HttpResponse:
    """Every milestone not yet complete, in plan order; the ones without an update this period come first."""
    period = reporting_period(timezone.localdate())
    due = list(
        milestones_due_an_update(period)
        .select_related("programme__priority__plan")
        .prefetch_related(Prefetch("updates", queryset=StatusUpdate.objects.order_by("-created_at", "-pk")))
    )
    waiting = [MilestonePresenter(m) for m in due if not m.updated_this_period]
    done = [MilestonePresenter(m) for m in due if m.updated_this_period]
    return render(
        request,
        "priorities/manage/reporting_round.jinja",
        {
            "period": period,
            "waiting": [_card(request, milestone, next_url=request.path) for milestone in waiting],
            "done": [_card(request, milestone, next_url=request.path) for milestone in done],
            "breadcrumbs": _crumbs(),
        },
    )


def _card(
    request: HttpRequest,
    milestone: MilestonePresenter,
    *,
    next_url: str,
    form: StatusUpdateForm | None = None,
    saved: StatusUpdate | None = None,
    form_open: bool = False,
) -> dict:
    """What a milestone's status region needs; the region is also the htmx fragment for its form.

    Lists show a link, not a form: forms are drawn only for the milestone someone is reporting on. Swapped in
    by htmx, the region carries its own error summary; on a full page the layout shows it.
    """
    pk = milestone.milestone.pk
    form = form or StatusUpdateForm(prefix=f"m{pk}")
    return {
        "milestone": milestone,
        "form": form,
        "form_open": form_open or form.is_bound,
        "next": next_url,
        "saved": saved,
        "action": reverse("priorities:milestone_status", args=[pk]),
        "inline_errors": error_list(form) if request.htmx and form.is_bound else [],
    }


# ---- Plans ----


@programme_office_required
def manage_plan(request: HttpRequest, plan: str) -> HttpResponse:
    item = _plan(plan)
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
            "plan": item,
            "rows": [
                {"priority": p, "status": overall_status(p, by_priority.get(p.pk, [])), "url": priority_url(p)}
                for p in priorities
            ],
            "heading": item.title,
            "caption": "Plan",
            "tabs": _plan_tabs(item, "overview"),
            "breadcrumbs": _crumbs(),
        },
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        form_class=PlanForm,
        save=save_new(Plan, parent={}, by=request.user),
        done=lambda plan: (f"{plan.title} added as a draft", plan_url(plan)),
        context={"caption": "Plan", "heading": "Add a plan", "breadcrumbs": _crumbs()},
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, plan: str) -> HttpResponse:
    item = _plan(plan)
    return form_page(
        request,
        form_class=PlanForm,
        initial=initial_from(item, PlanForm),
        save=save_edit(item, by=request.user),
        done=lambda _: (f"{item.title} saved", plan_url(item)),
        context={"caption": "Plan", "heading": item.title, "tabs": _plan_tabs(item, "edit"), "breadcrumbs": _crumbs()},
    )


@programme_office_required
def plan_history(request: HttpRequest, plan: str) -> HttpResponse:
    item = _plan(plan)
    return history_page(
        request, item, caption="Plan", heading=item.title, tabs=_plan_tabs(item, "history"), breadcrumbs=_crumbs()
    )


@programme_office_required
@require_POST
def plan_publish(request: HttpRequest, plan: str) -> HttpResponse:
    item = _plan(plan)
    return _publish(request, item, plan_url(item))


@programme_office_required
@require_POST
def plan_move(request: HttpRequest, plan: str) -> HttpResponse:
    return _move(request, _plan(plan), reverse("priorities:manage_index"))


# ---- Priorities ----


@programme_office_required
def manage_priority(request: HttpRequest, plan: str, priority: str) -> HttpResponse:
    item = _priority(plan, priority)
    # Through the priority, so each programme knows it (and its plan) without a query of its own.
    programmes = list(item.programmes.all())
    latest = latest_rags_by_programme(programmes)
    rows = [
        {"programme": p, "status": overall_status(p, latest.get(p.pk, [])), "url": programme_url(p)} for p in programmes
    ]
    return render(
        request,
        "priorities/manage/priority.jinja",
        {
            "priority": item,
            "status": overall_status(item, [row["status"].effective for row in rows]),
            "rows": rows,
            "heading": f"{item.code} {item.title}",
            "caption": item.plan.title,
            "tabs": _priority_tabs(item, "overview"),
            "breadcrumbs": _crumbs((item.plan.title, plan_url(item.plan))),
        },
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def priority_new(request: HttpRequest, plan: str) -> HttpResponse:
    item = _plan(plan)
    return form_page(
        request,
        form_class=PriorityForm,
        form_kwargs={"plan": item},
        save=save_new(Priority, parent={"plan": item}, by=request.user),
        done=lambda priority: (f"{priority} added as a draft", priority_url(priority)),
        context={
            "caption": item.title,
            "heading": "Add a priority",
            "breadcrumbs": _crumbs((item.title, plan_url(item))),
        },
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def priority_edit(request: HttpRequest, plan: str, priority: str) -> HttpResponse:
    item = _priority(plan, priority)

    return form_page(
        request,
        form_class=PriorityForm,
        form_kwargs={"plan": item.plan, "priority": item},
        initial=initial_from(item, PriorityForm),
        save=save_edit(item, by=request.user),
        done=lambda _: (f"{item} saved", priority_url(item)),
        context={
            "caption": item.plan.title,
            "heading": f"{item.code} {item.title}",
            "tabs": _priority_tabs(item, "edit"),
            "breadcrumbs": _crumbs((item.plan.title, plan_url(item.plan))),
        },
    )


@programme_office_required
def priority_history(request: HttpRequest, plan: str, priority: str) -> HttpResponse:
    item = _priority(plan, priority)
    return history_page(
        request,
        item,
        caption=item.plan.title,
        heading=f"{item.code} {item.title}",
        tabs=_priority_tabs(item, "history"),
        breadcrumbs=_crumbs((item.plan.title, plan_url(item.plan))),
    )


@programme_office_required
@require_POST
def priority_publish(request: HttpRequest, plan: str, priority: str) -> HttpResponse:
    item = _priority(plan, priority)
    return _publish(request, item, priority_url(item))


@programme_office_required
@require_POST
def priority_move(request: HttpRequest, plan: str, priority: str) -> HttpResponse:
    item = _priority(plan, priority)
    return _move(request, item, plan_url(item.plan))


# ---- Programmes ----


@programme_office_required
def manage_programme(request: HttpRequest, plan: str, priority: str, programme: str) -> HttpResponse:
    item = _programme(plan, priority, programme)
    presenter = ProgrammePresenter(programmes_with_history(Programme.objects.filter(pk=item.pk)).get())
    here = programme_url(item)
    return render(
        request,
        "priorities/manage/programme.jinja",
        {
            "programme": item,
            "presenter": presenter,
            "cards": [_card(request, milestone, next_url=here) for milestone in presenter.milestones],
            "heading": item.title,
            "caption": f"{item.priority.code} {item.priority.title}",
            "tabs": _programme_tabs(item, "overview"),
            "breadcrumbs": _crumbs(
                (item.priority.plan.title, plan_url(item.priority.plan)),
                (f"{item.priority.code} {item.priority.title}", priority_url(item.priority)),
            ),
        },
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def programme_new(request: HttpRequest, plan: str, priority: str) -> HttpResponse:
    parent = _priority(plan, priority)
    return form_page(
        request,
        form_class=ProgrammeForm,
        save=save_new(Programme, parent={"priority": parent}, by=request.user),
        done=lambda programme: (f"{programme.title} added as a draft", programme_url(programme)),
        context={
            "caption": f"{parent.code} {parent.title}",
            "heading": "Add a programme",
            "breadcrumbs": _crumbs((parent.plan.title, plan_url(parent.plan))),
        },
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, plan: str, priority: str, programme: str) -> HttpResponse:
    item = _programme(plan, priority, programme)

    return form_page(
        request,
        form_class=ProgrammeForm,
        initial=initial_from(item, ProgrammeForm),
        save=save_edit(item, by=request.user),
        done=lambda _: (f"{item.title} saved", programme_url(item)),
        context={
            "caption": f"{item.priority.code} {item.priority.title}",
            "heading": item.title,
            "tabs": _programme_tabs(item, "edit"),
            "breadcrumbs": _crumbs((item.priority.plan.title, plan_url(item.priority.plan))),
        },
    )


@programme_office_required
def programme_history(request: HttpRequest, plan: str, priority: str, programme: str) -> HttpResponse:
    item = _programme(plan, priority, programme)
    return history_page(
        request,
        item,
        caption=f"{item.priority.code} {item.priority.title}",
        heading=item.title,
        tabs=_programme_tabs(item, "history"),
        breadcrumbs=_crumbs((item.priority.plan.title, plan_url(item.priority.plan))),
    )


@programme_office_required
@require_POST
def programme_publish(request: HttpRequest, plan: str, priority: str, programme: str) -> HttpResponse:
    item = _programme(plan, priority, programme)
    return _publish(request, item, programme_url(item))


@programme_office_required
@require_POST
def programme_move(request: HttpRequest, plan: str, priority: str, programme: str) -> HttpResponse:
    item = _programme(plan, priority, programme)
    return _move(request, item, priority_url(item.priority))


# ---- Milestones and their status updates ----


@programme_office_required
@require_http_methods(["GET", "POST"])
def milestone_new(request: HttpRequest, plan: str, priority: str, programme: str) -> HttpResponse:
    parent = _programme(plan, priority, programme)
    return form_page(
        request,
        form_class=MilestoneForm,
        save=save_new(Milestone, parent={"programme": parent}, by=request.user),
        done=lambda _: ("Milestone added", programme_url(parent)),
        context={"caption": parent.title, "heading": "Add a milestone", "breadcrumbs": _crumbs()},
    )


def _milestone_tabs(milestone: Milestone, current: str) -> list[dict]:
    return _tabs(
        programme_url(milestone.programme),
        reverse("priorities:milestone_edit", args=[milestone.pk]),
        reverse("priorities:milestone_history", args=[milestone.pk]),
        current,
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _milestone(pk)

    return form_page(
        request,
        form_class=MilestoneForm,
        initial=initial_from(item, MilestoneForm),
        save=save_edit(item, by=request.user),
        done=lambda _: ("Milestone saved", programme_url(item.programme)),
        context={
            "caption": item.programme.title,
            "heading": "Edit milestone",
            "tabs": _milestone_tabs(item, "edit"),
            "breadcrumbs": _crumbs((item.programme.title, programme_url(item.programme))),
        },
    )


@programme_office_required
def milestone_history(request: HttpRequest, pk: int) -> HttpResponse:
    item = _milestone(pk)
    updates = item.updates.select_related("author")
    return render(
        request,
        "priorities/manage/milestone_history.jinja",
        {
            "caption": item.programme.title,
            "heading": "Milestone history",
            "milestone": item,
            "tabs": _milestone_tabs(item, "history"),
            "history": history_for(item),
            "updates": [{"status_update": u, "tag": rag_tag(u.rag)} for u in updates],
            "breadcrumbs": _crumbs((item.programme.title, programme_url(item.programme))),
        },
    )


@programme_office_required
@require_POST
def milestone_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = _milestone(pk)
    return _move(request, item, programme_url(item.programme))


@programme_office_required
@require_http_methods(["GET", "POST"])
def milestone_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The form to add a status update: a page of its own, or with htmx the milestone's region swapped in place."""
    item = _milestone(pk)
    next_url = request.POST.get("next") or request.GET.get("next") or programme_url(item.programme)
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = programme_url(item.programme)
    form = StatusUpdateForm(request.POST or None, prefix=f"m{pk}")
    saved = None
    if request.method == "POST" and form.is_valid():
        saved = services.milestone_add_status_update(milestone=item, by=request.user, **form.cleaned_data)
        if not request.htmx:
            messages.success(request, f"Status saved: {saved.get_rag_display()}")
            return redirect(next_url)
        form = None
    presenter = MilestonePresenter(
        Milestone.objects.prefetch_related(
            Prefetch("updates", queryset=StatusUpdate.objects.order_by("-created_at", "-pk"))
        ).get(pk=pk)
    )
    card = _card(request, presenter, next_url=next_url, form=form, saved=saved, form_open=saved is None)
    if request.htmx:
        return HttpResponse(render_to_string("priorities/manage/_milestone_status.jinja", card, request=request))
    return render(
        request,
        "priorities/manage/milestone_status.jinja",
        {
            **card,
            "errors": error_list(card["form"]) if card["form"].is_bound else [],
            "caption": item.programme.title,
            "heading": "Add a status update",
            "breadcrumbs": _crumbs((item.programme.title, programme_url(item.programme))),
        },
    )
