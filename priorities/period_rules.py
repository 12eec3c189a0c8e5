"""Reporting periods and what may happen to a status in one: which quarter a day falls in, that the latest
period's status is the current one, what may be changed when, and the words people read about it.

A reporting period is an NHS financial-year quarter, written as the programme office writes it: "2026/27 Q3"
(October to December 2026). Written that way, periods sort as text in time order.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass

from blmk_portal.formatting import date
from blmk_portal.rag import Rag

PERIOD_PATTERN = re.compile(r"^(\d{4})/(\d{2}) Q([1-4])$")


@dataclass(frozen=True, order=True)
class Period:
    year: int  # the calendar year the financial year starts in: 2026 for 2026/27
    quarter: int  # 1 (April to June) to 4 (January to March)

    @classmethod
    def of(cls, on: dt.date) -> Period:
        year = on.year if on.month >= 4 else on.year - 1
        return cls(year, ((on.month - 4) % 12) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Period:
        """ "2026/27 Q3" as a Period; a ValueError that says what is expected otherwise."""
        match = PERIOD_PATTERN.match(text.strip())
        if not match or int(match[2]) != (int(match[1]) + 1) % 100:
            raise ValueError(f"Enter a reporting period like 2026/27 Q3, not {text!r}")
        return cls(int(match[1]), int(match[3]))

    def __str__(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d} Q{self.quarter}"

    @property
    def start(self) -> dt.date:
        month = (self.quarter - 1) * 3 + 4
        return dt.date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> dt.date:
        return self.next.start - dt.timedelta(days=1)

    @property
    def next(self) -> Period:
        return Period(self.year + 1, 1) if self.quarter == 4 else Period(self.year, self.quarter + 1)

    @property
    def previous(self) -> Period:
        return Period(self.year - 1, 4) if self.quarter == 1 else Period(self.year, self.quarter - 1)


def reporting_period(on: dt.date) -> str:
    """The NHS financial-year quarter of a day: April to June 2026 is "2026/27 Q1"."""
    return str(Period.of(on))


def recent_periods(on: dt.date, count: int = 4) -> list[str]:
    """This quarter and the ones before it, newest first (for reporting late)."""
    periods = [Period.of(on)]
    while len(periods) < count:
        periods.append(periods[-1].previous)
    return [str(period) for period in periods]


def latest_period(periods: Iterable[str]) -> str | None:
    """The period whose status is current: the latest one, whatever order they were typed in."""
    return max(periods, key=Period.parse, default=None)


class Change(enum.Enum):
    """What saving a different status for a period that already has one does."""

    EDIT = "edit"  # the period is still open for the programme: the update is edited, its History keeps the old
    CORRECT = "correct"  # signed off: a new dated revision replaces it, with a reason; the old stays on record


def change_for(*, signed_off: bool) -> Change:
    return Change.CORRECT if signed_off else Change.EDIT


def correction_needs_reason(period: str, programme: str) -> str:
    return (
        f"Enter the reason for the correction: {programme} is signed off for {period}, so the status already "
        "reported stays on record beside the correction"
    )


def update_lateness(latest: str | None, current: str) -> str | None:
    """In words, when a milestone's reporting is late: nothing for the quarter that has ended. None when on time.

    A status for this quarter, or for the quarter just ended while this one is still being reported, is on time.
    """
    if latest is None:
        return "Late: never updated"
    if Period.parse(latest) < Period.parse(current).previous:
        return f"Late: last updated for {latest}"
    return None


def overdue(due_date: dt.date | None, rag: Rag | str | None, today: dt.date) -> str | None:
    """In words, when a milestone is past its due date and not reported complete (Blue). None otherwise."""
    if due_date is None or due_date >= today or rag == Rag.BLUE:
        return None
    return f"Overdue: due {date(due_date)}, not reported complete"


def sign_off_words(*, signed_off_as: str, sro_name: str, on: dt.date, period: str) -> str:
    """Who signed a period off, as the page says it."""
    who = {
        "sro": f"the senior responsible officer, {sro_name}" if sro_name else "the senior responsible officer",
        "programme_office": "the programme office",
    }.get(signed_off_as)
    if who is None:
        return f"{period}: published before sign-off began"
    return f"{period} signed off by {who} on {date(on)}"


def awaiting_sign_off_words(*, updated: int, milestones: int, period: str) -> str:
    """What signing off would publish: the statuses reported, and what the rest keep showing."""
    rest = milestones - updated
    text = f"{updated} of {milestones} milestones have a status for {period}."
    if rest > 0:
        text += f" Signing off now leaves {rest} showing their last signed-off status."
    return text
