"""The register of interests as the pages read it: a board's public register of its decision-making members, a
person's whole register for staff, the declarations made at a meeting, and the cross-check of a meeting's agenda
against the register.

Who is on the public register is the gate's (`RegisterQuerySet` in governance/models.py); the rules and their words
are interest_rules'. Queries do not grow with the number of people, interests, items or papers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from blmk_portal.formatting import date as date_words
from governance import agenda_rules, interest_rules
from governance.interest_rules import Concerns, ItemCheck, Registered
from governance.models import (
    AgendaItem,
    Attendance,
    Board,
    Declaration,
    Interest,
    Meeting,
    Membership,
    NilReturn,
    Paper,
    Person,
    decision_making_seats,
)
from governance.packs import can_read_part_two
from governance.presenters import item_label
from priorities.models import Priority

# ---- The register ----


@dataclass
class InterestRow:
    """An entry of the register as people read it: the category as a word, what it concerns, its dates."""

    interest: Interest

    @property
    def category(self) -> str:
        return self.interest.get_category_display()

    @property
    def organisation(self) -> str:
        interest = self.interest
        if interest.organisation_id:
            return interest.organisation.name
        return interest.organisation_as_printed or "None named"

    @property
    def also_concerns(self) -> list[str]:
        """The place and priority it touches, where it names them."""
        interest = self.interest
        concerns = [f"Place: {interest.place.name}"] if interest.place_id else []
        return concerns + ([f"Priority: {interest.priority}"] if interest.priority_id else [])

    @property
    def period(self) -> str:
        return interest_rules.period_words(self.interest.started, self.interest.ended)

    @property
    def declared(self) -> str:
        return date_words(self.interest.declared_on)

    @property
    def status(self) -> dict[str, str]:
        """A word for whether it is held today: "Current", "Ended" or "Not yet begun"."""
        interest, on = self.interest, timezone.localdate()
        if interest_rules.held_on(interest.started, interest.ended, on):
            return {"text": "Current", "classes": "nhsuk-tag--green"}
        if interest.ended and interest.ended < on:
            return {"text": "Ended", "classes": "nhsuk-tag--grey"}
        return {"text": "Not yet begun", "classes": "nhsuk-tag--blue"}


@dataclass
class RegisterEntry:
    """A person on a board's register: the seats they hold, their current interests and their nil returns."""

    person: Person
    seats: list[str] = field(default_factory=list)
    interests: list[InterestRow] = field(default_factory=list)
    nil_returns: list[NilReturn] = field(default_factory=list)

    @property
    def nil_return_words(self) -> list[str]:
        return [
            f"{interest_rules.nil_return_words(nil.year)}, declared {date_words(nil.declared_on)}"
            for nil in self.nil_returns
        ]


INTEREST_RELATED = ("organisation", "place", "priority__plan")


def board_register(board: Board, user) -> list[RegisterEntry]:
    """The public register of a board: each person holding one of its decision-making seats today, in the seats'
    order, with the interests they hold today and their nil returns, newest year first. Three queries."""
    seats = decision_making_seats().filter(board=board).select_related("person", "organisation")
    entries: dict[int, RegisterEntry] = {}
    for seat in seats.order_by("order", "pk"):
        entry = entries.setdefault(seat.person_id, RegisterEntry(seat.person))
        entry.seats.append(f"{seat.role}, {seat.represents}" if seat.represents else seat.role)
    people = list(entries)
    for interest in (
        Interest.objects.visible_to(user)
        .current()
        .filter(person__in=people)
        .select_related(*INTEREST_RELATED)
        .order_by("-declared_on", "pk")
    ):
        entries[interest.person_id].interests.append(InterestRow(interest))
    for nil in NilReturn.objects.visible_to(user).filter(person__in=people).order_by("-year"):
        entries[nil.person_id].nil_returns.append(nil)
    return list(entries.values())


def register_is_empty(entries: list[RegisterEntry]) -> bool:
    return not any(entry.interests or entry.nil_returns for entry in entries)


@dataclass
class PersonRegister:
    """A person's whole register, for staff: every interest (held or not), every nil return, and whether the
    public read it."""

    person: Person
    interests: list[InterestRow]
    nil_returns: list[tuple[NilReturn, str]]  # with its year as people write it, "2021/22"
    public_seats: list[Membership]

    @property
    def public_words(self) -> str:
        if not self.public_seats:
            return (
                "Not on the public register: they hold no decision-making seat today, so only the programme office "
                "sees these entries."
            )
        seats = interest_rules.joined([f"{seat.role}, {seat.board.name}" for seat in self.public_seats])
        return f"On the public register, as they hold a decision-making seat today ({seats}): anyone can read it."


def person_register(person: Person) -> PersonRegister:
    interests = [InterestRow(interest) for interest in person.interests.select_related(*INTEREST_RELATED)]
    return PersonRegister(
        person,
        interests,
        [(nil, interest_rules.financial_year(nil.year)) for nil in person.nil_returns.all()],
        list(decision_making_seats().filter(person=person).select_related("board").order_by("board__name")),
    )


# ---- Declarations at a meeting ----


@dataclass
class ItemDeclarations:
    item: AgendaItem
    label: str  # "item 5"
    declarations: list[Declaration]


