"""Attendance as the pages read it: who was present and in which seat, who sent apologies and who stood in for
them, who was in attendance, the public, who came and went, the quorum, and each member's attendance by year.

The rules are attendance_rules'; this reads the records through the publication gate and hands them over. Queries
do not grow with the number of people.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone

from blmk_portal.formatting import count
from governance import agenda_rules, attendance_rules
from governance.attendance_rules import Held, Presence, QuorumRule, Sitting
from governance.models import Attendance, Board, Meeting, Membership
from governance.presenters import MeetingPresenter, item_label


@dataclass
class AttendanceRow:
    """One person on the attendance list, as printed, with what the rules say of them."""

    attendance: Attendance
    movements: list[str]
    present_for: str | None  # only for those who came late or left early
    deputies: list[Attendance]  # for apologies: who was sent in their place

    @property
    def name(self) -> str:
        return self.attendance.person.name

    @property
    def initials(self) -> str:
        return self.attendance.initials or self.attendance.person.initials

    @property
    def as_printed(self) -> str:
        return self.attendance.as_printed or self.attendance.person.title

    @property
    def seat(self) -> str:
        """The seat held, as the board's membership table names it; a deputy's says whose seat it is."""
        attendance = self.attendance
        seat = attendance.seat
        words = f"{seat.role}, {seat.represents}" if seat and seat.represents else (seat.role if seat else "")
        if attendance.deputy_for_id:
            standing_in = f"Deputy for {attendance.deputy_for.person.name}"
            return f"{standing_in} ({words})" if words else standing_in
        return words

    @property
    def decision_making(self) -> str:
        seat = self.attendance.seat
        if seat is None:
            return ""
        return "Decision making (D)" if seat.decision_making else "Attendee (A)"


class MeetingAttendance:
    """A meeting's attendance record and quorum, for one reader: the items they may not see are named by number
    only (or as "a Part II item"), never by title."""

    def __init__(self, meeting: Meeting, rows: list[Attendance], presenter: MeetingPresenter) -> None:
        self.meeting = meeting
        self.rows = rows
        self.order = [item.pk for item in presenter.items]
        numbers = agenda_rules.numbers(presenter.items)
        self.labels = {
            item.pk: item_label(numbers[item.pk], item.title if item.pk in presenter.shown else "a Part II item")
            for item in presenter.items
        }
        terms = presenter.terms
        self.rule = QuorumRule(terms.quorum, terms.quorum_members, terms.deputies_count_to_quorum) if terms else None

    @property
    def recorded(self) -> bool:
        return bool(self.rows) or self.meeting.public_attending is not None

    @cached_property
    def presences(self) -> dict[int, Presence]:
        return {
            row.pk: Presence(
                key=row.person_id,
                name=row.person.name,
                decision_making=bool(row.seat and row.seat.decision_making),
                seat=row.seat_id,
                deputy=row.deputy_for_id is not None,
                joined_for=row.joined_for_id,
                left_before=row.left_before_id,
                arrived=row.arrived,
                left=row.left,
            )
            for row in self.rows
            if row.kind != Attendance.Kind.APOLOGIES
        }

    def _rows(self, kind: str) -> list[AttendanceRow]:
        shown = []
        for row in self.rows:
            if row.kind != kind:
                continue
            presence = self.presences.get(row.pk)
            movements = attendance_rules.movement_words(presence, self.labels) if presence else []
            present_for = (
                attendance_rules.present_for_words(presence, self.order, self.labels)
                if presence and self.order and (row.joined_for_id or row.left_before_id)
                else None
            )
            deputies = [other for other in self.rows if other.deputy_for_id == row.pk]
            shown.append(AttendanceRow(row, movements, present_for, deputies))
        return shown

    @cached_property
    def present(self) -> list[AttendanceRow]:
        return self._rows(Attendance.Kind.PRESENT)

    @cached_property
    def apologies(self) -> list[AttendanceRow]:
        return self._rows(Attendance.Kind.APOLOGIES)

    @cached_property
    def in_attendance(self) -> list[AttendanceRow]:
        return self._rows(Attendance.Kind.IN_ATTENDANCE)

    @property
    def comings_and_goings(self) -> list[AttendanceRow]:
        return [row for row in self.present + self.in_attendance if row.movements]

    @property
    def public(self) -> str | None:
        """ "2 members of the public (printed: Two Members of public)"; None where the minutes do not say."""
        number = self.meeting.public_attending
        if number is None:
            return None
        words = "No members of the public" if number == 0 else count(number, "member") + " of the public"
        printed = self.meeting.public_as_printed
        return f"{words} (printed: {printed})" if printed else words

    @cached_property
    def quorum(self) -> attendance_rules.Quorum:
        return attendance_rules.quorum(self.rule, self.presences.values(), self.order, self.labels)

    @property
    def basis(self) -> str | None:
        if self.rule is None or self.rule.needed is None:
            return None
        return attendance_rules.basis_words(self.rule)

    @property
    def shared_initials(self) -> list[str]:
        return attendance_rules.shared_initials((row.name, row.initials) for row in self.present + self.in_attendance)


def meeting_attendance(meeting: Meeting, presenter: MeetingPresenter, user) -> MeetingAttendance:
    """The meeting's attendance as this reader may read it (the meeting's, through the publication gate). A meeting
    read with `attendance_recorded` annotated costs no query when there is none."""
    if not getattr(meeting, "attendance_recorded", True):
        return MeetingAttendance(meeting, [], presenter)
    rows = list(
        Attendance.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("person", "seat__organisation", "deputy_for__person")
        .order_by("order", "pk")
    )
    for row in rows:
        row.meeting = meeting  # with its board already loaded: each row's staff links need both
    return MeetingAttendance(meeting, rows, presenter)


@dataclass
class YearTable:
    year: str
    rows: list[tuple[str, str]]  # (name, "3 of 4 meetings")

    @property
    def heading(self) -> str:
        return f"{self.year} (April {self.year[:4]} to March {int(self.year[:4]) + 1})"


def board_attendance(board: Board, user) -> list[YearTable]:
    """Each member's attendance by financial year, newest first, from the meetings this reader may see. Two
    queries: what was recorded at the board's meetings (which also says which meetings were recorded), and the
    seats, asked only where something was recorded."""
    recorded = list(
        Attendance.objects.visible_to(user)
        .filter(meeting__board=board, meeting__date__lte=timezone.localdate())
        .values_list("meeting", "meeting__date", "meeting__state", "person", "kind")
    )
    if not recorded:
        return []
    meetings = {meeting: Held(meeting, day, state == Meeting.State.CANCELLED) for meeting, day, state, _, _ in recorded}
    present = {(meeting, person) for meeting, _, _, person, kind in recorded if kind == Attendance.Kind.PRESENT}
    sittings = list(
        Membership.objects.visible_to(user)
        .filter(board=board, person__isnull=False)
        .values_list("person", "person__name", "started", "ended")
    )
    names = {person: name for person, name, *_ in sittings}
    years = attendance_rules.attendance_by_year(
        [Sitting(person, started, ended) for person, _, started, ended in sittings], meetings.values(), present
    )
    return [
        YearTable(year, sorted(((names[person], tally.words) for person, tally in people.items())))
        for year, people in years.items()
    ]
