"""The risk register: the 5x5 matrix (current or target scores) and the list of risks, filtered, sorted, paged.
Adding and editing a risk come from the record kit (priorities/records.py)."""

from __future__ import annotations

from django.db.models import Count, F
from django.http import HttpRequest, HttpResponse

from blmk_portal import forms as nhs
from blmk_portal.edit_views import render_page
from blmk_portal.lists import Column, StaffList
from blmk_portal.roles import programme_office_required
from priorities.models import Plan, Risk
from priorities.presenters import RiskPresenter, risk_matrix
from priorities.records import PLANS_AND_PRIORITIES, RISK

COLUMNS = {
    "title": Column("Risk", sort=("title",)),
    "threatens": Column("Threatens"),
    "owner": Column("Owner", sort=("owner",)),
    "inherent": Column("Inherent", sort=("inherent_rank",)),
    "current": Column("Current", sort=("current_rank",)),
    "target": Column("Target", sort=("target_rank",)),
    "review": Column("Review date", sort=("review_date",)),
}


class RiskFilters(nhs.FilterForm):
    state = nhs.ChoiceField(
        label="Open or closed", choices=[("open", "Open"), ("closed", "Closed"), ("all", "All")], required=False
    )
    plan = nhs.ModelChoiceField(label="Plan", queryset=Plan.objects.all(), required=False, empty_label="All plans")


def _risk_filters(risks, chosen: dict):
    state = chosen.get("state") or "open"
    if state != "all":
        risks = risks.filter(state=state)
    if chosen.get("plan"):
        risks = risks.filter(priority__plan=chosen["plan"])
    return risks


@programme_office_required
def risk_list(request: HttpRequest) -> HttpResponse:
    """Open risks as a 5x5 matrix of counts; a cell links to the risks in it. ?score=target shows targets."""
    which = "target" if request.GET.get("score") == "target" else "current"
    scores = (f"{which}_likelihood", f"{which}_consequence")
    counts = Risk.objects.filter(state=Risk.State.OPEN).values(*scores).annotate(count=Count("pk"))
    cell = _chosen_cell(request)
    risks = Risk.objects.select_related("priority", "programme").annotate(
        inherent_rank=F("inherent_likelihood") * F("inherent_consequence"),
        current_rank=F("current_likelihood") * F("current_consequence"),
        target_rank=F("target_likelihood") * F("target_consequence"),
    )
    if cell:
        risks = risks.filter(**dict(zip(scores, cell, strict=True)))
    listing = StaffList(
        request,
        risks,
        columns=COLUMNS,
        default_sort="-current",
        filter_form=RiskFilters,
        apply_filters=_risk_filters,
        noun="risks",
    )
    return render_page(
        request,
        "priorities/manage/risks.jinja",
        {
            "which": which,
            "matrix": risk_matrix({(row[scores[0]], row[scores[1]]): row["count"] for row in counts}),
            "cell": cell,
            "listing": listing,
            "rows": [listing.cells(RiskPresenter(risk).register_cells()) for risk in listing.rows],
            "new_url": RISK.new_url(),
            "breadcrumbs": PLANS_AND_PRIORITIES.breadcrumbs(),
        },
        fragment="results",
    )


def _chosen_cell(request: HttpRequest) -> tuple[int, int] | None:
    try:
        likelihood, consequence = int(request.GET["likelihood"]), int(request.GET["consequence"])
    except (KeyError, ValueError):
        return None
    return (likelihood, consequence) if 1 <= likelihood <= 5 and 1 <= consequence <= 5 else None