def meeting_declarations(meeting: Meeting, labels: dict[int, str], user) -> list[ItemDeclarations]:
    """The declarations made at the meeting, by item in agenda order, as the reader may read them: a Part II
    item's only for the board's members and staff (the gate, through the item). A meeting read with
    `declarations_recorded` annotated costs no query when there are none."""
    if not getattr(meeting, "declarations_recorded", True):
        return []
    found = (
        Declaration.objects.visible_to(user)
        .filter(item__meeting=meeting)
        .select_related("person", "item")
        .order_by("order", "pk")
    )
    by_item: dict[int, ItemDeclarations] = {}
    for declaration in found:
        declaration.item.meeting = meeting  # with its board already loaded: staff links need both
        entry = by_item.setdefault(
            declaration.item_id, ItemDeclarations(declaration.item, labels.get(declaration.item_id, ""), [])
        )
        entry.declarations.append(declaration)
    order = list(labels)
    return sorted(by_item.values(), key=lambda entry: order.index(entry.item.pk) if entry.item.pk in order else 0)


# ---- The cross-check ----


def can_cross_check(user, meeting: Meeting) -> bool:
    """The chair and the governance officer: staff, and the members of the meeting's board."""
    return can_read_part_two(user, meeting)


@dataclass
class MeetingCheck:
    meeting: Meeting
    checks: list[ItemCheck]
    tagged_items: int
    people: int  # how many people's registers were read

    @property
    def summary(self) -> str:
        return interest_rules.check_summary(self.checks, self.tagged_items)

    @property
    def people_words(self) -> str:
        return f"{interest_rules.number_words(self.people)} {'person' if self.people == 1 else 'people'}"


def _concerns(tagged) -> Concerns:
    return Concerns(
        {organisation.pk: organisation.name for organisation in tagged.organisations.all()},
        {place.pk: place.name for place in tagged.places.all()},
        {priority.pk: str(priority) for priority in tagged.priorities.all()},
    )


def meeting_cross_check(meeting: Meeting, user) -> MeetingCheck:
    """Every interest held on the meeting's day by the board's members on that day, and by whoever is recorded
    at the meeting (deputies, those in attendance), that touches an organisation, place or priority an agenda
    item (or a paper for it) is tagged with. Only for those `can_cross_check` lets in, who read the whole
    register of the people at their board: a member's entries, decision-making or not, are the board's business
    before it meets. Ten queries, however long the agenda or the register."""
    priorities = Prefetch("priorities", queryset=Priority.objects.visible_to(user).select_related("plan"))
    items = list(
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .prefetch_related("organisations", "places", priorities)
    )
    papers = (
        Paper.objects.visible_to(user)
        .filter(meeting=meeting)
        .prefetch_related("items", "organisations", "places", priorities)
    )
    own = {item.pk: _concerns(item) for item in items}
    paper_concerns, papers_for = {}, defaultdict(list)
    for paper in papers:
        paper_concerns[paper.pk] = _concerns(paper)
        for item in paper.items.all():
            papers_for[item.pk].append(paper.pk)
    concerns = interest_rules.item_concerns(own, papers_for, paper_concerns)

    attending = _people_at(meeting)
    held = (
        Interest.objects.current(meeting.date)
        .filter(person__in=list(attending))
        .select_related("person", "organisation", "place", "priority__plan")
    )
    registered = [_registered(interest, *attending[interest.person_id]) for interest in held]
    ordered = agenda_rules.in_agenda_order(items)
    numbers = agenda_rules.numbers(ordered)
    rows = [(item.pk, item_label(numbers[item.pk], item.title), item.title) for item in ordered]
    return MeetingCheck(
        meeting,
        interest_rules.cross_check(rows, concerns, registered),
        tagged_items=sum(1 for item in ordered if concerns.get(item.pk)),
        people=len(attending),
    )


def _people_at(meeting: Meeting) -> dict[int, tuple[str, bool]]:
    """Who comes to the meeting, each with how they come and whether they hold a seat on the board that day: its
    members, and the people recorded at it (deputies and those in attendance)."""
    people: dict[int, tuple[str, bool]] = {}
    for person, role in (
        Membership.objects.current(meeting.date)
        .filter(board=meeting.board_id, person__isnull=False)
        .order_by("order", "pk")
        .values_list("person", "role")
    ):
        people.setdefault(person, (role, True))
    for person, kind, deputy_for in Attendance.objects.filter(meeting=meeting).values_list(
        "person", "kind", "deputy_for__person__name"
    ):
        if person in people:
            continue
        if deputy_for:
            people[person] = (f"Deputy for {deputy_for}", False)
        elif kind != Attendance.Kind.APOLOGIES:
            people[person] = ("In attendance", False)
    return people


def _registered(interest: Interest, attends_as: str, member: bool) -> Registered:
    return Registered(
        pk=interest.pk,
        person=interest.person_id,
        name=interest.person.name,
        attends_as=attends_as,
        member=member,
        category=interest.get_category_display(),
        description=interest.description,
        organisation=interest.organisation_id,
        place=interest.place_id,
        priority=interest.priority_id,
        started=interest.started,
        ended=interest.ended,
        declared_on=interest.declared_on,
    )
