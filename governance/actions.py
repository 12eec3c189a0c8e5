"""The action log: every write to actions (raise, edit, add a dated update, propose closure, close when the board
notes the log), who may change which action, and the log as each page reads it (a board's log, a meeting's log
for its pack, an owner's actions). The rules and their words are action_rules'.

Reads go through the publication gate: an action raised at a Part II item is for that board's members and staff;
one raised at an unpublished meeting is for staff. Queries do not grow with the number of actions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from blmk_portal import formatting, roles
from blmk_portal.editing import save_versioned
from blmk_portal.reminders import Due
from blmk_portal.services import record_create, record_update
from governance import action_rules
from governance.action_rules import LogEntry
from governance.models import Action, ActionUpdate, Board, Meeting, Person

# ---- Who may change what ----


def person_of(user) -> Person | None:
    """The person named in the papers whom this sign-in is (Person.user), if any."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_person"):
        user._person = Person.objects.filter(user=user).first()
    return user._person


def can_change(user, action: Action) -> bool:
    """Staff change every action; an owner changes only the actions they own."""
    if roles.is_programme_office(user):
        return True
    person = person_of(user)
    return person is not None and any(owner.pk == person.pk for owner in action.owners.all())


# ---- Writes ----


@transaction.atomic
def action_raise(*, raised_at: Meeting, values: dict[str, Any], by) -> Action:
    """A new action in the board's log, raised at a meeting (at one of its items), numbered next. The board's row
    is locked while the number is taken, so two actions raised at once never share one."""
    meeting = raised_at
    board = Board.objects.select_for_update().get(pk=meeting.board_id)
    _check(meeting, values)
    highest = Action.objects.filter(board=board).aggregate(highest=Max("number"))["highest"]
    number = action_rules.next_number(board.last_action_number, highest)
    Board.objects.filter(pk=board.pk).update(last_action_number=number)
    return record_create(model=Action, values={**values, "board": board, "number": number, "raised_at": meeting}, by=by)


def action_update(*, action: Action, opened_at_version: int, values: dict[str, Any], by) -> Action:
    """An edit by staff, version-checked; a changed deadline is in the action's History as every change is."""
    _check(action.raised_at, values)
    if values.get("status") == Action.Status.OPEN:
        values = {**values, "proposed_for_closure_on": None}
    elif values.get("status") == Action.Status.CLOSING and action.status != Action.Status.CLOSING:
        values = {**values, "proposed_for_closure_on": timezone.localdate()}
    return record_update(item=action, opened_at_version=opened_at_version, values=values, by=by)


def actionupdate_create(*, action: Action, values: dict[str, Any], by) -> ActionUpdate:
    """A dated update ("26.05.21 ... will be shared once there is clarity"); dated today unless a date is given."""
    if action.status == Action.Status.CLOSED:
        raise ValidationError(f"{action} is closed, so takes no more updates")
    values = {**values, "date": values.get("date") or timezone.localdate(), "action": action, "by": by}
    return record_create(model=ActionUpdate, values=values, by=by)


def actionupdate_update(*, actionupdate: ActionUpdate, opened_at_version: int, values: dict[str, Any], by):
    return record_update(item=actionupdate, opened_at_version=opened_at_version, values=values, by=by)


@transaction.atomic
def action_propose_closure(*, action: Action, opened_at_version: int, comment: str = "", by) -> Action:
    """Its owner (or staff) proposes closing it: it shows as Closing until the board's next meeting notes the log.
    A comment is kept as a dated update."""
    if action.status != Action.Status.OPEN:
        raise ValidationError(f"{action} is {action.get_status_display().lower()} already")
    with pghistory.context(user=by.pk):
        save_versioned(
            action,
            opened_at_version=opened_at_version,
            values={"status": Action.Status.CLOSING, "proposed_for_closure_on": timezone.localdate()},
        )
    if comment.strip():
        actionupdate_create(action=action, values={"text": comment.strip()}, by=by)
    return action


@transaction.atomic
def action_reopen(*, action: Action, opened_at_version: int, by) -> Action:
    """Staff take back a proposal to close (the board did not agree), or reopen a closed action."""
    if action.status == Action.Status.OPEN:
        raise ValidationError(f"{action} is open already")
    with pghistory.context(user=by.pk):
        save_versioned(
            action,
            opened_at_version=opened_at_version,
            values={"status": Action.Status.OPEN, "closed_at": None, "proposed_for_closure_on": None},
            watched={"status", "closed_at"},
        )
    return action


@transaction.atomic
def action_log_noted(*, meeting: Meeting, by) -> list[Action]:
    """The meeting noted the action log: every action of its board proposed for closure before it is closed, at this
    meeting. Staff do this from the meeting's page; the minutes do it when they record the log's item as noted.
    Noting again closes only what has been proposed since."""
    closing = list(
        Action.objects.select_for_update()
        .filter(board=meeting.board_id, status=Action.Status.CLOSING, raised_at__date__lt=meeting.date)
        .order_by("number")
    )
    with pghistory.context(user=by.pk):
        for action in closing:
            Action.objects.filter(pk=action.pk).update(
                status=Action.Status.CLOSED, closed_at=meeting, version=F("version") + 1
            )
    return closing


