"""Who was at a meeting for which items, whether it was quorate, and how often each member came: pure rules that
also give the words people read.

An arrival or departure is tied to the agenda by the first item a person was there for (`joined_for`) and the first
item they missed (`left_before`), so "arrived after item 3" is joined_for item 4 and "left at item 7" is left_before
item 7. Items are in agenda order (agenda_rules.in_agenda_order), so a sub-item follows its item.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from blmk_portal.formatting import count
from blmk_portal.formatting import time as time_words

NO_RULE = "No quorum rule in the terms of reference"
NO_TERMS = "No terms of reference are recorded, so there is no quorum rule"
NO_NUMBER = "The terms of reference's quorum rule gives no number of members, so quorum is not worked out"


@dataclass(frozen=True)
class QuorumRule:
    """The terms of reference's rule: its words, the number of members it needs, and whether deputies count."""

    text: str
    needed: int | None
    deputies_count: bool


@dataclass(frozen=True)
class Presence:
    """Someone recorded as present: a member, a deputy, or someone in attendance."""

    key: int
    name: str
    decision_making: bool  # sits in a decision-making seat; a deputy, in the seat of the member they stand in for
    seat: int | None = None
    deputy: bool = False
    joined_for: int | None = None  # the first item they were there for; None: from the start
    left_before: int | None = None  # the first item they missed; None: to the end
    arrived: dt.time | None = None
    left: dt.time | None = None


def items_present(order: list[int], joined_for: int | None, left_before: int | None) -> list[int]:
    """The items someone was there for, in agenda order: from the item they joined for up to, not including, the
    item they left before. An item that is not on the agenda (removed since) moves nothing."""
    start = order.index(joined_for) if joined_for in order else 0
    end = order.index(left_before) if left_before in order else len(order)
    return order[start:end]


def movement_words(person: Presence, labels: dict[int, str]) -> list[str]:
    """Their arrival and departure as the page reads them: "Joined at 2:20pm, for item 4", "Left before item 7"."""
    words = []
    if person.arrived or person.joined_for in labels:
        words.append(_moved("Joined", person.arrived, "for", labels.get(person.joined_for)))
    if person.left or person.left_before in labels:
        words.append(_moved("Left", person.left, "before", labels.get(person.left_before)))
    return words


def present_for_words(person: Presence, order: list[int], labels: dict[int, str]) -> str:
    """ "Present for item 4 to item 13a", "Present for no items", or "Present for every item"."""
    present = items_present(order, person.joined_for, person.left_before)
    if len(present) == len(order):
        return "Present for every item"
    return f"Present for {_span(present, labels)}" if present else "Present for no items"


def counts_to_quorum(person: Presence, rule: QuorumRule) -> bool:
    """A member present in a decision-making seat counts; a deputy counts only where the rule says deputies do."""
    return person.decision_making and (not person.deputy or rule.deputies_count)


def basis_words(rule: QuorumRule) -> str:
    deputies = "and deputies standing in for them" if rule.deputies_count else "not deputies"
    return f"Counted: members present in decision-making seats, {deputies}, as the terms of reference say."


@dataclass
class Quorum:
    """The quorum of a meeting, item by item where people came and went, in words. `quorate` is None where there is
    no rule to work it out from, else whether every item was quorate."""

    lines: list[str]
    quorate: bool | None = None
    notes: list[str] = field(default_factory=list)


def quorum(rule: QuorumRule | None, people: Iterable[Presence], order: list[int], labels: dict[int, str]) -> Quorum:
    """Whether the meeting was quorate, per run of items with the same count where people came and went:
    "Quorate: 6 of the 5 needed", or "Quorate for item 1 to item 6: 6 of the 5 needed" and "Not quorate for
    item 7: 4 of the 5 needed". A seat is counted once, whoever sits in it (a member and their deputy)."""
    if rule is None:
        return Quorum([NO_TERMS])
    if not rule.text.strip():
        return Quorum([NO_RULE])
    if rule.needed is None:
        return Quorum([NO_NUMBER])
    counted = [person for person in people if counts_to_quorum(person, rule)]
    notes = _unplaced(counted, order, labels)
    if not order:
        total = _seats(counted)
        return Quorum([_verdict(total, rule.needed, "")], total >= rule.needed, notes)
    runs: list[tuple[int, list[int]]] = []  # (count, items), consecutive items with the same count
    for item in order:
        total = _seats(p for p in counted if item in items_present(order, p.joined_for, p.left_before))
        if runs and runs[-1][0] == total:
            runs[-1][1].append(item)
        else:
            runs.append((total, [item]))
    if len(runs) == 1:
        return Quorum([_verdict(runs[0][0], rule.needed, "")], runs[0][0] >= rule.needed, notes)
    lines = [_verdict(total, rule.needed, f" for {_span(items, labels)}") for total, items in runs]
    return Quorum(lines, all(total >= rule.needed for total, _ in runs), notes)


