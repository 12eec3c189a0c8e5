"""Uploading returns: a CSV or XLSX file of figures, checked whole, previewed, committed as one `Import`, and
rolled back as one.

The file's header is `indicator,area,period,value,plan,target,note` (plan, target and note may be left out).
Each row gives one indicator's figures for one area and month: its actual value (with a note, or a note saying
why there is none), and where given its plan and target, each kept in its own series. A blank plan or target
leaves the one held alone.

Nothing is saved from a file with any bad row: every bad row is reported with its reason, numbered as a
spreadsheet numbers it (the header is row 1). A good file is kept as a preview (new values, changed values with
old and new) until someone commits it; the commit checks that nothing changed since the preview was shown, and
writes every point in one transaction with bulk statements. Imports commit and roll back one at a time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

import pghistory
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from blmk_portal.spreadsheets import Unreadable, read_cells
from dashboards.models import (
    NOTES_WITHOUT_VALUE,
    SYSTEM_CODE,
    Area,
    Import,
    ImportChange,
    Indicator,
    Kind,
    Note,
    Point,
)
from places.models import Organisation, Place

REQUIRED = ("indicator", "area", "period", "value")
OPTIONAL = ("plan", "target", "note")
HEADER = (*REQUIRED, *OPTIONAL)
MAX_ROWS = 50_000
# Notes as people type them, and the stored word.
# Each note as a file writes it (exports.py writes these), and the other ways people type them.
NOTE_WRITTEN = {
    Note.NONE: "",
    Note.UNVALIDATED: "unvalidated",
    Note.NOT_REPORTED: "not reported",
    Note.NO_PATIENTS: "no patients",
    Note.COLLECTION_SUSPENDED: "collection suspended",
}
NOTE_WORDS = {
    **{word: note for note, word in NOTE_WRITTEN.items()},
    "not reporting": Note.NOT_REPORTED,
    "np": Note.NO_PATIENTS,
    "suspended": Note.COLLECTION_SUSPENDED,
}
PERIOD = re.compile(r"^(\d{4})-(\d{1,2})$")
MINUTES_SECONDS = re.compile(r"^(\d+):([0-5]\d)$")
QUARTER_ENDS = (3, 6, 9, 12)
# Imports commit and roll back one at a time, so one never works from a state another is changing.
LOCK = 741_011
# How long a preview nobody committed is kept.
PREVIEW_KEPT = dt.timedelta(days=30)
# How many changes of each kind a preview page lists.
PREVIEW_LIMIT = 500


class ImportRefused(Exception):
    """The file, or the commit or rollback asked for, cannot go ahead; the message says why."""


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    message: str


@dataclass
class Checked:
    """What a file holds, checked: rows ready to store, or every bad row with its reasons."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# ---- Checking it (the file is read by blmk_portal/spreadsheets.py) ----


class Lookups:
    """The codes a file may use, read once: indicators (drafts too: staff load figures before publishing) and
    areas (BLMK, places by slug, organisations by short name, in any case)."""

    def __init__(self) -> None:
        self.indicators = {
            code: (pk, unit, frequency)
            for pk, code, unit, frequency in Indicator.objects.values_list("pk", "code", "unit", "frequency")
        }
        self.areas: dict[str, str] = {SYSTEM_CODE.casefold(): "system"}
        self.area_codes: dict[str, str] = {"system": SYSTEM_CODE}
        for pk, slug in Place.objects.values_list("pk", "slug"):
            self.areas[slug.casefold()] = f"place:{pk}"
            self.area_codes[f"place:{pk}"] = slug
        for pk, short_name in Organisation.objects.values_list("pk", "short_name"):
            self.areas.setdefault(short_name.casefold(), f"organisation:{pk}")
            self.area_codes[f"organisation:{pk}"] = short_name


def check_file(file_name: str, data: bytes, *, today: dt.date | None = None) -> Checked:
    """Every row checked; nothing is written."""
    checked = Checked()
    try:
        cells = read_cells(file_name, data)
        header = _header(cells, checked)
        if header is not None:
            _check_rows(cells, header, Lookups(), today or timezone.localdate(), checked)
    except (ImportRefused, Unreadable) as refusal:
        checked.errors.append(RowError(0, str(refusal)))
    if not checked.errors and not checked.rows:
        checked.errors.append(RowError(0, "The file has a header but no rows of figures"))
    return checked


