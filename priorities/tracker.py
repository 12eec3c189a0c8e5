"""A plan's tracker in Excel, out and back: the workbook programme offices keep today, so they can move off it
one quarter at a time.

Out: one row per milestone of the plan (programme, milestone, owner, due date), then a status and a commentary
column for each reporting period the plan has statuses for, and this quarter's, then a column for the reason
of any correction. Back: the same workbook, filled in. Only the status, commentary and reason columns are read;
the rest are there to read by, and the Milestone ID column says which milestone a row is.

A file is checked whole: nothing is kept from a file with any bad row, and every bad row is listed with its
column and what is wrong, numbered as the spreadsheet numbers it. A good file waits as a `TrackerImport` with a
preview (new statuses, changed ones old to new); committing it writes every status in one transaction through
the status service (one status per milestone per period, commentary for Red and Amber, a reason to correct a
signed-off period), checking first that nothing changed since the preview. Undoing it takes back every status it
set, as a unit, unless one has changed or been signed off since.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from blmk_portal.rag import Rag, with_article
from blmk_portal.spreadsheets import Unreadable, read_cells, text_stays_text
from priorities import services
from priorities.models import Milestone, Plan, SignOff, StatusUpdate
from priorities.period_rules import Period
from priorities.status_rules import needs_commentary
from priorities.tracker_models import TrackerChange, TrackerImport

ID = "Milestone ID"
READ_BY = ("Priority", "Programme", "Milestone", "Owner", "Due date")  # written out, not read back
REASON = "Reason for a correction"
STATUS, COMMENTARY = "status", "commentary"
PERIOD_COLUMN = re.compile(r"^(?P<period>.+) (?P<what>status|commentary)$", re.IGNORECASE)
MAX_ROWS = 5_000
MAX_COMMENTARY = StatusUpdate._meta.get_field("commentary").max_length
MAX_REASON = StatusUpdate._meta.get_field("reason").max_length
# How long a preview nobody committed is kept.
PREVIEW_KEPT = dt.timedelta(days=30)
# Tracker commits and undos go one at a time, so one never works from a state another is changing.
LOCK = 741_012
# What a status cell may say: the word the tracker writes, its first word, or the stored value.
STATUS_WORDS = {
    **{rag.label.casefold(): rag for rag in Rag},
    **{rag.label.split()[0].casefold(): rag for rag in Rag},
    **{rag.value: rag for rag in Rag},
    "complete": Rag.BLUE,
    "not reported": Rag.GREY,
}
STATUS_CHOICES_IN_WORDS = ", ".join(rag.label for rag in Rag)


class TrackerRefused(Exception):
    """The file, or the commit or undo asked for, cannot go ahead; the message says why."""


# ---- Out: the workbook ----


def status_column(period: str) -> str:
    return f"{period} {STATUS}"


def commentary_column(period: str) -> str:
    return f"{period} {COMMENTARY}"


def tracker_periods(held: Iterable[str], today: dt.date) -> list[str]:
    """The periods a tracker has columns for, oldest first: those with statuses, and this quarter's to fill in."""
    return sorted({*held, str(Period.of(today))}, key=Period.parse)


def tracker_milestones(plan: Plan) -> list[Milestone]:
    """Every milestone of the plan, drafts too (staff keep the tracker), in the plan's order. One query."""
    return list(
        Milestone.objects.filter(programme__priority__plan=plan)
        .select_related("programme__priority")
        .order_by("programme__priority__order", "programme__priority__code", "programme__order", "order", "pk")
    )


def held_statuses(plan: Plan) -> dict[tuple[int, str], StatusUpdate]:
    """The standing status of each milestone of the plan for each period. One query."""
    updates = StatusUpdate.objects.standing().filter(milestone__programme__priority__plan=plan)
    return {(update.milestone_id, update.reporting_period): update for update in updates}


def tracker_rows(plan: Plan, today: dt.date) -> tuple[list[str], list[list[Any]]]:
    """The tracker's header and rows, as the workbook holds them. Two queries."""
    milestones = tracker_milestones(plan)
    held = held_statuses(plan)
    periods = tracker_periods({period for _, period in held}, today)
    header = [ID, *READ_BY]
    for period in periods:
        header += [status_column(period), commentary_column(period)]
    header.append(REASON)
    rows = []
    for milestone in milestones:
        priority = milestone.programme.priority
        row: list[Any] = [
            milestone.pk,
            f"{priority.code} {priority.title}",
            milestone.programme.title,
            milestone.title,
            milestone.owner,
            milestone.due_date,
        ]
        for period in periods:
            update = held.get((milestone.pk, period))
            row += [Rag(update.rag).label, update.commentary] if update else ["", ""]
        row.append("")
        rows.append(row)
    return header, rows


