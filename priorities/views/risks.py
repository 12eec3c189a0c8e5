"""Staff pages for risks: the register, the 5x5 matrix (current or target) and editing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from blmk_portal.edit_views import form_page, history_page, initial_from
from blmk_portal.roles import programme_office_required
from priorities.forms import RiskForm
from priorities.models import Risk
from priorities.presenters import RiskPresenter, risk_matrix
from priorities.views.manage import save_edit, save_new

BREADCRUMBS = [{"text": "Manage", "href": "/manage/"}, {"text": "Plans and priorities", "href": "/manage/priorities/"}]


@programme_office_required
def risk_list(request: HttpRequest) -> HttpResponse:
    """Open risks as a 5x5 matrix of counts; a cell links to the risks in it. ?score=target shows targets."""
    which = "target" if request.GET.get("score") == "target" else "current"
    risks = list(Risk.objects.filter(state=Risk.State.OPEN).select_related("priority__plan", "programme"))
    cell = _chosen_cell(request)
    shown = risks
    if cell:
        shown = [
            risk
            for risk in risks
            if (getattr(risk, f"{which}_likelihood"), getattr(risk, f"{which}_consequence")) == cell
        ]
    return render(
        request,
        "priorities/manage/risks.jinja",
        {
            "which": which,
            "matrix": risk_matrix(risks, which),
            "cell": cell,
            "risks": [RiskPresenter(risk) for risk in shown],
            "closed_count": Risk.objects.filter(state=Risk.State.CLOSED).count(),
            "breadcrumbs": BREADCRUMBS,
        },
    )


def _chosen_cell(request: HttpRequest) -> tuple[int, int] | None:
    try:
        likelihood, consequence = int(request.GET["likelihood"]), int(request.GET["consequence"])
    except (KeyError, ValueError):
        return None
    return (likelihood, consequence) if 1 <= likelihood <= 5 and 1 <= consequence <= 5 else None


def _tabs(risk: Risk, current: str) -> list[dict]:
    return [
        {"text": "Edit", "href": reverse("priorities:risk_edit", args=[risk.pk]), "current": current == "edit"},
        {
            "text": "History",
            "href": reverse("priorities:risk_history", args=[risk.pk]),
            "current": current == "history",
        },
    ]


def _done(risk: Risk) -> tuple[str, str]:
    return f"Risk saved: {risk.title}", reverse("priorities:risk_list")


@programme_office_required
@require_http_methods(["GET", "POST"])
def risk_new(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        form_class=RiskForm,
        initial={"state": Risk.State.OPEN, "confidential": "False"},
        save=save_new(Risk, parent={}, by=request.user),
        done=_done,
        context={"caption": "Risk", "heading": "Add a risk", "breadcrumbs": BREADCRUMBS},
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_object_or_404(Risk, pk=pk)
    return form_page(
        request,
        form_class=RiskForm,
        initial={**initial_from(risk, RiskForm), "confidential": str(risk.confidential)},
        save=save_edit(risk, by=request.user),
        done=_done,
        context={"caption": "Risk", "heading": risk.title, "tabs": _tabs(risk, "edit"), "breadcrumbs": BREADCRUMBS},
    )


@programme_office_required
def risk_history(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_object_or_404(Risk, pk=pk)
    return history_page(
        request, risk, caption="Risk", heading=risk.title, tabs=_tabs(risk, "history"), breadcrumbs=BREADCRUMBS
    )
