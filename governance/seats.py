"""Who sits on which board: the rule the governance app registers with the shared kit (blmk_portal.roles).

A seat counts from its start date to its end date inclusive, so a member whose seat ends stops seeing the
board's members-only papers the day after.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from governance.models import Board, Interest, Membership, Person
from priorities.models import Priority


def boards_of(user) -> frozenset[int]:
    return frozenset(Membership.objects.current().filter(person__user=user).values_list("board_id", flat=True))


def describe_seats(users: list) -> dict[int, list[str]]:
    """Each person's current seats in words, one query for everyone asked about."""
    seats = Membership.objects.current().filter(person__user__in=users).select_related("board", "person")
    described: dict[int, list[str]] = defaultdict(list)
    for seat in seats.order_by("board__name"):
        role = f" ({seat.role})" if seat.role else ""
        described[seat.person.user_id].append(f"Member of the {seat.board.name}{role}")
    return described


DEMO_BOARD = "partnership-board"


def seat_demo_member(user) -> str:
    """Give the demo board member (make run only) a seat on the Partnership Board; its name, for the message."""
    person, _ = Person.objects.get_or_create(
        user=user, defaults={"name": "Demo board member", "title": "Board member (demonstration)"}
    )
    board = Board.objects.get(slug=DEMO_BOARD)
    Membership.objects.get_or_create(
        board=board, person=person, defaults={"role": "Member (demonstration)", "decision_making": False}
    )
    _register_demo_interest(person)
    return board.name


# Data and digital: the 9 June 2021 pack's Strategic Priorities paper concerns it.
DEMO_INTEREST_PRIORITY = ("strategic-priorities-2021-22", "E1")


def _register_demo_interest(person: Person) -> None:
    """A made-up interest for the made-up member, so the cross-check of the 9 June 2021 agenda names someone in
    `make run`. The registers of real people named in the papers are never invented."""
    plan, code = DEMO_INTEREST_PRIORITY
    priority = Priority.objects.filter(plan__slug=plan, code=code).first()
    if priority is not None:
        Interest.objects.get_or_create(
            person=person,
            priority=priority,
            defaults={
                "category": Interest.Category.PROFESSIONAL,
                "description": "Member of a digital health network (demonstration)",
                "declared_on": timezone.localdate(),
            },
        )