def _header(cells: Iterator[tuple[int, list[Any]]], checked: Checked) -> dict[str, int] | None:
    for number, row in cells:
        names = [_text(cell).casefold() for cell in row]
        if not any(names):
            continue
        columns = {name: position for position, name in enumerate(names) if name}
        missing = [name for name in REQUIRED if name not in columns]
        unknown = [name for name in columns if name not in HEADER]
        problems = []
        if missing:
            problems.append(f"the header has no {_and(missing)} column")
        if unknown:
            problems.append(
                f"{_and(unknown)} {'is not a column' if len(unknown) == 1 else 'are not columns'} "
                f"an upload has (use {','.join(HEADER)})"
            )
        if len(columns) < len([name for name in names if name]):
            problems.append("a column is named twice")
        if problems:
            checked.errors.append(RowError(number, _sentence("; ".join(problems))))
            return None
        return columns
    checked.errors.append(RowError(0, "The file is empty"))
    return None


def _check_rows(
    cells: Iterable[tuple[int, list[Any]]], header: dict[str, int], lookups: Lookups, today: dt.date, checked: Checked
) -> None:
    seen: dict[tuple[str, str, str], int] = {}
    this_month = today.replace(day=1)
    for number, row in cells:
        given = {name: _text(row[position]) if position < len(row) else "" for name, position in header.items()}
        raw = {name: row[position] if position < len(row) else None for name, position in header.items()}
        if not any(given.values()):
            continue
        if len(checked.rows) + len(checked.errors) >= MAX_ROWS:
            checked.errors.append(RowError(number, f"A file may hold at most {MAX_ROWS:,} rows: split it in two"))
            return
        problems: list[str] = []
        code = given["indicator"].upper()
        indicator = lookups.indicators.get(code)
        if not code:
            problems.append("the indicator is missing")
        elif indicator is None:
            problems.append(f"there is no indicator with the code {given['indicator']}")
        area = lookups.areas.get(given["area"].casefold())
        if not given["area"]:
            problems.append("the area is missing")
        elif area is None:
            problems.append(
                f"there is no area {given['area']} (use BLMK, a place such as luton, or an organisation's short "
                "name such as MKUH)"
            )
        period = _period(raw["period"], given["period"], problems)
        if period and indicator and indicator[2] == Indicator.Frequency.QUARTERLY and period.month not in QUARTER_ENDS:
            problems.append(
                f"{code} is quarterly: give a quarter as its last month (March, June, September or December)"
            )
        note = NOTE_WORDS.get(" ".join(given.get("note", "").casefold().split()))
        if note is None:
            problems.append(
                f"the note ‘{given['note']}’ is not one an upload may give (use unvalidated, not reported, "
                "no patients or collection suspended, or leave it empty)"
            )
        unit = indicator[1] if indicator else None
        figures = {
            kind: _number(raw.get(kind), given.get(kind, ""), unit, kind, problems)
            for kind in ("value", "plan", "target")
        }
        # A row may give only a plan or a target (a trajectory set ahead); a note other than "not reported" or
        # "no patients" qualifies a value, so it needs one.
        only_plans = not note and (given.get("plan", "") or given.get("target", ""))
        if given["value"] == "" and note not in (None, *NOTES_WITHOUT_VALUE) and not only_plans:
            problems.append("the value is missing: give it, or a note saying why there is none (not reported)")
        if figures["value"] is not None and note in NOTES_WITHOUT_VALUE:
            problems.append(f"the note says {Note(note).label.lower()}, but the row has a value")
        if period and given["value"] and period > this_month:
            problems.append(f"{period:%B %Y} is still to come: only a plan or a target may be given for it")
        if code and area and period:
            key = (code, area, period.isoformat())
            if key in seen:
                problems.append(f"it repeats row {seen[key]} (the same indicator, area and period)")
            else:
                seen[key] = number
        if problems:
            checked.errors.append(RowError(number, _sentence("; ".join(problems))))
            continue
        checked.rows.append(
            {
                "row": number,
                "indicator": indicator[0],
                "code": code,
                "area": area,
                "area_code": lookups.area_codes[area],
                "period": period.isoformat(),
                "value": _stored(figures["value"]),
                "plan": _stored(figures["plan"]),
                "target": _stored(figures["target"]),
                "note": str(note),
                "has_value": bool(given["value"]) or note in NOTES_WITHOUT_VALUE,
            }
        )