def tracker_workbook(plan: Plan, today: dt.date | None = None) -> bytes:
    """The plan's tracker as an Excel workbook: the tracker on the first sheet (the one read back), with a list
    of statuses to choose from in each status column, and how to fill it in on the second."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    header, rows = tracker_rows(plan, today or timezone.localdate())
    book = Workbook()
    sheet = book.active
    sheet.title = "Tracker"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    text_stays_text(sheet)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "E2"  # the header and the milestone stay in sight
    last = max(len(rows) + 1, 2)
    choices = DataValidation(
        type="list", formula1='"' + ",".join(rag.label for rag in Rag) + '"', allow_blank=True, showErrorMessage=True
    )
    choices.error = f"Choose one of: {STATUS_CHOICES_IN_WORDS}"
    sheet.add_data_validation(choices)
    for position, name in enumerate(header, start=1):
        letter = get_column_letter(position)
        wide = name.endswith(COMMENTARY) or name in ("Milestone", REASON)
        sheet.column_dimensions[letter].width = 50 if wide else 22 if name.endswith(STATUS) else 16
        if name.endswith(STATUS):
            choices.add(f"{letter}2:{letter}{last}")
        if name == "Due date":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                cell.number_format = "d mmmm yyyy"
        if wide:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes = book.create_sheet("How to fill it in")
    for line in how_to_fill_it_in():
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def how_to_fill_it_in() -> list[str]:
    return [
        "How to fill in the tracker",
        "Give each milestone's status for the quarter in its status column: "
        f"{STATUS_CHOICES_IN_WORDS}. Red and Amber need commentary saying what is wrong and what is being done.",
        "A status left empty leaves the portal's as it is: the tracker never removes a status (withdraw one on the "
        "portal, with a reason).",
        "A quarter already signed off keeps what was published beside any correction: to change its status, say "
        f"why in the ‘{REASON}’ column.",
        f"Only the status, commentary and ‘{REASON}’ columns are read back. Keep the ‘{ID}’ column as it is: it "
        "says which milestone each row is. Keep the Tracker sheet first.",
        "Upload the file from the plan's page in the portal: every row is checked first, and you see what it would "
        "change before anything is saved.",
    ]


# ---- Back: checking a filled-in tracker ----


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1; 0 for the whole file
    column: str  # the column's name as the header gives it; "" for the whole row or file
    message: str


@dataclass
class Checked:
    """What a file holds, checked: the statuses it gives, or every bad row with its reasons."""

    statuses: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Columns:
    id: int
    reason: int | None
    periods: dict[str, tuple[int | None, int | None]]  # period: (status column, commentary column)


def check_tracker(plan: Plan, file_name: str, data: bytes, *, today: dt.date | None = None) -> Checked:
    """Every row of the file checked against the plan's milestones and the statuses held; nothing is written."""
    checked = Checked()
    try:
        cells = read_cells(file_name, data)
        columns = _header(cells, today or timezone.localdate(), checked)
        if columns is not None:
            _check_rows(plan, cells, columns, checked)
    except Unreadable as refusal:
        checked.errors.append(RowError(0, "", str(refusal)))
    if checked.ok and not checked.statuses:
        checked.errors.append(RowError(0, "", "The file gives no statuses: fill in a status column, then upload it"))
    return checked


