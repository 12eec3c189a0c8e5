"""A board's forward plan: the writes (planned items added, edited, moved, removed, and taken into an agenda) and
what its pages read (the public plan by meeting date, the board's staff list, and the items a meeting's agenda is
offered).

The rules (which meeting an item belongs to, what has slipped, the words) are forward_plan_rules'; this reads the
records through the publication gate and hands them over, in a number of queries that does not grow with the plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from blmk_portal.formatting import date
from blmk_portal.identity import next_order
from blmk_portal.services import record_create, record_remove, record_update
from governance import agenda_rules, forward_plan_rules, services
from governance.forward_plan_rules import MeetingDay, Standing
from governance.models import AgendaItem, Board, Meeting, PlannedItem
from governance.presenters import item_label

# ---- Writes ----


def planneditem_create(*, board: Board, values: dict[str, Any], by) -> PlannedItem:
    values = _as_planned_for(board, values, None)
    return record_create(model=PlannedItem, values={**values, "board": board}, by=by)


def planneditem_update(*, planneditem: PlannedItem, opened_at_version: int, values: dict[str, Any], by) -> PlannedItem:
    values = _as_planned_for(planneditem.board, values, planneditem)
    if values.get("planned_for", planneditem.planned_for) != planneditem.planned_for:  # last among its new date's
        values["order"] = next_order(PlannedItem, {"board": planneditem.board, "planned_for": values["planned_for"]})
    return record_update(item=planneditem, opened_at_version=opened_at_version, values=values, by=by)


def planneditem_remove(*, planneditem: PlannedItem, opened_at_version: int, by) -> None:
    if planneditem.taken_as_id is not None:
        raise ValidationError(
            f"{planneditem.title} was taken into an agenda, so it stays in the forward plan as the record of what "
            "was planned. To correct a wrong link, edit it and choose no agenda item."
        )
    record_remove(item=planneditem, opened_at_version=opened_at_version, by=by)


@transaction.atomic
def planneditem_add_to_agenda(*, planneditem: PlannedItem, meeting: Meeting, by) -> tuple[AgendaItem, bool]:
    """Add a planned item to a meeting's agenda as a draft item (its title, lead and detail; last, before AOB) and
    link the two. Returns (the agenda item, True); or, where it was taken already (the button pressed twice, or
    two people at once), (the item it was taken as, False) with nothing added: the planned item's row is held
    until the transaction ends, so a second press waits for the first and then finds it taken."""
    current = (
        PlannedItem.objects.select_for_update(of=("self",)).select_related("taken_as__meeting").get(pk=planneditem.pk)
    )
    if current.taken_as_id is not None:
        return current.taken_as, False
    if meeting.board_id != current.board_id:
        raise ValidationError(f"{current.title} is in the forward plan of another board")
    if meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(f"The meeting of {date(meeting.date)} was cancelled, so its agenda takes no items")
    if current.planned_for > meeting.date:
        raise ValidationError(
            f"{current.title} is planned for {date(current.planned_for)}, after this meeting: change its date in the "
            "forward plan first if the board is to take it sooner"
        )
    item = services.agendaitem_create(
        meeting=meeting,
        values={
            "title": current.title,
            "leads": current.lead,
            "descriptor": current.detail,
            "standing": current.kind == PlannedItem.Kind.STANDING,
        },
        by=by,
    )
    record_update(item=current, opened_at_version=current.version, values={"taken_as": item}, by=by)
    return item, True


def _as_planned_for(board: Board, values: dict[str, Any], planned: PlannedItem | None) -> dict[str, Any]:
    """An item is taken as an agenda item of one of the board's meetings, one not taken by another planned item; it
    answers an action of the board's own log."""
    taken_as, action = values.get("taken_as"), values.get("action")
    if taken_as is not None:
        if taken_as.meeting.board_id != board.pk:
            raise ValidationError({"taken_as": f"Choose an agenda item of a meeting of {board.name}"})
        other = PlannedItem.objects.filter(taken_as=taken_as).exclude(pk=planned.pk if planned else None).first()
        if other is not None:
            raise ValidationError({"taken_as": f"That agenda item was taken for “{other.title}” already"})
    if action is not None and action.board_id != board.pk:
        raise ValidationError({"action": f"Choose an action of {board.name}'s log"})
    return values


