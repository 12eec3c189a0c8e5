"""The reporting round chases: the reminder source the priorities app registers with the portal's one reminder
mechanism (blmk_portal/reminders.py, ADR 13), so each milestone owner hears which of their milestones await a
status for the quarter being reported.

A milestone's owner is free text as the plan prints it ("BLMK CCG", a role, a person's name). The owner is chased
when that text is the full name of exactly one person who can sign in and report statuses (ADR 14): an owner
named as an organisation or a role, or by a name two people share, is chased by nobody, never by a guess.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from blmk_portal.formatting import date
from blmk_portal.reminders import Due
from blmk_portal.roles import PROGRAMME_OFFICE_GROUP
from priorities.models import Milestone
from priorities.period_rules import overdue, reporting_period
from priorities.queries import milestones_due_an_update


def owner_key(text: str) -> str:
    """An owner's name as it is matched: case and spacing aside, "Kay  Example" is "kay example"."""
    return " ".join(text.split()).casefold()


def reporters_by_name() -> dict[str, object]:
    """The people who can sign in and report statuses (today the programme office: ADR 14), by their full name
    as `owner_key` reads it; a name two of them share names nobody. One query."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(is_superuser=True) | Q(groups__name=PROGRAMME_OFFICE_GROUP))
        .distinct()
    )
    named: dict[str, list] = defaultdict(list)
    for user in users:
        key = owner_key(user.get_full_name())
        if key:
            named[key].append(user)
    return {key: found[0] for key, found in named.items() if len(found) == 1}


def reminder_line(milestone: Milestone, today: dt.date) -> str:
    """One milestone as the email lists it: what it is, where it belongs, and when it is (or was) due."""
    late = overdue(milestone.due_date, milestone.latest_rag, today)
    when = late or (f"due {date(milestone.due_date)}" if milestone.due_date else "no due date")
    return f"{milestone.title} ({milestone.programme.priority.code} {milestone.programme.title}): {when}"


def milestone_reminders(today: dt.date) -> list[Due]:
    """The source registered in apps.py: for each owner who can be chased, the milestones of current plans with
    no status yet for this quarter, overdue ones first, each set of them linked to the round filtered to them."""
    reporters = reporters_by_name()
    if not reporters:
        return []
    period = reporting_period(today)
    # Read as one of the people chased, all of whom are programme office: the record as it stands, not only
    # what the public sees, so a milestone reported complete but not yet signed off is not chased.
    waiting = (
        milestones_due_an_update(period, next(iter(reporters.values())))
        .filter(updated_this_period=False)
        .exclude(owner="")
        .select_related("programme__priority")
    )
    # One reminder per owner as written, so its link filters the round to exactly those milestones.
    by_owner: dict[str, list[Milestone]] = defaultdict(list)
    for milestone in waiting:
        if owner_key(milestone.owner) in reporters:
            by_owner[milestone.owner].append(milestone)
    dues = []
    for owner, milestones in by_owner.items():
        milestones.sort(key=lambda m: overdue(m.due_date, m.latest_rag, today) is None)  # overdue first, stable
        query = urlencode({"owner": owner, "show": "waiting"})
        dues.append(
            Due(
                user=reporters[owner_key(owner)],
                heading=f"Milestones you own awaiting a status for {period}",
                lines=[reminder_line(milestone, today) for milestone in milestones],
                path=f"{reverse('priorities:reporting_round')}?{query}",
            )
        )
    return dues