def _header(cells: Iterator[tuple[int, list[Any]]], today: dt.date, checked: Checked) -> Columns | None:
    for number, row in cells:
        names = [_text(cell) for cell in row]
        if not any(names):
            continue
        problems: list[RowError] = []
        found: dict[str, int] = {}
        periods: dict[str, list[int | None]] = {}
        fixed = {name.casefold(): name for name in (ID, *READ_BY, REASON)}
        for position, name in enumerate(names):
            if not name:
                continue
            key = fixed.get(name.casefold())
            match = PERIOD_COLUMN.match(name)
            if key is None and match:
                try:
                    period = Period.parse(match["period"])
                except ValueError:
                    problems.append(
                        RowError(number, name, f"‘{match['period']}’ is not a reporting period like 2026/27 Q3")
                    )
                    continue
                if period > Period.of(today):
                    problems.append(
                        RowError(number, name, f"{period} is still to come: give statuses up to {Period.of(today)}")
                    )
                    continue
                key = f"{period} {match['what'].casefold()}"
                periods.setdefault(str(period), [None, None])[0 if match["what"].casefold() == STATUS else 1] = position
            if key is None:
                problems.append(
                    RowError(
                        number,
                        name,
                        f"‘{name}’ is not a column of the tracker: remove it, or download the tracker again",
                    )
                )
            elif key in found:
                problems.append(RowError(number, name, f"The column ‘{name}’ is there twice"))
            else:
                found[key] = position
        if ID not in found:
            problems.append(
                RowError(number, ID, f"The header has no ‘{ID}’ column: it says which milestone each row is")
            )
        for period, (status, _) in periods.items():
            if status is None:
                problems.append(
                    RowError(
                        number,
                        commentary_column(period),
                        f"There is no ‘{status_column(period)}’ column for this commentary",
                    )
                )
        checked.errors += problems
        if problems:
            return None
        return Columns(
            id=found[ID],
            reason=found.get(REASON),
            periods={period: (status, commentary) for period, (status, commentary) in sorted(periods.items())},
        )
    checked.errors.append(RowError(0, "", "The file is empty"))
    return None


def _check_rows(plan: Plan, cells: Iterable[tuple[int, list[Any]]], columns: Columns, checked: Checked) -> None:
    milestones = {m.pk: m for m in tracker_milestones(plan)}
    held = held_statuses(plan)
    signed = set(SignOff.objects.filter(programme__priority__plan=plan).values_list("programme_id", "reporting_period"))
    seen: dict[int, int] = {}
    rows = 0
    for number, row in cells:
        given = [_text(cell) if not isinstance(cell, str) else cell.strip() for cell in row]
        if not any(given):
            continue
        rows += 1
        if rows > MAX_ROWS:
            checked.errors.append(
                RowError(number, "", f"A tracker may hold at most {MAX_ROWS:,} rows: split it in two")
            )
            return

        problems: list[RowError] = []
        milestone = _milestone(row[columns.id] if columns.id < len(row) else None, plan, milestones, problems, number)
        if milestone is not None:
            if milestone.pk in seen:
                problems.append(
                    RowError(number, ID, f"Milestone {milestone.pk} is on row {seen[milestone.pk]} already")
                )
            else:
                seen[milestone.pk] = number
        reason = " ".join(_at(given, columns.reason).split())
        if len(reason) > MAX_REASON:
            problems.append(RowError(number, REASON, f"The reason is longer than {MAX_REASON:,} characters"))
        for period, (status_at, commentary_at) in columns.periods.items():
            status, commentary = _at(given, status_at), _at(given, commentary_at).replace("\r\n", "\n").strip()
            status_name, commentary_name = status_column(period), commentary_column(period)
            if not status:
                if commentary:
                    problems.append(
                        RowError(number, commentary_name, "There is commentary but no status: give the status too")
                    )
                continue
            rag = STATUS_WORDS.get(" ".join(status.casefold().split()))
            if rag is None:
                problems.append(
                    RowError(number, status_name, f"‘{status}’ is not a status: use one of {STATUS_CHOICES_IN_WORDS}")
                )
                continue
            if needs_commentary(rag) and not commentary:
                problems.append(
                    RowError(
                        number,
                        commentary_name,
                        _sentence(
                            f"{with_article(rag.label)} status needs commentary saying what is wrong and what "
                            "is being done"
                        ),
                    )
                )
            if len(commentary) > MAX_COMMENTARY:
                problems.append(
                    RowError(number, commentary_name, f"The commentary is longer than {MAX_COMMENTARY:,} characters")
                )
            if milestone is None:
                continue
            standing = held.get((milestone.pk, period))
            differs = standing is not None and (standing.rag, standing.commentary) != (rag.value, commentary)
            if differs and (milestone.programme_id, period) in signed and not reason:
                problems.append(
                    RowError(
                        number,
                        REASON,
                        f"{milestone.programme.title} is signed off for {period}, so changing its status is a "
                        f"correction: say why in the ‘{REASON}’ column",
                    )
                )
            checked.statuses.append(
                {
                    "row": number,
                    "milestone": milestone.pk,
                    "period": period,
                    "rag": rag.value,
                    "commentary": commentary,
                    "reason": reason,
                }
            )
        checked.errors += problems


