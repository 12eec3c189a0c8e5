"""The public dashboards: the system dashboard (an indicator a row, for BLMK or a chosen place or organisation), its
rows as CSV and JSON, and the place view (the four places side by side). Drafts are the programme office's only,
in every format: the indicators come through `Indicator.objects.visible_to`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from blmk_portal import spreadsheets
from blmk_portal.edit_views import render_page
from blmk_portal.lists import Column, StaffList
from blmk_portal.page_cache import kept_for_each_person
from dashboards import dashboard, presenters
from dashboards.forms import DashboardFilters
from places.models import Place

# Every indicator on one page: a dashboard is read whole. Pages only beyond this many.
ROWS_PER_PAGE = 200
CRUMBS = [{"text": "Home", "href": "/"}]


def _listing(request: HttpRequest, *, areas: bool = True) -> StaffList:
    return StaffList(
        request,
        dashboard.indicators(request.user),
        columns={"name": Column("Indicator", sort=("name",)), "code": Column("Code", sort=("code",))},
        default_sort="name",
        filter_form=lambda data: DashboardFilters(data, user=request.user, areas=areas),
        apply_filters=dashboard.indicators_filtered,
        per_page=ROWS_PER_PAGE,
        noun="indicators",
    )


def _filters(listing: StaffList) -> dict[str, Any]:
    form = listing.form
    return form.cleaned_data if form is not None and form.is_valid() else {}


@kept_for_each_person
def dashboard_page(request: HttpRequest) -> HttpResponse:
    listing = _listing(request)
    filters = _filters(listing)
    area = dashboard.area_for(filters)
    rows = dashboard.rows(listing.rows, area, today=timezone.localdate())
    return render_page(
        request,
        "dashboards/dashboard.jinja",
        {
            "listing": listing,
            "area_name": dashboard.area_name(filters),
            "rows": [presenters.dashboard_cells(row) for row in rows],
            "today": timezone.localdate(),
            "downloads": request.GET.urlencode(),
            "breadcrumbs": CRUMBS,
        },
        fragment="results",
    )


def _records(request: HttpRequest) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The dashboard's rows as records, all of them (not a page), filtered as the page is."""
    form = DashboardFilters(request.GET, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    chosen = list(dashboard.indicators(request.user, filters).order_by("name", "pk"))
    area = dashboard.area_for(filters)
    rows = dashboard.rows(chosen, area, today=timezone.localdate())
    about = {"area": area.code if area else None, "area_name": dashboard.area_name(filters)}
    return about, [presenters.dashboard_record(row) for row in rows]


def dashboard_json(request: HttpRequest) -> HttpResponse:
    about, records = _records(request)
    body = {**about, "as_at": timezone.localdate().isoformat(), "indicators": records}
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def dashboard_csv(request: HttpRequest) -> HttpResponse:
    _, records = _records(request)
    rows = (presenters.dashboard_csv_row(record) for record in records)
    response = HttpResponse(
        spreadsheets.csv_text(presenters.DASHBOARD_COLUMNS, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="dashboard.csv"'
    return response


@kept_for_each_person
def place_view(request: HttpRequest) -> HttpResponse:
    """Each indicator's latest figure and RAG in each of the four places, side by side."""
    listing = _listing(request, areas=False)
    places = list(Place.objects.all())
    rows = dashboard.places_rows(listing.rows, places, today=timezone.localdate())
    figures = any(series for row in rows for series in row.series)
    return render_page(
        request,
        "dashboards/places.jinja",
        {
            "listing": listing,
            "places": places,
            "figures": figures,
            "rows": [
                {
                    "indicator": row.indicator,
                    "cells": [presenters.latest_cells(series) if series else None for series in row.series],
                }
                for row in rows
            ],
            "breadcrumbs": [*CRUMBS, {"text": "Dashboards", "href": "/dashboards/"}],
        },
        fragment="results",
    )