def _period(raw: Any, text: str, problems: list[str]) -> dt.date | None:
    if isinstance(raw, dt.datetime | dt.date):
        return dt.date(raw.year, raw.month, 1)
    if not text:
        problems.append("the period is missing")
        return None
    match = PERIOD.match(text)
    if match and 1 <= int(match[2]) <= 12 and 2000 <= int(match[1]) <= 2100:
        return dt.date(int(match[1]), int(match[2]), 1)
    problems.append(f"the period ‘{text}’ is not a month written YYYY-MM, like 2021-03")
    return None


def _number(raw: Any, text: str, unit: str | None, column: str, problems: list[str]) -> Decimal | None:
    if text == "":
        return None
    number = raw if isinstance(raw, Decimal) else None
    if number is None and isinstance(raw, int | float) and not isinstance(raw, bool):
        number = Decimal(repr(raw))
    if number is None:
        number = _parse(text, unit)
    if number is None or not number.is_finite():
        expected = "a time written m:ss, like 6:05" if unit == Indicator.Unit.MINUTES_SECONDS else "a number"
        problems.append(f"the {column} ‘{text}’ is not {expected}")
        return None
    number = number.normalize()
    if -number.as_tuple().exponent > 4:
        problems.append(f"the {column} {text} has more than 4 decimal places")
    elif abs(number) >= Decimal("1e12"):
        problems.append(f"the {column} {text} is too large")
    elif unit == Indicator.Unit.PERCENT and not 0 <= number <= 100:
        problems.append(f"the {column} {text} is a percentage, so it must be between 0 and 100")
    elif unit not in (Indicator.Unit.POUNDS_MILLION, None) and number < 0:
        problems.append(f"the {column} {text} cannot be negative")
    elif unit == Indicator.Unit.COUNT and number != number.to_integral_value():
        problems.append(f"the {column} {text} is a count, so it must be a whole number")
    else:
        return number
    return None


def _parse(text: str, unit: str | None) -> Decimal | None:
    if unit == Indicator.Unit.MINUTES_SECONDS and (match := MINUTES_SECONDS.match(text)):
        return Decimal(int(match[1]) * 60 + int(match[2]))
    cleaned = text.replace(",", "").replace("£", "").strip()
    if unit == Indicator.Unit.PERCENT:
        cleaned = cleaned.removesuffix("%").strip()
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return repr(cell)
    if isinstance(cell, dt.datetime | dt.date):
        return f"{cell:%Y-%m}"
    return " ".join(str(cell).split())


def _stored(number: Decimal | None) -> str | None:
    return None if number is None else format(number, "f")


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---- Keeping a checked file until it is committed ----


def start(*, file_name: str, checked: Checked, by) -> Import:
    """A checked file kept for its preview. Nothing is written to the figures yet."""
    if not checked.ok:
        raise ImportRefused("A file with bad rows is never kept")
    # Previews nobody committed only need to outlive someone's lunch: older ones go as new ones arrive.
    Import.objects.filter(state=Import.State.PREVIEW, created_at__lt=timezone.now() - PREVIEW_KEPT).delete()
    return Import.objects.create(
        file_name=PurePath(file_name).name[:255] or "upload",
        rows=checked.rows,
        row_count=len(checked.rows),
        created_by=by if getattr(by, "pk", None) else None,
    )


# ---- The preview: what a commit would change ----


@dataclass(frozen=True)
class Change:
    code: str
    area_code: str
    kind: str
    period: dt.date
    old_value: Decimal | None
    old_note: str
    new_value: Decimal | None
    new_note: str
    is_new: bool

    @property
    def kind_label(self) -> str:
        return {Kind.ACTUAL: "Value", Kind.PLAN: "Plan", Kind.TARGET: "Target"}[self.kind]


@dataclass
class Preview:
    added: list[Change]
    changed: list[Change]
    unchanged: int
    fingerprint: str  # of the figures held where the file sets one: a commit checks they are still the same


def preview(batch: Import) -> Preview:
    """What committing the import would add and change, against the figures held now."""
    wanted = list(_points_wanted(batch.rows))
    areas = _existing_areas({area for _, area, _, _, _, _, _, _ in wanted})
    held = _held(wanted, areas)
    added, changed, unchanged = [], [], 0
    for indicator_id, area, kind, period, value, note, code, area_code in wanted:
        current = held.get((indicator_id, areas.get(area), kind, period))
        if current is None:
            added.append(Change(code, area_code, kind, period, None, "", value, note, True))
        elif current != (value, note):
            changed.append(Change(code, area_code, kind, period, current[0], current[1], value, note, False))
        else:
            unchanged += 1
    return Preview(added, changed, unchanged, _fingerprint(held))