def _at(given: list[str], position: int | None) -> str:
    return given[position] if position is not None and position < len(given) else ""


def _milestone(raw: Any, plan: Plan, milestones: dict[int, Milestone], problems: list[RowError], number: int):
    text = _text(raw)
    if not text:
        problems.append(RowError(number, ID, f"The {ID} is missing: keep the column as the tracker was downloaded"))
        return None
    try:
        pk = int(text)
    except ValueError:
        pk = None
    milestone = milestones.get(pk) if pk is not None else None
    if milestone is None:
        problems.append(RowError(number, ID, f"There is no milestone {text} in {plan.title}"))
    return milestone


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime | dt.date):
        return cell.isoformat()
    return " ".join(str(cell).split())


# ---- Keeping a checked file until it is committed ----


def start(*, plan: Plan, file_name: str, checked: Checked, by) -> TrackerImport:
    """A checked file kept for its preview. No status is written yet."""
    if not checked.ok:
        raise TrackerRefused("A file with bad rows is never kept")
    TrackerImport.objects.filter(
        state=TrackerImport.State.PREVIEW, created_at__lt=timezone.now() - PREVIEW_KEPT
    ).delete()
    return TrackerImport.objects.create(
        plan=plan,
        file_name=PurePath(file_name).name[:255] or "tracker.xlsx",
        rows=checked.statuses,
        created_by=by if getattr(by, "pk", None) else None,
    )


# ---- The preview: what a commit would change ----


@dataclass(frozen=True)
class Change:
    row: int
    milestone: Milestone
    period: str
    kind: str  # TrackerChange.Kind
    old: StatusUpdate | None
    rag: str
    commentary: str
    reason: str


@dataclass
class Preview:
    added: list[Change]
    changed: list[Change]
    unchanged: int
    fingerprint: str  # of the statuses and sign-offs it was worked out from: a commit checks they still hold


def preview(batch: TrackerImport) -> Preview:
    """What committing the upload would add and change, against the statuses held now. Three queries. Refused
    when a milestone it gives has been removed since."""
    milestones = Milestone.objects.select_related("programme").in_bulk({row["milestone"] for row in batch.rows})
    held = held_statuses(batch.plan)
    signed = set(
        SignOff.objects.filter(programme__priority__plan=batch.plan).values_list("programme_id", "reporting_period")
    )
    added, changed, unchanged, basis = [], [], 0, []
    for row in batch.rows:
        milestone = milestones.get(row["milestone"])
        if milestone is None:
            raise TrackerRefused(
                f"The milestone on row {row['row']} has been removed since the file was checked: download the "
                "tracker again and upload it afresh"
            )
        old = held.get((milestone.pk, row["period"]))
        is_signed = (milestone.programme_id, row["period"]) in signed
        basis.append((milestone.pk, row["period"], old and (old.pk, old.rag, old.commentary), is_signed))
        if old is None:
            kind = TrackerChange.Kind.NEW
        elif (old.rag, old.commentary) == (row["rag"], row["commentary"]):
            unchanged += 1
            continue
        else:
            kind = TrackerChange.Kind.CORRECTION if is_signed else TrackerChange.Kind.EDIT
        change = Change(row["row"], milestone, row["period"], kind, old, row["rag"], row["commentary"], row["reason"])
        (added if old is None else changed).append(change)
    digest = hashlib.sha256(repr(sorted(basis, key=repr)).encode()).hexdigest()[:32]
    return Preview(added, changed, unchanged, digest)


# ---- Committing and undoing ----


