"""Which planned items belong to which meeting, which have slipped, and the words the pages use for them: pure rules
over dates, the same on the public forward plan, the board's staff page and the meeting's agenda builder.

A planned item belongs to the board's meeting on its date (the meeting may not be scheduled yet). Taken into an
agenda, it is taken. Not taken once its meeting is over (held or cancelled, or its day has passed, whether or not a
meeting on that day is recorded), it has slipped: it goes to the board's next meeting that is still to come, and
says where it slipped from ("Slipped from 14 July 2021"). Taken at a later meeting, it says both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from blmk_portal.formatting import date as date_words

PLANNED, TAKEN, SLIPPED = "planned", "taken", "slipped"
STATUS_WORDS = {PLANNED: "Planned", TAKEN: "Taken", SLIPPED: "Slipped"}
# The headings of a meeting's items by kind, in the order the 2021 forward plan prints its sections: strategy
# items first, then the updates.
KIND_HEADINGS = {"strategy": "Strategy", "standing": "Standing items", "update": "Updates"}


@dataclass(frozen=True)
class MeetingDay:
    """A meeting of the board, as the rules need it: when, and whether it is over or was cancelled."""

    key: int
    date: dt.date
    held: bool = False
    cancelled: bool = False

    def is_over(self, today: dt.date) -> bool:
        """Over: held, cancelled, or its day has passed. On its day it is still to come until marked held."""
        return self.held or self.cancelled or self.date < today

    def is_to_come(self, today: dt.date) -> bool:
        return not self.is_over(today)


class PlannedLike(Protocol):
    planned_for: dt.date


@dataclass(frozen=True)
class Standing:
    """Where a planned item stands: planned, taken (at the meeting of `taken_on`), or slipped (to `slipped_to`, or
    to a meeting not yet recorded)."""

    status: str
    planned_for: dt.date
    taken_on: dt.date | None = None
    slipped_to: MeetingDay | None = None

    @property
    def label(self) -> str:
        return STATUS_WORDS[self.status]

    @property
    def has_slipped(self) -> bool:
        """Slipped, or taken at a later meeting than planned."""
        return self.status == SLIPPED or (self.taken_on is not None and self.taken_on != self.planned_for)

    @property
    def words(self) -> str:
        """What the page says of it, e.g. "Slipped from 9 June 2021 to the meeting of 14 July 2021"."""
        planned = date_words(self.planned_for)
        if self.status == TAKEN:
            taken = f"at the meeting of {date_words(self.taken_on)}"
            return f"Slipped from {planned}; taken {taken}" if self.has_slipped else f"Taken {taken}"
        if self.status == SLIPPED:
            if self.slipped_to is None:
                return f"Slipped from {planned}; no later meeting of the board is recorded yet"
            return f"Slipped from {planned} to the meeting of {date_words(self.slipped_to.date)}"
        return f"Planned for {planned}"


def meeting_on(day: dt.date, meetings: Iterable[MeetingDay]) -> MeetingDay | None:
    """The board's meeting on that day, if one is recorded (a board meets once a day at most)."""
    return next((meeting for meeting in meetings if meeting.date == day), None)


def next_to_come(after: dt.date, meetings: Iterable[MeetingDay], today: dt.date) -> MeetingDay | None:
    """The board's first meeting after that day that is still to come: an item slips past every meeting that is
    over without taking it, to the next one that may."""
    later = sorted((meeting for meeting in meetings if meeting.date > after), key=lambda meeting: meeting.date)
    return next((meeting for meeting in later if meeting.is_to_come(today)), None)


def standing(
    planned_for: dt.date, taken_on: dt.date | None, meetings: Sequence[MeetingDay], today: dt.date
) -> Standing:
    """Where a planned item stands today, from its date, the date of the meeting that took it (None: not taken) and
    the board's meetings."""
    if taken_on is not None:
        return Standing(TAKEN, planned_for, taken_on=taken_on)
    own = meeting_on(planned_for, meetings)
    over = own.is_over(today) if own is not None else planned_for < today
    if not over:
        return Standing(PLANNED, planned_for)
    return Standing(SLIPPED, planned_for, slipped_to=next_to_come(planned_for, meetings, today))


def offered_at(meeting: MeetingDay, item: Standing) -> bool:
    """Whether the agenda of `meeting` offers an item not yet taken: those planned for its day, and those that
    slipped from before it and have not passed to an earlier meeting still to come. A meeting that is over offers
    the items that slipped past it too, so an agenda entered after the day can still take them. A cancelled
    meeting takes none: its items slip to the next."""
    if meeting.cancelled or item.status == TAKEN or item.planned_for > meeting.date:
        return False
    if item.planned_for == meeting.date:
        return True
    if item.status != SLIPPED:
        return False
    return item.slipped_to is None or item.slipped_to.date >= meeting.date


T = TypeVar("T", bound=PlannedLike)


def by_date(items: Iterable[T]) -> dict[dt.date, list[T]]:
    """Items grouped by the date they are planned for, dates in order, each date's items in the order given."""
    groups: dict[dt.date, list[T]] = {}
    for item in sorted(items, key=lambda item: item.planned_for):
        groups.setdefault(item.planned_for, []).append(item)
    return groups


K = TypeVar("K")


def by_kind(items: Iterable[K], kind_of: Callable[[K], str]) -> list[tuple[str, list[K]]]:
    """Items grouped by kind in the plan's order, under each kind's heading; kinds with no items are left out."""
    groups: dict[str, list[K]] = {kind: [] for kind in KIND_HEADINGS}
    for item in items:
        groups.setdefault(kind_of(item), []).append(item)
    return [(KIND_HEADINGS.get(kind, kind), members) for kind, members in groups.items() if members]
