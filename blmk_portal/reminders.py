"""Reminder emails: one mechanism for every app that chases people (owners of actions falling due, and later
milestone owners in a reporting round).

An app registers a source in its AppConfig.ready(): a function that, for a day, says who is due a reminder of what.
`send_reminders` (run daily by `manage.py send_reminders`, docs/deployment.md) gathers every source's reminders
into one email per person, through Django's configured email backend, and logs it: a person gets at most one
reminder email a day, however often the command runs. Nothing is sent to someone with nothing due. The kit imports
no app: sources come to it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from blmk_portal.formatting import date
from blmk_portal.models import ReminderSent

SUBJECT = "Your reminders from the BLMK Health and Care Partnership portal"


@dataclass(frozen=True)
class Due:
    """What one source reminds one person of: a heading, one line per thing due, and where to see them."""

    user: object  # the person who signs in, with an email address
    heading: str  # "Your actions due in the next 7 days or overdue"
    lines: list[str]
    path: str  # where on the portal they deal with it, e.g. /actions/


@dataclass(frozen=True)
class Source:
    name: str  # what the log records it reminded of, e.g. "actions"
    due: Callable[[dt.date], Iterable[Due]]


_sources: list[Source] = []


def register_source(source: Source) -> None:
    _sources.append(source)


def sources() -> list[Source]:
    return list(_sources)


@dataclass
class Sent:
    """What a run did: the people emailed, and those passed over because they had had their reminder that day."""

    emailed: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)


def send_reminders(today: dt.date | None = None) -> Sent:
    """Email each person due a reminder today once, with everything every source has for them."""
    today = today or timezone.localdate()
    gathered: dict[int, list[tuple[str, Due]]] = defaultdict(list)
    people = {}
    for source in _sources:
        for due in source.due(today):
            if due.lines and getattr(due.user, "email", ""):
                gathered[due.user.pk].append((source.name, due))
                people[due.user.pk] = due.user
    done = set(ReminderSent.objects.filter(day=today, user__in=list(gathered)).values_list("user", flat=True))
    sent = Sent()
    for pk, entries in gathered.items():
        user = people[pk]
        if pk in done or not _send_once(user, today, entries):
            sent.already.append(user.email)
        else:
            sent.emailed.append(user.email)
    return sent


def _send_once(user, today: dt.date, entries: list[tuple[str, Due]]) -> bool:
    """Claim the day's log row, then send: if sending fails, the claim goes with it, so the next run tries again.
    False when another run claimed it first."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(user=user, day=today, sources=", ".join(sorted({name for name, _ in entries})))
            send_mail(SUBJECT, body(user, today, [due for _, due in entries]), None, [user.email])
    except IntegrityError:
        return False
    return True


def body(user, today: dt.date, dues: list[Due]) -> str:
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    parts = [f"Hello{' ' + name if name else ''},", "", f"This is what is due as at {date(today)}."]
    for due in dues:
        parts += ["", due.heading, *(f"- {line}" for line in due.lines), f"See them at {settings.PORTAL_URL}{due.path}"]
    parts += [
        "",
        "You get at most one reminder email a day, and none when nothing is due.",
        "BLMK Health and Care Partnership",
    ]
    return "\n".join(parts)