@transaction.atomic
def commit(*, batch: TrackerImport, seen: str, by) -> TrackerImport:
    """Every status of the upload written in one transaction through the status service, if what it would change
    is what the person was shown (`seen`, the preview's fingerprint). A second commit changes nothing."""
    _lock()
    batch = TrackerImport.objects.select_for_update().select_related("plan").get(pk=batch.pk)
    if batch.state != TrackerImport.State.PREVIEW:
        return batch
    shown = preview(batch)
    if shown.fingerprint != seen:
        raise TrackerRefused(
            "The statuses held changed after this preview was shown, so nothing has been saved. Check the preview "
            "below, which is up to date, then commit again."
        )
    for change in [*shown.added, *shown.changed]:
        try:
            update = services.milestone_report_status(
                milestone=change.milestone,
                rag=change.rag,
                commentary=change.commentary,
                reporting_period=change.period,
                reason=change.reason,
                by=by,
            )
        except ValidationError as error:
            raise TrackerRefused(f"Row {change.row}: {' '.join(error.messages)}. Nothing has been saved.") from None
        TrackerChange.objects.create(
            batch=batch,
            milestone=change.milestone,
            reporting_period=change.period,
            kind=change.kind,
            update=update,
            replaced=change.old if change.kind == TrackerChange.Kind.CORRECTION else None,
            old_rag=change.old.rag if change.old else "",
            old_commentary=change.old.commentary if change.old else "",
            new_rag=change.rag,
            new_commentary=change.commentary,
            reason=change.reason if change.kind == TrackerChange.Kind.CORRECTION else "",
        )
    TrackerImport.objects.filter(pk=batch.pk).update(
        state=TrackerImport.State.COMMITTED,
        committed_at=timezone.now(),
        added=len(shown.added),
        changed=len(shown.changed),
        rows=[],
    )
    batch.refresh_from_db()
    return batch


def undo_blockers(batch: TrackerImport) -> list[str]:
    """Why the upload cannot be undone, in words: a status it set has changed since (edited, corrected, withdrawn
    or set by a later upload), or the quarter it set has been signed off since, so it is public."""
    changes = list(batch.changes.select_related("update", "milestone__programme"))
    signed_since = set(
        SignOff.objects.filter(
            programme__in={change.milestone.programme_id for change in changes}, signed_off_at__gt=batch.committed_at
        ).values_list("programme_id", "reporting_period")
    )
    blockers = []
    for change in changes:
        update, where = change.update, f"{change.milestone} ({change.reporting_period})"
        if (
            update is None
            or not update.is_standing
            or (update.rag, update.commentary)
            != (
                change.new_rag,
                change.new_commentary,
            )
        ):
            blockers.append(f"The status of {where} has changed since")
        elif (
            change.kind != TrackerChange.Kind.CORRECTION
            and (change.milestone.programme_id, change.reporting_period) in signed_since
        ):
            blockers.append(
                f"{change.milestone.programme.title} has been signed off for {change.reporting_period} since, so "
                f"the status of {where} is public: correct it instead"
            )
    return blockers


@transaction.atomic
def undo(*, batch: TrackerImport, by) -> TrackerImport:
    """Take back every status the upload set, as a unit: statuses it added go, those it edited get their old
    values back, and a correction it made goes, standing the status it replaced again. Refused, whole, when
    any has changed or been signed off since. Undoing twice changes nothing more."""
    _lock()
    batch = TrackerImport.objects.select_for_update().get(pk=batch.pk)
    if batch.state == TrackerImport.State.UNDONE:
        return batch
    if batch.state != TrackerImport.State.COMMITTED:
        raise TrackerRefused("This upload was never committed, so there is nothing to undo")
    blockers = undo_blockers(batch)
    if blockers:
        raise TrackerRefused(f"It cannot be undone: {'; '.join(blockers)}.")
    with pghistory.context(user=getattr(by, "pk", None), tracker_undo=batch.pk):
        for change in batch.changes.select_related("update", "replaced"):
            if change.kind == TrackerChange.Kind.EDIT:
                change.update.rag, change.update.commentary = change.old_rag, change.old_commentary
                change.update.save(update_fields=["rag", "commentary", "changed_at"])
                continue
            change.update.delete()
            if change.kind == TrackerChange.Kind.CORRECTION and change.replaced is not None:
                change.replaced.replaced_at = None
                change.replaced.save(update_fields=["replaced_at", "changed_at"])
    TrackerImport.objects.filter(pk=batch.pk).update(
        state=TrackerImport.State.UNDONE, undone_at=timezone.now(), undone_by=by if getattr(by, "pk", None) else None
    )
    batch.refresh_from_db()
    return batch


def _lock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