def _points_wanted(rows: list[dict[str, Any]]) -> Iterator[tuple]:
    """(indicator id, area key, kind, period, value, note, indicator code, area code) for each point a file sets."""
    for row in rows:
        period = dt.date.fromisoformat(row["period"])
        common = (row["indicator"], row["area"])
        labels = (row["code"], row["area_code"])
        if row["has_value"]:
            yield (*common, Kind.ACTUAL.value, period, _decimal(row["value"]), row["note"], *labels)
        for kind in (Kind.PLAN, Kind.TARGET):
            if row[kind.value] is not None:
                yield (*common, kind.value, period, _decimal(row[kind.value]), "", *labels)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _existing_areas(keys: set[str]) -> dict[str, int]:
    """Area key ("system", "place:3", "organisation:12") -> the Area row's id, for those that have one."""
    found: dict[str, int] = {}
    for pk, kind, place_id, organisation_id in Area.objects.values_list("pk", "kind", "place_id", "organisation_id"):
        key = {"system": "system", "place": f"place:{place_id}", "organisation": f"organisation:{organisation_id}"}
        key = key[kind]
        if key in keys:
            found[key] = pk
    return found


def _held(wanted: list[tuple], areas: dict[str, int]) -> dict[tuple, tuple[Decimal | None, str]]:
    """The points held now where the file sets one: (value, note) by (indicator id, area id, kind, period)."""
    if not areas:
        return {}
    keys = {(item[0], areas.get(item[1]), item[2], item[3]) for item in wanted}
    points = Point.objects.filter(
        indicator_id__in={item[0] for item in wanted},
        area_id__in=set(areas.values()),
        period__in={item[3] for item in wanted},
    ).values_list("indicator_id", "area_id", "kind", "period", "value", "note")
    held = {(i, a, k, p): (None if v is None else v.normalize(), n) for i, a, k, p, v, n in points}
    return {key: value for key, value in held.items() if key in keys}


def _fingerprint(held: dict[tuple, tuple[Decimal | None, str]]) -> str:
    digest = hashlib.sha256()
    for key, value in sorted(held.items()):
        digest.update(repr((key, value)).encode())
    return digest.hexdigest()[:32]


# ---- Committing and rolling back ----


@transaction.atomic
def commit(*, batch: Import, seen: str, by) -> Import:
    """Write the import's points in one transaction, if what it would change is what the person was shown
    (`seen`, the preview's fingerprint). A second commit of the same import changes nothing."""
    _lock()
    batch = Import.objects.select_for_update().get(pk=batch.pk)
    if batch.state != Import.State.PREVIEW:
        return batch
    wanted = list(_points_wanted(batch.rows))
    areas = _existing_areas({item[1] for item in wanted})
    if _fingerprint(_held(wanted, areas)) != seen:
        raise ImportRefused(
            "The figures held changed after this preview was shown (another import, perhaps), so nothing has been "
            "saved. Check the preview below, which is up to date, then commit again."
        )
    areas |= _make_areas({item[1] for item in wanted} - set(areas))
    # Set-based, not the ORM's bulk_create: the rows go into a temporary table by COPY, then two statements write
    # the changes (each with what it replaces) and the points. 10,000 rows take a second, not half a minute.
    point, change = Point._meta.db_table, ImportChange._meta.db_table
    context = pghistory.context(user=getattr(by, "pk", None), dashboard_import=batch.pk)
    with context, connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE dashboards_upload (indicator_id integer, area_id integer, kind varchar(10), "
            "period date, value numeric(16, 4), note varchar(30)) ON COMMIT DROP"
        )
        with cursor.cursor.copy(
            "COPY dashboards_upload (indicator_id, area_id, kind, period, value, note) FROM STDIN"
        ) as copy:
            for indicator_id, area, kind, period, value, note, _, _ in wanted:
                copy.write_row((indicator_id, areas[area], kind, period, value, note))
        same = "p.indicator_id = u.indicator_id AND p.area_id = u.area_id AND p.kind = u.kind AND p.period = u.period"
        cursor.execute(
            f"INSERT INTO {change} (batch_id, indicator_id, area_id, kind, period, is_new, old_value, old_note, "
            "old_printed, old_source_id, old_loaded_by_id, new_value, new_note) "
            "SELECT %s, u.indicator_id, u.area_id, u.kind, u.period, p.id IS NULL, p.value, COALESCE(p.note, ''), "
            "COALESCE(p.printed, ''), p.source_id, p.loaded_by_id, u.value, u.note "
            f"FROM dashboards_upload u LEFT JOIN {point} p ON {same} "
            "WHERE p.id IS NULL OR p.value IS DISTINCT FROM u.value OR p.note <> u.note",
            [batch.pk],
        )
        cursor.execute(
            f"INSERT INTO {point} (indicator_id, area_id, kind, period, value, note, printed, source_id, "
            "loaded_by_id) "
            f"SELECT indicator_id, area_id, kind, period, new_value, new_note, '', NULL, batch_id FROM {change} "
            "WHERE batch_id = %s "
            "ON CONFLICT (indicator_id, area_id, kind, period) DO UPDATE SET value = EXCLUDED.value, "
            "note = EXCLUDED.note, printed = '', source_id = NULL, loaded_by_id = EXCLUDED.loaded_by_id",
            [batch.pk],
        )
        # Dropped now, not only at the end of the transaction: a caller's transaction may hold several imports.
        cursor.execute("DROP TABLE dashboards_upload")
    counts = ImportChange.objects.filter(batch=batch).aggregate(
        added=Count("pk", filter=Q(is_new=True)), changed=Count("pk", filter=Q(is_new=False))
    )
    Import.objects.filter(pk=batch.pk).update(
        state=Import.State.COMMITTED,
        committed_at=timezone.now(),
        added=counts["added"],
        changed=counts["changed"],
        unchanged=len(wanted) - counts["added"] - counts["changed"],
        rows=[],
    )
    batch.refresh_from_db()
    return batch


