"""An indicator's public page, with its SPC chart and data table for one area at a time, and its figures as JSON and
CSV (the contract of ADR 15). A draft indicator is not found for anyone but the programme office, in every format.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from blmk_portal import spreadsheets
from blmk_portal.page_cache import kept_for_each_person
from dashboards import presenters, readings
from dashboards.models import Indicator
from dashboards.performance_report import revisions_since_reports
from dashboards.rag_rules import rag_rule_text, spc_summary
from dashboards.readings import rule_of


def _read(request: HttpRequest, code: str) -> tuple[Indicator, list[readings.Series]]:
    indicator = get_object_or_404(Indicator.objects.visible_to(request.user), code=code)
    found = readings.read([indicator], today=timezone.localdate())
    return indicator, presenters.ordered_series(found)


@kept_for_each_person
def indicator_detail(request: HttpRequest, indicator: str) -> HttpResponse:
    item, series = _read(request, indicator)
    asked = request.GET.get("area", "")
    chosen = next((one for one in series if one.area.code == asked), series[0] if series else None)
    context = {
        "indicator": item,
        "areas": [{"value": one.area.code, "text": one.area.name, "selected": one is chosen} for one in series],
        "unknown_area": asked if asked and chosen and chosen.area.code != asked else "",
        "series": chosen,
        "rule": rag_rule_text(rule_of(item)),
        "revisions": revisions_since_reports(item, request.user),
    }
    if chosen:
        context |= {
            "summary": spc_summary(item.name, chosen.rag, chosen.chart),
            "rag": presenters.call_tag(chosen.rag),
            "variation": presenters.variation_of(chosen.chart),
            "assurance": presenters.assurance_of(chosen.chart, item, _latest_target(chosen)),
            "geometry": presenters.chart_geometry(chosen),
            "rows": presenters.indicator_table(chosen),
        }
    return render(request, "dashboards/indicator.jinja", context)


def _latest_target(series: readings.Series) -> Decimal | None:
    latest = presenters.latest_figure(series)
    return series.target_for(latest.period) if latest else None


def indicator_json(request: HttpRequest, indicator: str) -> HttpResponse:
    item, series = _read(request, indicator)
    return JsonResponse(presenters.indicator_contract(item, series), json_dumps_params={"ensure_ascii": False})


def indicator_csv(request: HttpRequest, indicator: str) -> HttpResponse:
    item, series = _read(request, indicator)
    rows = presenters.contract_rows(presenters.indicator_contract(item, series))
    response = HttpResponse(spreadsheets.csv_text(presenters.CSV_COLUMNS, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{item.code}.csv"'
    return response
