"""The rules of a timed agenda, and the words the pages use for them: numbers, start times, overruns, late papers.

Pure functions over items in agenda order, so they are the same on the staff page, the public page and the pack.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from string import ascii_lowercase
from typing import Protocol, TypeVar

from blmk_portal.formatting import count
from blmk_portal.formatting import date as date_words
from blmk_portal.formatting import time as time_words


class Item(Protocol):
    pk: int
    parent_id: int | None
    order: int
    number: str
    numbered: bool
    starts_at: dt.time | None
    minutes: int | None


ItemT = TypeVar("ItemT", bound=Item)

# Standing items a board's agenda opens and closes with, as the 9 June 2021 agenda prints them.
STANDING_ITEMS = (
    ("Apologies for absence", "To receive any apologies for absence."),
    ("Declarations of Interest", "To receive any declarations of interest."),
    ("Minutes of the last meeting", "To approve the minutes of the last meeting."),
    ("Action log", "To review the action log."),
    ("Public Questions", "To receive any questions by members of the public"),
    ("AOB", ""),
)
CLOSING_STANDING_ITEMS = {"AOB"}


def in_agenda_order(items: Iterable[ItemT]) -> list[ItemT]:
    """Items in their order, each followed by its sub-items in theirs: items are ordered within the agenda and
    sub-items within their item. A sub-item whose item is missing stands where its own order puts it."""
    items = sorted(items, key=lambda item: (item.order, item.pk))
    present = {item.pk for item in items}
    below: dict[int, list[ItemT]] = defaultdict(list)
    for item in items:
        if item.parent_id in present:
            below[item.parent_id].append(item)
    ordered: list[ItemT] = []
    for item in items:
        if item.parent_id not in present:
            ordered += [item, *below[item.pk]]
    return ordered


def numbers(items: Iterable[Item]) -> dict[int, str]:
    """Each item's number: as typed where it was, else its place (1, 2...), and a sub-item its item's with a
    letter (3a, 3b); none for an unnumbered item such as a welcome, which takes no place. A typed number does not
    shift the others: agendas print irregular numbers."""
    result: dict[int, str] = {}
    position = 0
    letters: dict[int, int] = defaultdict(int)
    for item in items:
        if not item.numbered:
            result[item.pk] = ""
        elif item.parent_id is None:
            position += 1
            result[item.pk] = item.number or str(position)
        else:
            letters[item.parent_id] += 1
            letter = ascii_lowercase[(letters[item.parent_id] - 1) % 26]
            result[item.pk] = item.number or f"{result.get(item.parent_id, '')}{letter}"
    return result


def start_times(items: Iterable[Item], meeting_start: dt.time | None) -> dict[int, dt.time | None]:
    """When each item starts: its planned start where it has one; else when the item before it ends, counting
    planned lengths from the meeting's start. Unknown (None) after an item whose length is unknown, except that an
    item heading sub-items starts its first one (3 and 3a start together, as agendas print them)."""
    items = list(items)
    headings = {item.parent_id for item in items if item.parent_id is not None}
    clock = _moment(meeting_start)
    starts: dict[int, dt.time | None] = {}
    for item in items:
        if item.starts_at is not None:
            clock = _moment(item.starts_at)
        starts[item.pk] = clock.time() if clock else None
        if clock is not None and item.minutes:
            clock += dt.timedelta(minutes=item.minutes)
        elif item.pk not in headings:
            clock = None
    return starts


def overrun(items: list[Item], meeting_start: dt.time | None, meeting_end: dt.time | None) -> str | None:
    """How the agenda's planned lengths sit against the meeting's end, in words; None when they cannot tell."""
    timed = _timed(items)
    if not timed or meeting_end is None or any(item.minutes is None for item in timed):
        return None
    last = timed[-1]
    starts = start_times(items, meeting_start)
    if starts.get(last.pk) is None:
        return None
    ends = _moment(starts[last.pk]) + dt.timedelta(minutes=last.minutes or 0)
    difference = int((ends - _moment(meeting_end)).total_seconds() // 60)
    end = time_words(meeting_end)
    if difference > 0:
        return f"The agenda runs {_minutes(difference)} over the meeting's end ({end})"
    if difference < 0:
        return f"The agenda ends {_minutes(-difference)} before the meeting's end ({end})"
    return f"The agenda fills the meeting exactly, to {end}"


def lateness(meeting_date: dt.date, published: dt.date | None, due_days: int | None) -> str | None:
    """Whether papers went public later than the terms of reference ask, in words; None when on time or no rule."""
    if published is None or due_days is None:
        return None
    due = meeting_date - dt.timedelta(days=due_days)
    if published <= due:
        return None
    late = (published - due).days
    return (
        f"The papers were published on {date_words(published)}, {count(late, 'day')} late: the terms "
        f"of reference ask for them {due_days} days before the meeting, by {date_words(due)}."
    )


def _timed(items: list[Item]) -> list[Item]:
    """The items that take time of their own: an item with sub-items and no length is only their heading."""
    parents = {item.parent_id for item in items if item.parent_id is not None}
    return [item for item in items if not (item.pk in parents and item.minutes is None)]


def _moment(value: dt.time | None) -> dt.datetime | None:
    return dt.datetime.combine(dt.date(2000, 1, 1), value) if value is not None else None


def _minutes(total: int) -> str:
    hours, minutes = divmod(total, 60)
    parts = [count(hours, "hour")] if hours else []
    if minutes or not parts:
        parts.append(count(minutes, "minute"))
    return " and ".join(parts)
