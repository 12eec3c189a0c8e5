"""Board meetings as an iCalendar feed, for calendar apps to subscribe to.

The meetings come already filtered by `visible_to`, so this decides nothing about who may see them. It puts in
only what the meeting's page shows everyone who can see the meeting: when, where, whether it goes ahead, and the
link back. Agenda items stay out altogether, so a Part II title can never reach a feed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from blmk_portal.publication import not_public_label
from governance.models import Meeting

# Meeting times are kept as the papers print them: wall-clock times in England.
LONDON = ZoneInfo("Europe/London")

PRODID = "-//BLMK Health and Care Partnership//Partnership portal//EN"

STATUS = {
    Meeting.State.SCHEDULED: "TENTATIVE",
    Meeting.State.CONFIRMED: "CONFIRMED",
    Meeting.State.HELD: "CONFIRMED",
    Meeting.State.CANCELLED: "CANCELLED",
}


def meetings_calendar(
    meetings: Iterable[Meeting], *, name: str, absolute_url: Callable[[str], str], stamp: dt.datetime
) -> bytes:
    """The meetings as an iCalendar file named `name`. `absolute_url` turns a path into a full address (the
    request's `build_absolute_uri`); `stamp` is when the feed was made, every event's DTSTAMP."""
    calendar = Calendar()
    calendar.prodid = PRODID
    calendar.version = "2.0"
    calendar.calendar_name = name  # NAME, and X-WR-CALNAME for the clients that read only that
    dates = []
    for meeting in meetings:
        calendar.add_component(_event(meeting, absolute_url(meeting.get_absolute_url()), stamp))
        dates.append(meeting.date)
    if dates:
        # A VTIMEZONE for Europe/London covering exactly the feed's dates, for clients that do not know the TZID.
        calendar.add_missing_timezones(first_date=min(dates), last_date=max(dates) + dt.timedelta(days=1))
    return calendar.to_ical()


def _event(meeting: Meeting, link: str, stamp: dt.datetime) -> Event:
    cancelled = meeting.state == Meeting.State.CANCELLED
    summary = meeting.board.name + (" (cancelled)" if cancelled else "")
    if label := not_public_label(meeting):  # staff only ever get here with a draft: tag it as every page does
        summary += f" – {label}"
    start, end = _times(meeting)
    event = Event.new(
        uid=f"meeting-{meeting.pk}@blmk-portal",
        stamp=stamp,
        start=start,
        end=end,
        summary=summary,
        status=STATUS[meeting.state],
        url=link,
        description=f"{'This meeting has been cancelled. ' if cancelled else ''}Agenda and details: {link}",
    )
    location = meeting.venue or ("Online" if meeting.online_link else "")
    if location:
        event.location = location
    return event


def _times(meeting: Meeting) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime | None]:
    """A meeting with a start time runs from it (to its end time, when known); one without is an all-day event."""
    if meeting.start is None:
        return meeting.date, meeting.date + dt.timedelta(days=1)
    start = dt.datetime.combine(meeting.date, meeting.start, tzinfo=LONDON)
    end = dt.datetime.combine(meeting.date, meeting.end, tzinfo=LONDON) if meeting.end else None
    return start, end
