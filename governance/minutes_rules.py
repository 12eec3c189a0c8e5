"""The rules of minutes and the words the pages use for them: how resolutions are numbered, what each outcome
reads as, and what may be confirmed as a true record, where and when.

Pure functions over plain values, so the staff page, the public page and the decision register say the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from blmk_portal.formatting import date as date_words

NOTED, AGREED, RESOLVED, DEFERRED, WITHDRAWN = "noted", "agreed", "resolved", "deferred", "withdrawn"
# The outcomes that decide something: their resolutions are the decision register's entries.
DECIDING = frozenset({AGREED, RESOLVED})
OUTCOME_WORDS = {
    NOTED: "Noted",
    AGREED: "Agreed",
    RESOLVED: "Resolved",
    DEFERRED: "Deferred",
    WITHDRAWN: "Withdrawn",
}
CONFIRMING_ITEM = "Minutes confirmed as a true record"

_NUMERALS = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def numeral(position: int) -> str:
    """The lower-case Roman numeral of a resolution's place (1 is "i", 4 "iv", 14 "xiv"), as the minutes print."""
    words, left = "", position
    for value, letters in _NUMERALS:
        while left >= value:
            words, left = words + letters, left - value
    return words


def resolution_labels(count: int) -> list[str]:
    """How each of a minute's resolutions is numbered: i), ii), iii) when there are several; nothing when there is
    one, as "RESOLVED: That Councillor Agbley be elected Chair for the meeting." prints it."""
    if count < 2:
        return [""] * count
    return [f"{numeral(position)})" for position in range(1, count + 1)]


def outcome_heading(outcome: str) -> str:
    """The outcome as a word ("Agreed"), or nothing where the minute records none (a welcome, apologies)."""
    return OUTCOME_WORDS.get(outcome, "")


def outcome_words(outcome: str, as_printed: str) -> str:
    """What the minute prints beside its outcome: nothing where the print only names the outcome again ("Noted."
    beside Noted), so the page never reads "Noted: Noted"."""
    if as_printed.strip().rstrip(".").casefold() == outcome_heading(outcome).casefold():
        return ""
    return as_printed


def outcome_change_problem(outcome: str, resolutions: int) -> str | None:
    """Why a minute may not take this outcome: resolutions belong only to what was Agreed or Resolved."""
    if resolutions and outcome not in DECIDING:
        noun = "resolution" if resolutions == 1 else "resolutions"
        return (
            f"This minute records {resolutions} {noun}: only an Agreed or Resolved outcome has resolutions. "
            "Remove them first, or keep the outcome Agreed or Resolved"
        )
    return None


def resolution_problem(outcome: str) -> str | None:
    if outcome not in DECIDING:
        return "Record the outcome as Agreed or Resolved before adding what was decided"
    return None


@dataclass(frozen=True)
class Confirming:
    """The facts that decide whether minutes may be confirmed at a meeting."""

    minutes_of: dt.date  # the date of the meeting minuted
    board: int
    confirmed_at: dt.date | None  # where they were confirmed already, if they were
    entries: int  # how many items have a minute


@dataclass(frozen=True)
class ConfirmingMeeting:
    date: dt.date
    board: int
    cancelled: bool


def confirmation_problem(minutes: Confirming, at: ConfirmingMeeting, today: dt.date) -> str | None:
    """Why these minutes may not be confirmed at that meeting, in words; None when they may. Minutes are confirmed
    once, by a later meeting of the same board that has taken place (the standing item "minutes confirmed as a
    true record"); only the programme office records it, as the views enforce."""
    if minutes.confirmed_at is not None:
        return f"These minutes were confirmed already, at the meeting of {date_words(minutes.confirmed_at)}"
    if at.board != minutes.board:
        return "Minutes are confirmed at a meeting of the same board"
    if at.date <= minutes.minutes_of:
        return f"Minutes are confirmed at a later meeting than the one they record ({date_words(minutes.minutes_of)})"
    if at.cancelled:
        return f"The meeting of {date_words(at.date)} was cancelled, so it confirmed nothing"
    if at.date > today:
        return f"The meeting of {date_words(at.date)} has not taken place yet"
    if minutes.entries == 0:
        return "These minutes record no items yet, so there is nothing to confirm"
    return None


def confirmed_words(at: dt.date) -> str:
    return f"Confirmed as a true record at the meeting of {date_words(at)}"


def status_words(confirmed_at: dt.date | None) -> str:
    """The minutes' status as staff read it (never by colour alone)."""
    if confirmed_at is None:
        return "Draft: not yet confirmed, seen by staff only"
    return confirmed_words(confirmed_at)