def _check(meeting: Meeting, values: dict[str, Any]) -> None:
    item = values.get("item")
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": "Choose an item of the meeting the action was raised at"})
    if values.get("due_precision") == Action.Precision.MONTH and values.get("due") is not None:
        values["due"] = values["due"].replace(day=1)
    if not values.get("owners") and not (values.get("owner_role") or "").strip() and "owners" in values:
        raise ValidationError({"owners": "Choose who is responsible, or enter a role such as Executive lead"})


# ---- Reads ----


def with_details(actions: QuerySet) -> QuerySet:
    return actions.select_related("board", "raised_at__board", "item", "closed_at").prefetch_related(
        Prefetch("owners", queryset=Person.objects.select_related("user").order_by("name")),
        Prefetch("updates", queryset=ActionUpdate.objects.order_by(F("date").asc(nulls_first=True), "pk")),
    )


def overdue_condition(today: dt.date) -> Q:
    """action_rules.is_overdue as a database filter: not closed, and past the last day its deadline allows (a month
    deadline is stored as the month's first day, so it is overdue once today's month is later)."""
    return ~Q(status=Action.Status.CLOSED) & (
        Q(due_precision=Action.Precision.DAY, due__lt=today)
        | Q(due_precision=Action.Precision.MONTH, due__lt=today.replace(day=1))
    )


def raised_at(meeting: Meeting) -> QuerySet:
    return with_details(Action.objects.filter(raised_at=meeting)).order_by("number")


def _entry(action: Action, today: dt.date, status: str | None = None) -> LogEntry:
    return LogEntry(
        number=action.number,
        status=status or action.status,
        due=action.due,
        precision=action.due_precision,
        closed_on=action.closed_at.date if action.closed_at_id else None,
    )


@dataclass
class ActionRow:
    """An action as a log row reads it, as at `today` (a meeting's date in its pack)."""

    action: Action
    today: dt.date
    status: str  # as at `today`: one closed at a later meeting was still open then
    as_at_meeting: bool = False  # in a meeting's log: updates dated after the meeting are left out

    @property
    def overdue(self) -> bool:
        return action_rules.is_overdue(self.status, self.action.due, self.action.due_precision, self.today)

    @property
    def ref(self) -> str:
        return str(self.action.number)

    @property
    def raised(self) -> str:
        return action_rules.log_date(self.action.raised_at.date)

    @property
    def item(self) -> str:
        return self.action.item_as_printed or (self.action.item.title if self.action.item_id else "")

    @property
    def responsible(self) -> str:
        return action_rules.responsible_words(self.action.owner_role, (p.name for p in self.action.owners.all()))

    @property
    def deadline(self) -> str:
        return action_rules.deadline_words(self.action.due, self.action.due_precision)

    @property
    def deadline_in_full(self) -> str:
        return action_rules.deadline_in_full(self.action.due, self.action.due_precision)

    @property
    def status_word(self) -> str:
        return action_rules.STATUS_WORDS[self.status]

    @property
    def status_words(self) -> str:
        return action_rules.status_words(self.status, self.overdue)

    @property
    def tag(self) -> dict[str, str]:
        """The status as a tag: its word always, the colour only adds to it."""
        if self.overdue:
            return {"text": f"{self.status_word}: overdue", "classes": "nhsuk-tag--red"}
        colours = {"open": "nhsuk-tag--blue", "closing": "nhsuk-tag--yellow", "closed": "nhsuk-tag--grey"}
        return {"text": self.status_word, "classes": colours[self.status]}

    @property
    def comments(self) -> list[str]:
        """The dated updates as the log prints them: "26.05.21 information ... once there is clarity"."""
        return [
            action_rules.update_words(update.date, update.text)
            for update in self.action.updates.all()
            if not (self.as_at_meeting and update.date and update.date > self.today)
        ]

    @property
    def anchor(self) -> str:
        return f"action-{self.action.pk}"

    @property
    def url(self) -> str:
        return reverse("governance:action_detail", kwargs=self.action.url_kwargs())


@dataclass
class MeetingLog:
    """A meeting's action log, for its pack: the actions raised before it, as at its date."""

    meeting: Meeting
    current: list[ActionRow]
    closed: list[ActionRow]
    last_meeting: Meeting | None

    @property
    def due(self) -> list[ActionRow]:
        """The actions due for this meeting, which its matters arising (the log's item) takes."""
        return [
            row
            for row in self.current
            if action_rules.is_due_by(row.status, row.action.due, row.action.due_precision, self.meeting.date)
        ]

    @property
    def due_words(self) -> str:
        due = [row.ref for row in self.due]
        if not due:
            return "No actions are due for this meeting."
        names = ", ".join(due[:-1]) + (f" and {due[-1]}" if len(due) > 1 else due[0])
        return f"Due for this meeting: action{'s' if len(due) > 1 else ''} {names}."

    @property
    def closed_words(self) -> str:
        since = f" since the meeting of {formatting.date(self.last_meeting.date)}" if self.last_meeting else ""
        return f"Closed{since}, listed this once"

    @property
    def is_empty(self) -> bool:
        return not (self.current or self.closed)

    def fingerprint(self) -> str:
        """The versions of everything the log shows, so a changed log makes a new edition of the pack."""
        parts = [
            (
                row.action.pk,
                row.action.version,
                row.status,
                [p.pk for p in row.action.owners.all()],
                [(u.pk, u.version) for u in row.action.updates.all()],
                row.action.item.version if row.action.item_id else None,
            )
            for row in self.current + self.closed
        ]
        return hashlib.sha256(repr(parts).encode()).hexdigest()