# ---- Reads ----


def meeting_days(meetings) -> list[MeetingDay]:
    return [
        MeetingDay(
            meeting.pk,
            meeting.date,
            held=meeting.state == Meeting.State.HELD,
            cancelled=meeting.state == Meeting.State.CANCELLED,
        )
        for meeting in meetings
    ]


def standing_of(item: PlannedItem, days: list[MeetingDay], today: dt.date) -> Standing:
    taken_on = item.taken_as.meeting.date if item.taken_as_id else None
    return forward_plan_rules.standing(item.planned_for, taken_on, days, today)


@dataclass
class PlannedRow:
    """A planned item with where it stands, and (for this reader) the agenda item it was taken as."""

    item: PlannedItem
    standing: Standing
    taken_url: str | None = None  # the agenda item on its meeting's page, where this reader may see it
    taken_label: str | None = None  # "item 10: BLMK ICS Estates Strategy Refresh 2021"

    @property
    def tag(self) -> dict[str, str]:
        return STATUS_TAGS[self.standing.status]

    @property
    def kind(self) -> str:
        return self.item.kind

    @property
    def planned_for(self) -> dt.date:
        return self.item.planned_for


STATUS_TAGS = {
    forward_plan_rules.PLANNED: {"text": "Planned", "classes": "nhsuk-tag--blue"},
    forward_plan_rules.TAKEN: {"text": "Taken", "classes": "nhsuk-tag--green"},
    forward_plan_rules.SLIPPED: {"text": "Slipped", "classes": "nhsuk-tag--orange"},
}


@dataclass
class PlanDate:
    """One meeting date of the plan: its meeting (where this reader may see one), the items planned for it by
    kind, and the items that slipped to it from earlier dates."""

    day: dt.date
    meeting: Meeting | None
    kinds: list[tuple[str, list[PlannedRow]]]
    slipped_here: list[PlannedRow] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return date(self.day)

    @property
    def anchor(self) -> str:
        return f"meeting-{self.day:%Y-%m-%d}"

    @property
    def dates_as_printed(self) -> list[str]:
        printed = (row.item.date_as_printed for _, rows in self.kinds for row in rows if row.item.date_as_printed)
        return list(dict.fromkeys(printed))


@dataclass
class ForwardPlan:
    coming_up: list[PlanDate]
    earlier: list[PlanDate]
    sources: list[str]

    @property
    def is_empty(self) -> bool:
        return not (self.coming_up or self.earlier)


def board_forward_plan(board: Board, user, today: dt.date | None = None) -> ForwardPlan:
    """The board's forward plan as this reader may read it, by meeting date: dates still to come first, then the
    earlier ones, each in date order as the plan prints them. Four queries at most, however long the plan."""
    today = today or timezone.localdate()
    meetings = list(Meeting.objects.visible_to(user).filter(board=board).only("pk", "date", "state", "status"))
    for meeting in meetings:
        meeting.board = board  # its address needs the board's slug
    days = meeting_days(meetings)
    items = list(PlannedItem.objects.visible_to(user).filter(board=board).select_related("taken_as__meeting", "source"))
    rows = _rows(items, days, today, user, board)
    by_day = {meeting.date: meeting for meeting in meetings}
    # A plan printed without sections (the JHOSC's work programme) is not given kind headings it never had.
    one_kind = len({row.kind for row in rows}) <= 1
    dates = []
    for day, planned in forward_plan_rules.by_date(rows).items():
        kinds = [("", planned)] if one_kind else forward_plan_rules.by_kind(planned, lambda row: row.kind)
        dates.append(PlanDate(day, by_day.get(day), kinds))
    # An item that slipped to a meeting is listed there too, so a reader of that meeting's plan sees everything
    # the board expects to take.
    at_date = {plan_date.day: plan_date for plan_date in dates}
    for row in rows:
        target = row.standing.slipped_to if row.standing.status == forward_plan_rules.SLIPPED else None
        if target is not None:
            if target.date not in at_date:
                at_date[target.date] = PlanDate(target.date, by_day.get(target.date), [])
                dates.append(at_date[target.date])
            at_date[target.date].slipped_here.append(row)
    dates.sort(key=lambda plan_date: plan_date.day)
    meeting_over = {day.date: day.is_over(today) for day in days}
    coming = [d for d in dates if not meeting_over.get(d.day, d.day < today)]
    earlier = [d for d in dates if meeting_over.get(d.day, d.day < today)]
    sources = list(dict.fromkeys(str(item.source) for item in items if item.source_id))
    return ForwardPlan(coming, earlier, sources)


