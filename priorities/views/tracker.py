"""Staff pages for a plan's tracker in Excel (priorities/tracker.py): download it, upload it filled in (every bad
row listed, nothing kept), see what it would change, commit it, and undo it as one.

Every step works without JavaScript. The preview is a page of its own, kept with the upload, so Back, a reload or
a second click on Commit finds it again rather than saving anything twice.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from blmk_portal import batch_uploads
from blmk_portal import forms as nhs
from blmk_portal.rag import rag_tag
from blmk_portal.roles import programme_office_required
from blmk_portal.uploads import CONTENT_TYPES
from priorities import tracker
from priorities.records import PLAN
from priorities.tracker_models import TrackerChange, TrackerImport

UNDO = batch_uploads.UndoWords(noun="upload", verb="undo", done="undone", things="statuses")
COMMITTED_ALREADY = "This upload was committed already, when the form was first sent. Nothing was saved twice."
# A tracker of every milestone of the largest plan is well under 1 MB.
MAX_UPLOAD = 5 * 1024 * 1024


class TrackerUploadForm(nhs.Form):
    file = nhs.FileField(
        label="Filled-in tracker",
        allowed={"xlsx"},
        max_size=MAX_UPLOAD,
        help_text="The Excel workbook downloaded from this page, with statuses and commentary filled in",
        subject="the tracker",
    )


def _crumbs(plan, *more: dict[str, str]) -> list[dict[str, str]]:
    return [*PLAN.breadcrumbs(plan), *more]


def _upload_crumb(plan) -> dict[str, str]:
    return {"text": "Tracker in Excel", "href": tracker_url(plan)}


def tracker_url(plan) -> str:
    return reverse("priorities:tracker_upload", kwargs={"plan": plan.slug})


@programme_office_required
def tracker_download(request: HttpRequest, plan: str) -> HttpResponse:
    """The plan's tracker as an Excel workbook: every milestone, drafts too (these are staff pages)."""
    item = PLAN.get({"plan": plan})
    today = timezone.localdate()
    response = HttpResponse(tracker.tracker_workbook(item, today), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{item.slug}-tracker-{today:%Y-%m-%d}.xlsx"'
    return response


@programme_office_required
@require_http_methods(["GET", "POST"])
def tracker_upload(request: HttpRequest, plan: str) -> HttpResponse:
    """Download the tracker, or upload it filled in. A file with bad rows comes back with every one of them, and
    nothing is kept; a good file is kept as a preview, once however often the form is sent."""
    item = PLAN.get({"plan": plan})
    form = TrackerUploadForm(request.POST or None, request.FILES or None)
    received = batch_uploads.receive(
        request,
        form,
        check=lambda name, data: tracker.check_tracker(item, name, data),
        start=lambda name, checked: tracker.start(plan=item, file_name=name, checked=checked, by=request.user),
        problem=lambda number, error: {"text": _problem_text(error), "href": f"#problem-{number}"},
    )
    if received.go_to:
        return received.go_to
    return render(
        request,
        "priorities/manage/tracker_upload.jinja",
        {
            "plan": item,
            "form": TrackerUploadForm() if received.bad_rows else form,
            "token": uuid.uuid4(),
            "bad_rows": received.bad_rows,
            "errors": received.errors,
            "how": tracker.how_to_fill_it_in()[1:],
            "uploads": TrackerImport.objects.filter(plan=item).select_related("created_by")[:20],
            "breadcrumbs": _crumbs(item),
        },
    )


def _problem_text(error: tracker.RowError) -> str:
    where = ", ".join(part for part in (f"Row {error.row}" if error.row else "", error.column) if part)
    return f"{where}: {error.message}" if where else error.message


@programme_office_required
def tracker_import(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    """One upload: its preview until it is committed (with the button that commits it), then what it did."""
    item = PLAN.get({"plan": plan})
    batch = get_object_or_404(TrackerImport.objects.select_related("created_by", "undone_by", "plan"), pk=pk, plan=item)
    context: dict[str, Any] = {"plan": item, "batch": batch, "breadcrumbs": _crumbs(item, _upload_crumb(item))}
    if batch.state == TrackerImport.State.PREVIEW:
        try:
            shown = tracker.preview(batch)
        except tracker.TrackerRefused as refusal:
            return render(request, "priorities/manage/tracker_import.jinja", {**context, "refused": str(refusal)})
        context |= {
            "preview": shown,
            "seen": shown.fingerprint,
            "added": [_preview_row(change) for change in shown.added],
            "changed": [_preview_row(change) for change in shown.changed],
        }
    else:
        changes = batch.changes.select_related("milestone__programme")
        context |= {
            "done": [_done_row(change) for change in changes],
            "blockers": tracker.undo_blockers(batch) if batch.state == TrackerImport.State.COMMITTED else [],
        }
    return render(request, "priorities/manage/tracker_import.jinja", context)


def _preview_row(change: tracker.Change) -> dict[str, Any]:
    kind = TrackerChange.Kind(change.kind).label
    return {
        "row": change.row,
        "milestone": change.milestone.title,
        "programme": change.milestone.programme.title,
        "period": change.period,
        "kind": kind,
        "old": _status(change.old.rag, change.old.commentary) if change.old else None,
        "new": _status(change.rag, change.commentary),
        "reason": change.reason if change.kind == TrackerChange.Kind.CORRECTION else "",
    }


def _done_row(change: TrackerChange) -> dict[str, Any]:
    return {
        "milestone": change.milestone.title,
        "programme": change.milestone.programme.title,
        "period": change.reporting_period,
        "kind": change.get_kind_display(),
        "old": _status(change.old_rag, change.old_commentary) if change.old_rag else None,
        "new": _status(change.new_rag, change.new_commentary),
        "reason": change.reason,
    }


def _statuses(count: int, what: str) -> str:
    return f"{count:,} {what} {'status' if count == 1 else 'statuses'}"


def _status(rag: str, commentary: str) -> dict[str, Any]:
    return {"tag": rag_tag(rag), "commentary": commentary}


@programme_office_required
@require_POST
def tracker_commit(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    item = PLAN.get({"plan": plan})
    batch = get_object_or_404(TrackerImport, pk=pk, plan=item)
    return batch_uploads.commit(
        request,
        batch,
        is_preview=batch.state == TrackerImport.State.PREVIEW,
        run=lambda seen: tracker.commit(batch=batch, seen=seen, by=request.user),
        refused=tracker.TrackerRefused,
        committed_already=COMMITTED_ALREADY,
        committed=lambda done: (
            f"Tracker committed: {_statuses(done.added, 'new')} and {_statuses(done.changed, 'changed')}"
        ),
    )


@programme_office_required
@require_http_methods(["GET", "POST"])
def tracker_undo(request: HttpRequest, plan: str, pk: int) -> HttpResponse:
    """GET asks to confirm; POST undoes the whole upload. A second POST says it was done already."""
    item = PLAN.get({"plan": plan})
    batch = get_object_or_404(TrackerImport.objects.select_related("created_by"), pk=pk, plan=item)
    done = batch_uploads.undo(
        request,
        batch,
        is_undone=batch.state == TrackerImport.State.UNDONE,
        is_committed=batch.state == TrackerImport.State.COMMITTED,
        words=UNDO,
        run=lambda: tracker.undo(batch=batch, by=request.user),
        refused=tracker.TrackerRefused,
    )
    if done:
        return done
    return render(
        request,
        "priorities/manage/tracker_undo.jinja",
        {
            "plan": item,
            "batch": batch,
            "blockers": tracker.undo_blockers(batch),
            "breadcrumbs": _crumbs(
                item, _upload_crumb(item), {"text": f"Upload {batch.pk}", "href": batch.get_absolute_url()}
            ),
        },
    )
