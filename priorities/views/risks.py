"""The risk register: the 5x5 matrix (current or target scores), the open risks filtered, sorted and paged, the
closed ones listed apart, and the register as CSV or XLSX. Adding and editing a risk come from the record kit
(priorities/records.py)."""

from __future__ import annotations

from itertools import chain

from django.db.models import Count, F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from blmk_portal import forms as nhs
from blmk_portal.edit_views import render_page
from blmk_portal.lists import Column, StaffList
from blmk_portal.page_cache import kept_for_each_person
from blmk_portal.roles import programme_office_required
from priorities import risk_exports
from priorities.models import Plan, Risk
from priorities.presenters import RiskPresenter, risk_matrix
from priorities.records import PLANS_AND_PRIORITIES, RISK

COLUMNS = {
    "title": Column("Risk", sort=("title",)),
    "threatens": Column("Threatens", sort=("priority__plan__order", "priority__order", "programme__title")),
    "owner": Column("Owner", sort=("owner",)),
    "inherent": Column("Inherent", sort=("inherent_rank",)),
    "current": Column("Current", sort=("current_rank",)),
    "target": Column("Target", sort=("target_rank",)),
    "review": Column("Review date", sort=("review_date",)),
}


class RiskFilters(nhs.FilterForm):
    plan = nhs.ModelChoiceField(label="Plan", queryset=Plan.objects.all(), required=False, empty_label="All plans")


def _risk_filters(risks, chosen: dict):
    if chosen.get("plan"):
        risks = risks.filter(priority__plan=chosen["plan"])
    return risks


def register(request: HttpRequest) -> QuerySet[Risk]:
    """Every risk, open and closed, with what its rows show, as the filters in the address choose."""
    risks = Risk.objects.select_related("priority__plan", "programme").annotate(
        inherent_rank=F("inherent_likelihood") * F("inherent_consequence"),
        current_rank=F("current_likelihood") * F("current_consequence"),
        target_rank=F("target_likelihood") * F("target_consequence"),
    )
    filters = RiskFilters(request.GET)
    return _risk_filters(risks, filters.cleaned_data) if filters.is_valid() else risks


@programme_office_required
@kept_for_each_person
def risk_list(request: HttpRequest) -> HttpResponse:
    """Open risks as a 5x5 matrix of counts (a cell links to the risks in it; ?score=target shows targets), the
    open risks' register, then the closed risks apart, sorted alike."""
    which = "target" if request.GET.get("score") == "target" else "current"
    scores = (f"{which}_likelihood", f"{which}_consequence")
    counts = Risk.objects.filter(state=Risk.State.OPEN).values(*scores).annotate(count=Count("pk"))
    cell = _chosen_cell(request)
    risks = register(request)
    opened = risks.filter(state=Risk.State.OPEN)
    if cell:
        opened = opened.filter(**dict(zip(scores, cell, strict=True)))
    listing = StaffList(
        request,
        opened,
        columns=COLUMNS,
        default_sort="-current",
        filter_form=RiskFilters,  # shown; register() has applied it
        noun="open risks",
    )
    # The closed risks are few and only looked back at: one unpaged table, sorted as the open ones are.
    closed = StaffList(
        request, risks.filter(state=Risk.State.CLOSED), columns=COLUMNS, default_sort="-current", per_page=1000
    )
    today = timezone.localdate()
    return render_page(
        request,
        "priorities/manage/risks.jinja",
        {
            "which": which,
            "matrix": risk_matrix({(row[scores[0]], row[scores[1]]): row["count"] for row in counts}),
            "cell": cell,
            "listing": listing,
            "rows": [listing.cells(RiskPresenter(risk, today).register_cells()) for risk in listing.rows],
            "closed_rows": [closed.cells(RiskPresenter(risk, today).register_cells()) for risk in closed.rows],
            "export_query": _export_query(request),
            "new_url": RISK.new_url(),
            "breadcrumbs": PLANS_AND_PRIORITIES.breadcrumbs(),
        },
        fragment="results",
    )


def _export_query(request: HttpRequest) -> str:
    """The register's filters and sort, for its download links (the matrix's cell and the page are not kept)."""
    query = request.GET.copy()
    for name in ("page", "score", "likelihood", "consequence"):
        query.pop(name, None)
    return f"?{query.urlencode()}" if query else ""


def _chosen_cell(request: HttpRequest) -> tuple[int, int] | None:
    try:
        likelihood, consequence = int(request.GET["likelihood"]), int(request.GET["consequence"])
    except (KeyError, ValueError):
        return None
    return (likelihood, consequence) if 1 <= likelihood <= 5 and 1 <= consequence <= 5 else None


EXPORTS = {
    "csv": ("text/csv; charset=utf-8", risk_exports.register_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", risk_exports.register_xlsx),
}


@programme_office_required
def risk_export(request: HttpRequest, format: str) -> HttpResponse:
    """The whole register, open risks then closed ones, filtered and sorted as the page was, as a file."""
    if format not in EXPORTS:
        raise Http404("The register downloads as risks.csv or risks.xlsx")
    content_type, write = EXPORTS[format]
    risks = register(request)
    rows = chain(*(_sorted(request, risks.filter(state=state)) for state in (Risk.State.OPEN, Risk.State.CLOSED)))
    response = HttpResponse(write(rows, timezone.localdate()), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="risks.{format}"'
    return response


def _sorted(request: HttpRequest, risks: QuerySet[Risk]) -> QuerySet[Risk]:
    """Risks in the order the register's ?sort= gives them, every one of them (not a page)."""
    return StaffList(request, risks, columns=COLUMNS, default_sort="-current").page.paginator.object_list