def board_plan_for_staff(board: Board, today: dt.date | None = None) -> list[tuple[dt.date, list[PlannedRow]]]:
    """The board's forward plan on its staff page: each date's items in order, with where each stands. Two
    queries."""
    today = today or timezone.localdate()
    days = meeting_days(Meeting.objects.filter(board=board).only("pk", "date", "state"))
    items = list(board.forward_plan.select_related("taken_as__meeting").order_by("planned_for", "order", "pk"))
    rows = []
    for item in items:
        item.board = board  # each row's staff links need the board's slug
        row = PlannedRow(item, standing_of(item, days, today))
        if item.taken_as_id:
            item.taken_as.meeting.board = board
            row.taken_url, row.taken_label = item.taken_as.get_manage_url(), str(item.taken_as)
        rows.append(row)
    return list(forward_plan_rules.by_date(rows).items())


def offered_at(meeting: Meeting, today: dt.date | None = None) -> list[PlannedRow]:
    """The planned items a meeting's agenda is offered: those planned for its day, then those that slipped to it,
    oldest first. Two queries."""
    today = today or timezone.localdate()
    days = meeting_days(Meeting.objects.filter(board=meeting.board_id).only("pk", "date", "state"))
    here = next(day for day in days if day.key == meeting.pk)
    candidates = PlannedItem.objects.filter(
        board=meeting.board_id, taken_as__isnull=True, planned_for__lte=meeting.date
    )
    rows = []
    for item in candidates.order_by("planned_for", "order", "pk"):
        item.board = meeting.board
        standing = standing_of(item, days, today)
        if forward_plan_rules.offered_at(here, standing):
            rows.append(PlannedRow(item, standing))
    rows.sort(key=lambda row: (row.item.planned_for != meeting.date, row.item.planned_for))
    return rows


def _rows(items: list[PlannedItem], days: list[MeetingDay], today: dt.date, user, board: Board) -> list[PlannedRow]:
    """Each item with where it stands and, where this reader may see the agenda item it was taken as, a link to it
    numbered as its agenda prints it. Two queries where anything was taken: which of those items this reader may
    see, and the agendas they are on (numbers come from the whole agenda, as the meeting page numbers them)."""
    taken = [item.taken_as for item in items if item.taken_as_id]
    visible: set[int] = set()
    numbers: dict[int, str] = {}
    if taken:
        visible = set(
            AgendaItem.objects.visible_to(user).filter(pk__in=[i.pk for i in taken]).values_list("pk", flat=True)
        )
        agendas = AgendaItem.objects.filter(meeting__in={i.meeting_id for i in taken if i.pk in visible})
        numbers = agenda_rules.numbers(
            agenda_rules.in_agenda_order(agendas.only("pk", "parent_id", "order", "number", "numbered"))
        )
    rows = []
    for item in items:
        row = PlannedRow(item, standing_of(item, days, today))
        agenda_item = item.taken_as
        if agenda_item is not None and agenda_item.pk in visible:
            agenda_item.meeting.board = board
            row.taken_url = f"{agenda_item.meeting.get_absolute_url()}#{agenda_item.row_id}"
            label = item_label(numbers.get(agenda_item.pk, ""), "")
            row.taken_label = f"{label}: {agenda_item.title}" if label else agenda_item.title
        rows.append(row)
    return rows
