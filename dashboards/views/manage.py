"""The staff pages of the dashboards app: indicators, and uploads of returns (upload, preview, commit, roll back).

Every step works without JavaScript. The preview is a page of its own, kept with the import, so Back, a reload
or a second click on Commit finds it again rather than saving anything twice.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Count, Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from blmk_portal import batch_uploads, formatting
from blmk_portal.edit_views import render_page
from blmk_portal.lists import Column, StaffList
from blmk_portal.page_cache import kept_for_each_person
from blmk_portal.records import MANAGE_CRUMB
from blmk_portal.roles import programme_office_required
from dashboards import exports, imports
from dashboards.forms import UploadForm
from dashboards.models import Area, Import, ImportChange, Indicator, Kind, Point
from dashboards.presenters import figure, import_cells, indicator_cells, indicator_summary, state_tag
from dashboards.records import CHANGE_POINT, DASHBOARDS, INDICATOR

COMMITTED_ALREADY = "This import was committed already, when the form was first sent. Nothing was saved twice."
ROLL_BACK = batch_uploads.UndoWords(noun="import", verb="roll back", done="rolled back", things="figures")
IMPORTS_CRUMB = {"text": "Imports", "href": reverse_lazy("dashboards:import_list")}


def _crumbs(*more: dict[str, str]) -> list[dict[str, str]]:
    return [*DASHBOARDS.breadcrumbs(), *more]


@programme_office_required
@kept_for_each_person
def manage_index(request: HttpRequest) -> HttpResponse:
    listing = StaffList(
        request,
        Indicator.objects.all(),
        columns={
            "code": Column("Code", sort=("code",)),
            "name": Column("Indicator", sort=("name",)),
            "status": Column("Status"),
            "actions": Column("Actions"),
        },
        default_sort="code",
        noun="indicators",
    )
    return render_page(
        request,
        "dashboards/manage_index.jinja",
        {
            "listing": listing,
            "rows": [listing.cells(indicator_cells(indicator)) for indicator in listing.rows],
            "new_url": INDICATOR.new_url(),
            "breadcrumbs": [MANAGE_CRUMB],
        },
        fragment="results",
    )


@programme_office_required
@kept_for_each_person
def indicator_overview(request: HttpRequest, indicator: str) -> HttpResponse:
    """What staff know of an indicator: its definition, the series its figures make, and its change points."""
    item = INDICATOR.get({"indicator": indicator})
    series = list(
        Point.objects.filter(indicator=item)
        .values("area", "kind")
        .annotate(points=Count("pk"), first=Min("period"), last=Max("period"))
        .order_by("area", "kind")
    )
    names = {area.pk: area for area in Area.objects.with_names().filter(pk__in={row["area"] for row in series})}
    labels = dict(Kind.choices)
    return render(
        request,
        "dashboards/manage_indicator.jinja",
        {
            **INDICATOR.page(item, "overview"),
            "indicator": item,
            "summary": indicator_summary(item),
            "series": [
                {
                    "area": f"{names[row['area']].name} ({names[row['area']].code})",
                    "kind": labels[row["kind"]].split(" (")[0],
                    "points": row["points"],
                    "from": f"{row['first']:%B %Y}",
                    "to": f"{row['last']:%B %Y}",
                }
                for row in series
            ],
            "change_points": list(item.change_points.select_related("area__place", "area__organisation")),
            "new_change_point_url": CHANGE_POINT.new_url(item),
        },
    )


@programme_office_required
def returns_download(request: HttpRequest, indicator: str | None = None) -> HttpResponse:
    """Every figure held (drafts' too: these are staff pages), or one indicator's, as a file an upload takes."""
    points = Point.objects.all()
    name = "returns.csv"
    if indicator is not None:
        item = INDICATOR.get({"indicator": indicator})
        points, name = points.filter(indicator=item), f"{item.code}-returns.csv"
    response = HttpResponse(exports.returns_csv(exports.ordered(points)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@programme_office_required
@kept_for_each_person
def import_list(request: HttpRequest) -> HttpResponse:
    listing = StaffList(
        request,
        Import.objects.select_related("created_by"),
        columns={
            "file": Column("File", sort=("file_name",)),
            "uploaded": Column("Uploaded", sort=("created_at",)),
            "state": Column("State", sort=("state",)),
            "values": Column("Values"),
            "actions": Column("Actions"),
        },
        default_sort="-uploaded",
        noun="imports",
    )
    return render_page(
        request,
        "dashboards/import_list.jinja",
        {
            "listing": listing,
            "rows": [listing.cells(import_cells(batch)) for batch in listing.rows],
            "breadcrumbs": _crumbs(),
        },
        fragment="results",
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    """Upload a file. A file with bad rows is shown back with every one of them, and nothing is kept; a good file
    is kept as a preview, once however often the form is sent."""
    form = UploadForm(request.POST or None, request.FILES or None)
    received = batch_uploads.receive(
        request,
        form,
        check=imports.check_file,
        start=lambda name, checked: imports.start(file_name=name, checked=checked, by=request.user),
        problem=lambda _, error: {
            "text": f"Row {error.row}: {error.message}" if error.row else error.message,
            "href": f"#row-{error.row}",
        },
    )
    if received.go_to:
        return received.go_to
    return render(
        request,
        "dashboards/import_new.jinja",
        {
            "form": UploadForm() if received.bad_rows else form,
            "token": uuid.uuid4(),
            "bad_rows": received.bad_rows,
            "errors": received.errors,
            "header": ",".join(imports.HEADER),
            "breadcrumbs": _crumbs(IMPORTS_CRUMB),
        },
    )


@programme_office_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(Import.objects.select_related("created_by", "rolled_back_by"), pk=pk)
    context: dict[str, Any] = {"batch": batch, "tag": state_tag(batch), "breadcrumbs": _crumbs(IMPORTS_CRUMB)}
    if batch.state == Import.State.PREVIEW:
        shown = imports.preview(batch)
        context |= {
            "preview": shown,
            "seen": shown.fingerprint,
            "added": _change_rows(shown.added),
            "changed": _change_rows(shown.changed),
        }
    else:
        changes = list(
            batch.changes.select_related("indicator", "area__place", "area__organisation").order_by(
                "indicator__code", "area_id", "period", "kind"
            )[: imports.PREVIEW_LIMIT]
        )
        context |= {
            "done": _done_rows(changes),
            "blocking": imports.blocking_rollback(batch) if batch.state == Import.State.COMMITTED else [],
        }
    context["limit"] = imports.PREVIEW_LIMIT
    return render(request, "dashboards/import_detail.jinja", context)


def _change_rows(changes: list[imports.Change]) -> list[dict[str, str]]:
    shown = changes[: imports.PREVIEW_LIMIT]
    units = {
        code: (unit, decimals)
        for code, unit, decimals in Indicator.objects.filter(code__in={c.code for c in shown}).values_list(
            "code", "unit", "decimals"
        )
    }
    return [
        {
            "indicator": change.code,
            "area": change.area_code,
            "period": f"{change.period:%B %Y}",
            "kind": change.kind_label,
            "old": "" if change.is_new else figure(change.old_value, *units[change.code], change.old_note),
            "new": figure(change.new_value, *units[change.code], change.new_note),
        }
        for change in shown
    ]


def _done_rows(changes: list[ImportChange]) -> list[dict[str, str]]:
    rows = []
    for change in changes:
        unit, decimals = change.indicator.unit, change.indicator.decimals
        rows.append(
            {
                "indicator": change.indicator.code,
                "area": change.area.code,
                "period": f"{change.period:%B %Y}",
                "kind": {"actual": "Value", "plan": "Plan", "target": "Target"}[change.kind],
                "old": "(new)" if change.is_new else figure(change.old_value, unit, decimals, change.old_note),
                "new": figure(change.new_value, unit, decimals, change.new_note),
            }
        )
    return rows


@programme_office_required
@require_http_methods(["POST"])
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(Import, pk=pk)
    return batch_uploads.commit(
        request,
        batch,
        is_preview=batch.state == Import.State.PREVIEW,
        run=lambda seen: imports.commit(batch=batch, seen=seen, by=request.user),
        refused=imports.ImportRefused,
        committed_already=COMMITTED_ALREADY,
        committed=lambda done: (
            f"Import committed: {formatting.count(done.added, 'new value')} and "
            f"{formatting.count(done.changed, 'changed value')}"
        ),
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def import_roll_back(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm; POST rolls the whole import back. A second POST says it was done already."""
    batch = get_object_or_404(Import.objects.select_related("created_by"), pk=pk)
    done = batch_uploads.undo(
        request,
        batch,
        is_undone=batch.state == Import.State.ROLLED_BACK,
        is_committed=batch.state == Import.State.COMMITTED,
        words=ROLL_BACK,
        run=lambda: imports.roll_back(batch=batch, by=request.user),
        refused=imports.ImportRefused,
    )
    if done:
        return done
    return render(
        request,
        "dashboards/import_roll_back.jinja",
        {
            "batch": batch,
            "blocking": imports.blocking_rollback(batch),
            "breadcrumbs": _crumbs(IMPORTS_CRUMB, {"text": f"Import {batch.pk}", "href": batch.get_absolute_url()}),
        },
    )
