"""Minutes and the decision register: every write to minutes, minutes of items and resolutions, with their rules
(minutes_rules), and the reads the pages make, always through the publication gate.

Draft minutes are the programme office's; confirming them at a later meeting of the board publishes them, with the
meeting and date that confirmed them and any corrections made there. A resolution is public only once its minutes
are confirmed (and its item is Part I, or the reader sits on the board).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from blmk_portal.editing import save_versioned
from blmk_portal.services import record_create, record_remove, record_update
from governance import action_rules, agenda_rules, minutes_rules
from governance.actions import action_log_noted
from governance.minutes_rules import DECIDING, Confirming, ConfirmingMeeting
from governance.models import (
    Action,
    AgendaItem,
    AgendaItemPlace,
    AgendaItemPriority,
    Meeting,
    Minute,
    Minutes,
    PaperPlace,
    PaperPriority,
    Resolution,
)

# ---- Writes ----


@transaction.atomic
def minutes_start(*, meeting: Meeting, by) -> Minutes:
    """The meeting's minutes, begun as a draft where there are none, with a minute for every agenda item that has
    none yet (items added since the minutes were begun get theirs too)."""
    with pghistory.context(user=by.pk):
        minutes, _ = Minutes.objects.get_or_create(meeting=meeting)
        missing = meeting.items.filter(minute__isnull=True).order_by("order", "pk")
        for item in missing:
            Minute.objects.create(minutes=minutes, item=item)
    return minutes


def minutes_update(*, minutes: Minutes, opened_at_version: int, values: dict[str, Any], by) -> Minutes:
    return record_update(item=minutes, opened_at_version=opened_at_version, values=values, by=by)


@transaction.atomic
def minute_update(*, minute: Minute, opened_at_version: int, values: dict[str, Any], by) -> Minute:
    problem = minutes_rules.outcome_change_problem(values.get("outcome", minute.outcome), minute.resolutions.count())
    if problem:
        raise ValidationError({"outcome": problem})
    saved = record_update(item=minute, opened_at_version=opened_at_version, values=values, by=by)
    if saved.outcome == Minute.Outcome.NOTED and action_rules.is_log_item(saved.item.title):
        # The meeting noted the action log: the actions proposed for closure before it are closed at it.
        action_log_noted(meeting=saved.minutes.meeting, by=by)
    return saved


def resolution_create(*, minute: Minute, values: dict[str, Any], by) -> Resolution:
    problem = minutes_rules.resolution_problem(minute.outcome)
    if problem:
        raise ValidationError({"text": problem})
    _check_paper(minute, values.get("paper"))
    return record_create(model=Resolution, values={**values, "minute": minute}, by=by)


def resolution_update(*, resolution: Resolution, opened_at_version: int, values: dict[str, Any], by) -> Resolution:
    _check_paper(resolution.minute, values.get("paper"))
    return record_update(item=resolution, opened_at_version=opened_at_version, values=values, by=by)


def resolution_remove(*, resolution: Resolution, opened_at_version: int, by) -> None:
    with pghistory.context(user=by.pk):
        record_remove(item=resolution, opened_at_version=opened_at_version, by=by)


def _check_paper(minute: Minute, paper) -> None:
    if paper is not None and paper.meeting_id != minute.minutes.meeting_id:
        raise ValidationError({"paper": "Choose a paper of this meeting"})


@transaction.atomic
def minutes_confirm(*, minutes: Minutes, at: Meeting, corrections: str, opened_at_version: int, by) -> Minutes:
    """Record that the meeting `at` confirmed the minutes as a true record, with the corrections it made: this
    publishes them. Refused in words where the rules say no; refused (EditConflict) if the minutes changed since
    the person looked."""
    problem = minutes_rules.confirmation_problem(
        Confirming(
            minutes_of=minutes.meeting.date,
            board=minutes.meeting.board_id,
            confirmed_at=minutes.approved_at.date if minutes.approved_at_id else None,
            entries=minutes.entries.count(),
        ),
        ConfirmingMeeting(date=at.date, board=at.board_id, cancelled=at.state == Meeting.State.CANCELLED),
        timezone.localdate(),
    )
    if problem:
        raise ValidationError({"minutes": problem})
    with pghistory.context(user=by.pk):
        save_versioned(
            minutes,
            opened_at_version=opened_at_version,
            values={
                **minutes.publication_values(publish=True),
                "approved_at": at,
                "approved_on": at.date,
                "corrections": corrections,
            },
            watched={"status", "approved_at", "approved_on", "corrections", "closed_at", "taken_by", "drafted_on"},
        )
    return minutes


# ---- Reads ----


@dataclass
class MinuteRow:
    """One item's minute as a reader may read it: its number as printed, its resolutions numbered, its actions."""

    minute: Minute
    number: str
    resolutions: list[tuple[str, Resolution]]
    actions: list[Action] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.minute.item.title

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def outcome(self) -> str:
        return minutes_rules.outcome_heading(self.minute.outcome)

    @property
    def outcome_text(self) -> str:
        return minutes_rules.outcome_words(self.minute.outcome, self.minute.outcome_text)

    @property
    def is_decision(self) -> bool:
        return self.minute.outcome in DECIDING