def _verdict(total: int, needed: int, where: str) -> str:
    if total >= needed:
        return f"Quorate{where}: {total} of the {needed} needed"
    return f"Not quorate{where}: {total} of the {needed} needed"


def _seats(people: Iterable[Presence]) -> int:
    return len({("seat", person.seat) if person.seat else ("person", person.key) for person in people})


def _unplaced(people: list[Presence], order: list[int], labels: dict[int, str]) -> list[str]:
    """Those whose arrival or departure has a time but no item, on an agenda: they are counted for every item, and
    the page says so."""
    if not order:
        return []
    notes = []
    for person in people:
        if (person.arrived and person.joined_for not in labels) or (person.left and person.left_before not in labels):
            notes.append(f"{person.name} came or went with no item recorded, so is counted as present for every item.")
    return notes


def _moved(verb: str, at: dt.time | None, word: str, item: str | None) -> str:
    parts = [verb]
    if at:
        parts.append(f"at {time_words(at)}")
    if item:
        parts.append(f"{word} {item}")
    return f"{parts[0]} {', '.join(parts[1:])}" if at and item else " ".join(parts)


def _span(items: list[int], labels: dict[int, str]) -> str:
    if len(items) == 1:
        return labels[items[0]]
    return f"{labels[items[0]]} to {labels[items[-1]]}"


# ---- Attendance over a year ----


@dataclass(frozen=True)
class Sitting:
    """A person's seat on the board for a period (no start: from the first meeting; no end: still held)."""

    person: int
    started: dt.date | None
    ended: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return (self.started is None or self.started <= day) and (self.ended is None or day <= self.ended)


@dataclass(frozen=True)
class Held:
    """A meeting of the board: counted only if it was not cancelled and its attendance is recorded."""

    meeting: int
    date: dt.date
    cancelled: bool = False
    recorded: bool = True


HELD_RULE = (
    "Meetings attended of the meetings held while the member sat on the board, by financial year (April to "
    "March). Only meetings whose attendance is recorded here are counted; cancelled meetings are not. A seat with no "
    "first day recorded is counted from the first meeting recorded."
)


def financial_year(day: dt.date) -> str:
    """ "2021/22" for any day from 1 April 2021 to 31 March 2022."""
    year = day.year if day.month >= 4 else day.year - 1
    return f"{year}/{(year + 1) % 100:02d}"


@dataclass(frozen=True)
class YearAttendance:
    attended: int
    held: int

    @property
    def words(self) -> str:
        return f"{self.attended} of {count(self.held, 'meeting')}"


def attendance_by_year(
    sittings: Iterable[Sitting], meetings: Iterable[Held], present: set[tuple[int, int]]
) -> dict[str, dict[int, YearAttendance]]:
    """For each financial year (newest first), each person who sat during a counted meeting: the counted meetings
    they attended (`present` holds (meeting, person)) of those held while they sat."""
    seats: dict[int, list[Sitting]] = defaultdict(list)
    for sitting in sittings:
        seats[sitting.person].append(sitting)
    tally: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for meeting in sorted(meetings, key=lambda held: held.date):
        if meeting.cancelled or not meeting.recorded:
            continue
        year = financial_year(meeting.date)
        for person, periods in seats.items():
            if any(period.covers(meeting.date) for period in periods):
                tally[year][person][1] += 1
                tally[year][person][0] += (meeting.meeting, person) in present
    return {
        year: {person: YearAttendance(*numbers) for person, numbers in tally[year].items()}
        for year in sorted(tally, reverse=True)
    }


def shared_initials(rows: Iterable[tuple[str, str]]) -> list[str]:
    """Where two people at one meeting are printed with the same initials (the 5 May 2021 minutes print SW for
    Sarah Whiteman and Simon Wood), in words: minutes that name them by initials alone are ambiguous."""
    names: dict[str, list[str]] = defaultdict(list)
    for name, initials in rows:
        if initials:
            names[initials.upper()].append(name)
    return [
        f"{initials} is printed for {' and '.join(people)}: where the minutes say {initials}, check which is meant."
        for initials, people in names.items()
        if len(people) > 1
    ]
