"""The steps every upload of rows shares (returns in dashboards, plans' trackers in priorities): a file checked
whole and kept once as a preview however often its form is sent, and a committed batch undone as one. Each app
keeps what its rows mean, its preview and its words; these are the steps, said once.

Sent by htmx (so the page can show the file's progress), a step that moves on answers with HX-Redirect: the whole
page goes to the next one, as it does without JavaScript.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect

from blmk_portal.edit_views import ALREADY_SAVED, once
from blmk_portal.forms import error_list

TOKEN = "submission"  # the upload form's hidden field: one preview per form, however often it is sent
EXPIRED = {"text": "This form has expired. Choose the file again, then upload it.", "href": "#form"}


class Checked(Protocol):
    """What an app's check of a file says: whether every row passed, and each problem if not."""

    @property
    def ok(self) -> bool: ...

    @property
    def errors(self) -> Sequence[Any]: ...


class Batch(Protocol):
    pk: Any

    def get_absolute_url(self) -> str: ...


@dataclass
class Received:
    """The upload form's answer: where to go (a good file's preview), or the file's problems to show."""

    go_to: HttpResponse | None = None
    bad_rows: Sequence[Any] = ()
    errors: list[dict[str, str]] = field(default_factory=list)


def go_to(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)  # type: ignore[attr-defined]


def receive(
    request: HttpRequest,
    form,
    *,
    check: Callable[[str, bytes], Checked],
    start: Callable[[str, Checked], Batch],
    problem: Callable[[int, Any], dict[str, str]],
) -> Received:
    """The upload form, sent or not. A file with any bad row keeps nothing and lists every problem (`problem` words
    the nth for the error summary); a good one is kept once as a batch to preview, however often it is sent."""
    if request.method != "POST":
        return Received()
    if not form.is_valid():
        return Received(errors=error_list(form))
    token = _token(request.POST.get(TOKEN, ""))
    if token is None:
        return Received(errors=[EXPIRED])
    upload = form.cleaned_data["file"]
    checked = check(upload.name, upload.read())
    if not checked.ok:
        return Received(
            bad_rows=checked.errors, errors=[problem(number, error) for number, error in enumerate(checked.errors)]
        )
    batch, first_time = once(token, lambda: start(upload.name, checked))
    if not first_time:
        messages.info(request, ALREADY_SAVED)
    return Received(go_to=go_to(request, batch.get_absolute_url()))


def commit(
    request: HttpRequest,
    batch: Batch,
    *,
    is_preview: bool,
    run: Callable[[str], Batch],
    refused: type[Exception],
    committed_already: str,
    committed: Callable[[Any], str],
) -> HttpResponse:
    """Commit a previewed batch as the preview the person saw (`run` is given its fingerprint, and refuses if the
    figures changed since). A second send says it was done already and saves nothing twice."""
    seen = request.POST.get("seen", "")
    if not seen:
        return HttpResponseBadRequest("Committing needs the preview it was asked from (seen)")
    if not is_preview:
        messages.info(request, committed_already)
        return redirect(batch.get_absolute_url())
    try:
        batch = run(seen)
    except refused as refusal:
        messages.error(request, str(refusal))
        return redirect(batch.get_absolute_url())
    messages.success(request, committed(batch))
    return go_to(request, batch.get_absolute_url())


@dataclass(frozen=True)
class UndoWords:
    """How an app speaks of undoing its batches: "import", "roll back", "rolled back", "figures"."""

    noun: str
    verb: str
    done: str
    things: str


def undo(
    request: HttpRequest,
    batch: Batch,
    *,
    is_undone: bool,
    is_committed: bool,
    words: UndoWords,
    run: Callable[[], None],
    refused: type[Exception],
) -> HttpResponse | None:
    """Undo a committed batch as one on POST. A batch undone already, or never committed, says so; None means
    show the page that asks first (on GET, or when the undo was refused, with its reason)."""
    as_before = f"its {words.things} are as they were before it"
    if is_undone:
        messages.info(request, f"This {words.noun} has been {words.done}: {as_before}")
        return redirect(batch.get_absolute_url())
    if not is_committed:
        messages.error(request, f"This {words.noun} was never committed, so there is nothing to {words.verb}")
        return redirect(batch.get_absolute_url())
    if request.method == "POST":
        try:
            run()
        except refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"{words.noun.capitalize()} {batch.pk} {words.done}: {as_before}")
            return redirect(batch.get_absolute_url())
    return None


def _token(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None