@dataclass
class MeetingMinutes:
    minutes: Minutes
    rows: list[MinuteRow]

    @property
    def confirmed(self) -> str | None:
        at = self.minutes.approved_at
        return minutes_rules.confirmed_words(at.date) if at else None

    @property
    def status(self) -> str:
        at = self.minutes.approved_at
        return minutes_rules.status_words(at.date if at else None)


def meeting_minutes(meeting: Meeting, user) -> MeetingMinutes | None:
    """The meeting's minutes as this reader may read them, or None (no minutes, or drafts for a reader other than
    staff). Five queries however many items: the minutes, their minutes of items, resolutions, actions and the
    agenda's numbers; none where the meeting was read with `minutes_recorded` annotated and has none."""
    if not getattr(meeting, "minutes_recorded", True):
        return None
    minutes = Minutes.objects.visible_to(user).filter(meeting=meeting).select_related("approved_at__board").first()
    if minutes is None:
        return None
    minutes.meeting = meeting
    entries = list(
        Minute.objects.visible_to(user)
        .filter(minutes=minutes)
        .select_related("item")
        .prefetch_related(
            Prefetch(
                "resolutions",
                queryset=Resolution.objects.visible_to(user).select_related("paper").order_by("order", "pk"),
            )
        )
    )
    actions: dict[int, list[Action]] = {}
    for action in (
        Action.objects.visible_to(user).filter(item__minute__in=entries).order_by("number").prefetch_related("owners")
    ):
        actions.setdefault(action.item_id, []).append(action)
    items = [entry.item for entry in entries]
    numbers = agenda_rules.numbers(agenda_rules.in_agenda_order(list(meeting.items.visible_to(user))))
    in_order = {item.pk: position for position, item in enumerate(agenda_rules.in_agenda_order(items))}
    entries.sort(key=lambda entry: in_order[entry.item_id])
    rows = []
    for entry in entries:
        entry.minutes = minutes
        resolutions = list(entry.resolutions.all())
        labels = minutes_rules.resolution_labels(len(resolutions))
        rows.append(
            MinuteRow(
                minute=entry,
                number=entry.number_as_printed or numbers.get(entry.item_id, entry.item.number),
                resolutions=list(zip(labels, resolutions, strict=True)),
                actions=actions.get(entry.item_id, []),
            )
        )
    return MeetingMinutes(minutes, rows)


def confirmable_at(meeting: Meeting) -> QuerySet[Minutes]:
    """What the confirming form offers: the minutes waiting, and those this meeting confirmed already (so the same
    form sent twice finds its first confirmation, and choosing them again is refused in words)."""
    return (
        Minutes.objects.filter(meeting__board=meeting.board_id, meeting__date__lt=meeting.date)
        .filter(Q(approved_at__isnull=True) | Q(approved_at=meeting))
        .select_related("meeting__board")
        .order_by(F("approved_at").asc(nulls_first=True), "-meeting__date")
    )


def unconfirmed_minutes(meeting: Meeting) -> QuerySet[Minutes]:
    """Minutes this meeting may confirm: the board's earlier ones not yet confirmed, the latest first (staff only,
    so not through the gate: staff see everything)."""
    return (
        Minutes.objects.filter(
            meeting__board=meeting.board_id, meeting__date__lt=meeting.date, approved_at__isnull=True
        )
        .select_related("meeting__board")
        .order_by("-meeting__date")
    )


def decisions(user) -> QuerySet[Resolution]:
    """Every resolution of an Agreed or Resolved minute this reader may see, newest meeting first, with all that
    a row of the register shows fetched in the same query."""
    return (
        Resolution.objects.visible_to(user)
        .filter(minute__outcome__in=DECIDING)
        .select_related("minute__item", "minute__minutes__meeting__board", "minute__minutes__approved_at", "paper")
        .order_by("-minute__minutes__meeting__date", "minute__item__order", "minute__item_id", "order", "pk")
    )