def meeting_log(meeting: Meeting, user) -> MeetingLog:
    """The log as the meeting's pack gives it to this reader. Three queries."""
    last = (
        Meeting.objects.filter(board=meeting.board_id, date__lt=meeting.date)
        .exclude(state=Meeting.State.CANCELLED)
        .order_by("-date")
        .first()
    )
    since = last.date if last else meeting.date
    actions = with_details(
        Action.objects.visible_to(user).filter(
            Q(board=meeting.board_id, raised_at__date__lt=meeting.date)
            & (~Q(status=Action.Status.CLOSED) | Q(closed_at__date__gte=since))
        )
    )
    rows = []
    for action in actions:
        closed_on = action.closed_at.date if action.closed_at_id else None
        status = action_rules.status_at(action.status, action.proposed_for_closure_on, closed_on, meeting.date)
        rows.append((_entry(action, meeting.date, status), ActionRow(action, meeting.date, status, as_at_meeting=True)))
    current, closed = action_rules.log_order(rows, meeting.date, last.date if last else None)
    return MeetingLog(meeting, current, closed, last)


def board_log(board: Board, user, today: dt.date | None = None) -> tuple[list[ActionRow], list[ActionRow]]:
    """A board's log as it stands today: open and closing actions in the log's order, then every closed one by
    number (a board's page keeps them all). Two queries."""
    today = today or timezone.localdate()
    actions = with_details(Action.objects.visible_to(user).filter(board=board))
    current, closed = [], []
    for action in actions:
        row = ActionRow(action, today, action.status)
        (closed if action.status == Action.Status.CLOSED else current).append((_entry(action, today), row))
    ordered, _ = action_rules.log_order(current, today, None)
    return ordered, [row for _, row in sorted(closed, key=lambda pair: pair[0].number)]


def mine(person: Person | None, today: dt.date | None = None) -> list[ActionRow]:
    """A person's actions across boards, overdue first, then by deadline; closed ones last. An owner sees the
    actions they own whatever the board (they are responsible for them)."""
    if person is None:
        return []
    today = today or timezone.localdate()
    actions = with_details(Action.objects.filter(owners=person))
    return action_rules.mine_order(
        ((_entry(action, today), ActionRow(action, today, action.status)) for action in actions), today
    )


def action_row(action_pk: int, today: dt.date | None = None) -> ActionRow:
    """One action read afresh with its details (after a save, so the page shows the result)."""
    action = with_details(Action.objects.filter(pk=action_pk)).get()
    return ActionRow(action, today or timezone.localdate(), action.status)


@dataclass
class Reminder:
    """An owner's actions to remind them of: overdue, and due within the next days."""

    person: Person
    overdue: list[ActionRow]
    due_soon: list[ActionRow]


REMINDER_DAYS = 7


def action_reminders(today: dt.date) -> list[Due]:
    """The reminder source the action log registers (blmk_portal/reminders.py): each owner's overdue actions, then
    those due in the next 7 days."""
    dues = []
    for reminder in reminders_due(today):
        lines = [_reminder_line(row) for row in reminder.overdue + reminder.due_soon]
        heading = f"Your actions overdue or due by {formatting.date(today + dt.timedelta(days=REMINDER_DAYS))}"
        dues.append(Due(user=reminder.person.user, heading=heading, lines=lines, path=reverse("governance:my_actions")))
    return dues


def _reminder_line(row: ActionRow) -> str:
    when = "overdue: the deadline was" if row.overdue else "due"
    return f"{row.action}, {row.action.board.name}: {row.action.text} ({when} {row.deadline_in_full})"


def reminders_due(today: dt.date) -> list[Reminder]:
    """Each owner who can sign in (with an email), with their open or closing actions that are overdue or due in
    the next 7 days (a month deadline is due by the month's end). Owners named only by a role get none."""
    soon = today + dt.timedelta(days=REMINDER_DAYS)
    actions = with_details(
        Action.objects.exclude(status=Action.Status.CLOSED).filter(
            due__isnull=False, owners__user__isnull=False, due__lte=soon
        )
    ).distinct()
    by_person: dict[int, Reminder] = {}
    for action in actions:
        end = action_rules.deadline_end(action.due, action.due_precision)
        if end is None or end > soon:
            continue
        row = ActionRow(action, today, action.status)
        for person in action.owners.all():
            if person.user_id is None:
                continue
            reminder = by_person.setdefault(person.pk, Reminder(person, [], []))
            (reminder.overdue if row.overdue else reminder.due_soon).append(row)
    return list(by_person.values())