def _make_areas(keys: set[str]) -> dict[str, int]:
    made = {}
    for key in keys:
        kind, _, pk = key.partition(":")
        area = Area.objects.create(kind=kind, **({f"{kind}_id": int(pk)} if pk else {}))
        made[key] = area.pk
    return made


def blocking_rollback(batch: Import) -> list[Import]:
    """The later imports that changed figures this one set: they must be rolled back first."""
    later = ImportChange.objects.filter(old_loaded_by=batch, batch__state=Import.State.COMMITTED)
    return list(Import.objects.filter(pk__in=later.values("batch")).order_by("-created_at"))


@transaction.atomic
def roll_back(*, batch: Import, by) -> Import:
    """Put back what every point the import set held before it: points it added go, points it changed get their
    earlier value, note and source back. Refused while a later import has changed any of them. Rolling back
    twice changes nothing more."""
    _lock()
    batch = Import.objects.select_for_update().get(pk=batch.pk)
    if batch.state == Import.State.ROLLED_BACK:
        return batch
    if batch.state != Import.State.COMMITTED:
        raise ImportRefused("This import was never committed, so there is nothing to roll back")
    blocking = blocking_rollback(batch)
    if blocking:
        names = _and([f"import {other.pk} ({other.file_name})" for other in blocking])
        raise ImportRefused(f"Later uploads changed figures this one set: roll back {names} first")
    point, change = Point._meta.db_table, ImportChange._meta.db_table
    same = (
        "p.indicator_id = c.indicator_id AND p.area_id = c.area_id AND p.kind = c.kind AND p.period = c.period "
        "AND p.loaded_by_id = c.batch_id"
    )
    context = pghistory.context(user=getattr(by, "pk", None), dashboard_import=batch.pk, rollback=True)
    with context, connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {point} p USING {change} c WHERE c.batch_id = %s AND c.is_new AND {same}", [batch.pk]
        )
        cursor.execute(
            f"UPDATE {point} p SET value = c.old_value, note = c.old_note, printed = c.old_printed, "
            f"source_id = c.old_source_id, loaded_by_id = c.old_loaded_by_id "
            f"FROM {change} c WHERE c.batch_id = %s AND NOT c.is_new AND {same}",
            [batch.pk],
        )
    Import.objects.filter(pk=batch.pk).update(
        state=Import.State.ROLLED_BACK,
        rolled_back_at=timezone.now(),
        rolled_back_by=by if getattr(by, "pk", None) else None,
    )
    batch.refresh_from_db()
    return batch


def _lock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
