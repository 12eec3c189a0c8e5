"""Public questions to a board: when they may be asked, how an asker is named in public, how long what they tell
us is kept, and the words people read for each of these.

The Partnership Board's terms of reference (9 June 2021 pack, Transparency) say: "The first substantive item on
the agenda is for public questions on issues relating to items on the agenda. Each questioner would be limited to
3 minutes and a total of 15 minutes is allocated. Questions need to be submitted in advance of the meeting." They
do not say how far in advance, so each board sets it (`Board.questions_close_days`, docs/adr/0026).

Pure functions over plain values, so the public pages, the staff pages, the emails and the erasure agree.
"""

from __future__ import annotations

import datetime as dt
import re

from blmk_portal.formatting import count, date

# BLMK ICB takes public questions to its board by email 3 working days ahead (peer-systems notes, [BLMK1]); a
# board that sets nothing closes them 3 days before its meeting.
DEFAULT_CLOSE_DAYS = 3
QUESTION_MAX_CHARS = 1000
TERMS_QUOTE = (
    "The first substantive item on the agenda is for public questions on issues relating to items on the agenda. "
    "Questions need to be submitted in advance of the meeting."
)
WITHHELD_NAME = "A member of the public"
# The agenda item that takes the questions: "Public Questions" in the 9 June 2021 agenda, "Questions" in the
# 16 July 2018 JHOSC's. Questions are asked about the other items.
QUESTIONS_ITEM = re.compile(r"^\W*(public\s+)?questions\b", re.IGNORECASE)

SUBMITTED, ACCEPTED, DECLINED, MERGED = "submitted", "accepted", "declined", "merged"
STATE_WORDS = {
    SUBMITTED: "Waiting for review",
    ACCEPTED: "Accepted",
    DECLINED: "Declined",
    MERGED: "Merged with another question",
}
STATE_TAG_COLOURS = {SUBMITTED: "nhsuk-tag--yellow", ACCEPTED: "nhsuk-tag--green", DECLINED: "nhsuk-tag--grey"}


def last_day_to_ask(meeting_date: dt.date, close_days: int) -> dt.date:
    """The last day a question may be sent: `close_days` before the meeting (the meeting's day when 0)."""
    return meeting_date - dt.timedelta(days=close_days)


def is_open(*, meeting_date: dt.date, close_days: int, published: bool, cancelled: bool, today: dt.date) -> bool:
    """Open while the meeting is published and not cancelled, up to and including its last day to ask."""
    return published and not cancelled and today <= last_day_to_ask(meeting_date, close_days)


def closed_words(*, meeting_date: dt.date, close_days: int, cancelled: bool) -> str:
    """Why a meeting takes no more questions, and since when."""
    if cancelled:
        return "This meeting was cancelled, so it takes no questions."
    closed_on = last_day_to_ask(meeting_date, close_days) + dt.timedelta(days=1)
    return f"Questions for this meeting closed at the start of {date(closed_on)}."


def open_words(*, meeting_date: dt.date, close_days: int) -> str:
    """When questions close, for the meeting page and the form."""
    last = last_day_to_ask(meeting_date, close_days)
    ahead = count(close_days, "day") + " before the meeting" if close_days else "on the day of the meeting"
    return f"You can send a question until the end of {date(last)}: questions close {ahead}."


def shown_name(name: str, publish_name: bool) -> str:
    """How the asker is named wherever the question is published."""
    return name if publish_name and name else WITHHELD_NAME


def is_questions_item(title: str) -> bool:
    return bool(QUESTIONS_ITEM.match(title))


def keep_personal_data_until(*, sent_at: dt.datetime | None, meeting_date: dt.date, retention_days: int) -> dt.date:
    """The last day an asker's email address (and a name they withheld) is kept: `retention_days` after the
    answer or the reason for declining was emailed to them; for a question not answered by then (never reviewed,
    or its answer not yet recorded), `retention_days` after its meeting, so nothing is kept for ever."""
    start = sent_at.date() if sent_at else meeting_date
    return start + dt.timedelta(days=retention_days)


def is_due_for_erasure(
    *, sent_at: dt.datetime | None, meeting_date: dt.date, retention_days: int, today: dt.date
) -> bool:
    kept_until = keep_personal_data_until(sent_at=sent_at, meeting_date=meeting_date, retention_days=retention_days)
    return today > kept_until
