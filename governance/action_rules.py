"""The action log's rules, and the words people read for them: numbers never reused, deadlines to a day or a month,
overdue worked out from the deadline, Closing until the board notes the log, and the order the log prints.

Pure functions over plain values, so the staff pages, the owner's page, the public log and the pack agree.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

OPEN, CLOSING, CLOSED = "open", "closing", "closed"
DAY, MONTH = "day", "month"
STATUS_WORDS = {OPEN: "Open", CLOSING: "Closing", CLOSED: "Closed"}
OVERDUE = "Overdue"
# The seed's column order (9 June 2021 pack, Paper 3b).
LOG_COLUMNS = ("Ref", "Date", "Item", "Action", "Responsible", "Deadline", "Status", "Comments")
# An agenda item that presents the log: "Action log", the 9 June 2021 agenda's "Action log - attached", the 5 May
# 2021 minutes' "Actions", or "Matters arising".
LOG_ITEM = re.compile(r"^\W*(action log|actions|matters arising)\b", re.IGNORECASE)
CLOSING_RULE = (
    "An action proposed for closure shows as Closing until the board's next meeting notes the action log; it is "
    "closed then."
)
OVERDUE_RULE = (
    "Overdue: open or closing after its deadline. A deadline given as a month (Sep-21) runs to the end of that month."
)


def next_number(counter: int, highest: int | None) -> int:
    """The board's next action number: one past the highest ever given. The counter remembers numbers whose actions
    were removed since, so they are never given again; the highest in the log covers numbers loaded from the
    papers as printed."""
    return max(counter, highest or 0) + 1


def deadline_end(due: dt.date | None, precision: str) -> dt.date | None:
    """The last day the deadline allows: the day itself, or the month's last day ("Sep-21": 30 September 2021)."""
    if due is None:
        return None
    if precision == MONTH:
        return due.replace(day=calendar.monthrange(due.year, due.month)[1])
    return due


def deadline_start(due: dt.date | None, precision: str) -> dt.date | None:
    """The first day the deadline names: the day, or the month's first day."""
    if due is None:
        return None
    return due.replace(day=1) if precision == MONTH else due


def is_overdue(status: str, due: dt.date | None, precision: str, today: dt.date) -> bool:
    """Still open or closing after the last day its deadline allows. No deadline, never overdue."""
    end = deadline_end(due, precision)
    return status != CLOSED and end is not None and today > end


def is_due_by(status: str, due: dt.date | None, precision: str, day: dt.date) -> bool:
    """Whether an action not yet closed falls due by `day` (a meeting's date): a month deadline is due at the
    month's meetings ("Jun-21" is due at the 9 June 2021 meeting), and an overdue one is due too."""
    start = deadline_start(due, precision)
    return status != CLOSED and start is not None and start <= day


def log_date(day: dt.date | None) -> str:
    """A date as the log prints it: "07-Apr-21"."""
    return f"{day:%d-%b-%y}" if day else ""


def deadline_words(due: dt.date | None, precision: str) -> str:
    """The deadline as the log prints it: "Apr-21" for a month, "07-Apr-21" for a day; "None set" where none is."""
    if due is None:
        return "None set"
    return f"{due:%b-%y}" if precision == MONTH else log_date(due)


def deadline_in_full(due: dt.date | None, precision: str) -> str:
    """The deadline in a sentence: "September 2021" or "7 April 2021"."""
    if due is None:
        return "no deadline set"
    return f"{due:%B %Y}" if precision == MONTH else f"{due.day} {due:%B %Y}"


def update_words(day: dt.date | None, text: str) -> str:
    """An update as the log prints it: "26.05.21 information ... once there is clarity"; one printed with no date,
    its text alone."""
    return f"{day:%d.%m.%y} {text}" if day else text


def status_words(status: str, overdue: bool) -> str:
    """ "Open", "Closing", "Closed", or "Open: overdue"."""
    words = STATUS_WORDS[status]
    return f"{words}: overdue" if overdue else words


def responsible_words(role: str, names: Iterable[str]) -> str:
    """Who is responsible, as the log prints it: the role first, then the people ("Executive lead, Nicola Kay")."""
    return ", ".join([part for part in (role.strip(),) if part] + list(names)) or "No one named"


def is_log_item(title: str) -> bool:
    return bool(LOG_ITEM.match(title or ""))


def status_at(status: str, proposed_on: dt.date | None, closed_on: dt.date | None, meeting_date: dt.date) -> str:
    """An action's status as a meeting's log shows it. One closed at that meeting was Closing when the log was
    presented; one closed or proposed for closure later was still open then, unless it had been proposed by then.
    Where the day of the proposal is not recorded, a closed action counts as open before the meeting that closed it
    (that is all the record says)."""
    if status == CLOSED and closed_on is not None and closed_on >= meeting_date:
        if closed_on == meeting_date or (proposed_on is not None and proposed_on <= meeting_date):
            return CLOSING
        return OPEN
    if status == CLOSING and proposed_on is not None and proposed_on > meeting_date:
        return OPEN
    return status


@dataclass(frozen=True)
class LogEntry:
    """What the log's order needs to know of an action."""

    number: int
    status: str
    due: dt.date | None
    precision: str
    closed_on: dt.date | None = None  # the date of the meeting that closed it


EntryT = TypeVar("EntryT")


def log_order(
    entries: Iterable[tuple[LogEntry, EntryT]], today: dt.date, last_meeting: dt.date | None
) -> tuple[list[EntryT], list[EntryT]]:
    """The log as printed: open and closing actions (overdue ones first, then open, then closing, each by number,
    which gives the 9 June 2021 order 50, 53, 56, 57, 54, 55, 58), and apart, the actions closed since the last
    meeting (on or after its date), listed this once. Older closed actions are left out."""
    current, closed = [], []
    for entry, value in entries:
        if entry.status == CLOSED:
            if entry.closed_on is not None and (last_meeting is None or entry.closed_on >= last_meeting):
                closed.append((entry.number, value))
            continue
        overdue = is_overdue(entry.status, entry.due, entry.precision, today)
        current.append(((not overdue, entry.status != OPEN, entry.number), value))
    return [value for _, value in sorted(current, key=lambda pair: pair[0])], [
        value for _, value in sorted(closed, key=lambda pair: pair[0])
    ]


def mine_order(entries: Iterable[tuple[LogEntry, EntryT]], today: dt.date) -> list[EntryT]:
    """An owner's actions: overdue first, then by deadline (none last), then by number; closed ones last."""

    def key(pair: tuple[LogEntry, EntryT]) -> tuple:
        entry = pair[0]
        end = deadline_end(entry.due, entry.precision)
        return (
            entry.status == CLOSED,
            not is_overdue(entry.status, entry.due, entry.precision, today),
            end is None,
            end or dt.date.max,
            entry.number,
        )

    return [value for _, value in sorted(entries, key=key)]