def filter_decisions(rows: QuerySet[Resolution], chosen: dict[str, Any]) -> QuerySet[Resolution]:
    """The register filtered by board, priority, place and date range. A decision concerns a priority or place
    when its item or its paper is tagged with it."""
    if chosen.get("board"):
        rows = rows.filter(minute__minutes__meeting__board=chosen["board"])
    if chosen.get("priority"):
        rows = rows.filter(
            Exists(AgendaItemPriority.objects.filter(item=OuterRef("minute__item"), priority=chosen["priority"]))
            | Exists(PaperPriority.objects.filter(paper=OuterRef("paper"), priority=chosen["priority"]))
        )
    if chosen.get("place"):
        rows = rows.filter(
            Exists(AgendaItemPlace.objects.filter(item=OuterRef("minute__item"), place=chosen["place"]))
            | Exists(PaperPlace.objects.filter(paper=OuterRef("paper"), place=chosen["place"]))
        )
    if chosen.get("start"):
        rows = rows.filter(minute__minutes__meeting__date__gte=chosen["start"])
    if chosen.get("end"):
        rows = rows.filter(minute__minutes__meeting__date__lte=chosen["end"])
    return rows


@dataclass
class Decision:
    """A row of the register, or a decision's own page: what was decided, where, on which item and paper."""

    resolution: Resolution
    label: str  # "i)" where its minute has several, else ""
    item_number: str

    @property
    def meeting(self) -> Meeting:
        return self.resolution.minute.minutes.meeting

    @property
    def item(self):
        return self.resolution.minute.item

    @property
    def outcome(self) -> str:
        return minutes_rules.outcome_heading(self.resolution.minute.outcome)

    @property
    def confirmed(self) -> str | None:
        at = self.resolution.minute.minutes.approved_at
        return minutes_rules.confirmed_words(at.date) if at else None

    @property
    def status(self) -> str:
        at = self.resolution.minute.minutes.approved_at
        return minutes_rules.status_words(at.date if at else None)


def as_decisions(resolutions: list[Resolution], user) -> list[Decision]:
    """Rows of the register, each numbered among its minute's resolutions, with its item's number as the agenda
    prints it: two queries for all of them."""
    minutes_of = {resolution.minute_id for resolution in resolutions}
    meetings = {resolution.minute.minutes.meeting_id for resolution in resolutions}
    agendas: dict[int, list[AgendaItem]] = {}
    for item in AgendaItem.objects.visible_to(user).filter(meeting__in=meetings):
        agendas.setdefault(item.meeting_id, []).append(item)
    numbers: dict[int, str] = {}
    for items in agendas.values():
        numbers |= agenda_rules.numbers(agenda_rules.in_agenda_order(items))
    siblings: dict[int, list[int]] = {}
    for pk, minute in (
        Resolution.objects.visible_to(user)
        .filter(minute__in=minutes_of)
        .order_by("order", "pk")
        .values_list("pk", "minute")
    ):
        siblings.setdefault(minute, []).append(pk)
    rows = []
    for resolution in resolutions:
        others = siblings.get(resolution.minute_id, [resolution.pk])
        labels = minutes_rules.resolution_labels(len(others))
        minute = resolution.minute
        number = minute.number_as_printed or numbers.get(minute.item_id, minute.item.number)
        rows.append(Decision(resolution, labels[others.index(resolution.pk)], number))
    return rows


def decision_for(user, *, board: str, date, decision: int) -> Resolution | None:
    return (
        decisions(user)
        .filter(pk=decision, minute__minutes__meeting__board__slug=board, minute__minutes__meeting__date=date)
        .first()
    )


@dataclass
class MinutesOnMeetingPage:
    """What the staff meeting page says of minutes: this meeting's own, and those of earlier meetings of the board
    still waiting to be confirmed (which this meeting may confirm once it has taken place)."""

    own: Minutes | None
    awaiting: list[Minutes]

    @property
    def status(self) -> str | None:
        if self.own is None:
            return None
        at = self.own.approved_at
        return minutes_rules.status_words(at.date if at else None)


def minutes_on_meeting_page(meeting: Meeting) -> MinutesOnMeetingPage:
    """One query: the meeting's own minutes and the board's earlier ones waiting."""
    found = list(
        Minutes.objects.filter(
            Q(meeting=meeting)
            | Q(meeting__board=meeting.board_id, meeting__date__lt=meeting.date, approved_at__isnull=True)
        )
        .select_related("meeting", "approved_at")
        .order_by("-meeting__date")
    )
    own = next((minutes for minutes in found if minutes.meeting_id == meeting.pk), None)
    return MinutesOnMeetingPage(own, [minutes for minutes in found if minutes.meeting_id != meeting.pk])
