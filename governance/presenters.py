"""How boards read on the page: the structure as a tree, a board's facts, its members by organisation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from blmk_portal.display import action_links, link, links, summary_rows, tag_html
from blmk_portal.formatting import time
from governance.models import Board, Membership, Person

STATE_TAGS = {
    Board.State.ACTIVE: {"text": "Active", "classes": "nhsuk-tag--green"},
    Board.State.PROPOSED: {"text": "Proposed", "classes": "nhsuk-tag--blue"},
    Board.State.STOOD_DOWN: {"text": "Stood down", "classes": "nhsuk-tag--grey"},
}


@dataclass
class Branch:
    board: Board
    below: list[Branch] = field(default_factory=list)

    @property
    def tag(self) -> dict[str, str]:
        return STATE_TAGS[self.board.state]


@dataclass
class Structure:
    period: str
    branches: list[Branch]

    @property
    def heading(self) -> str:
        return f"The {self.period} structure" if self.period else "Other bodies"


def structures(boards: list[Board]) -> list[Structure]:
    """Each governance structure (newest first) as a tree of who reports to whom.

    A board whose line runs to a body of another structure, or to none, stands at the top of its own.
    """
    by_pk = {board.pk: board for board in boards}
    children: dict[int, list[Board]] = defaultdict(list)
    tops: dict[str, list[Board]] = defaultdict(list)
    for board in boards:
        above = by_pk.get(board.reports_to_id)
        if above is not None and above.period == board.period:
            children[above.pk].append(board)
        else:
            tops[board.period].append(board)

    def grow(board: Board, seen: frozenset[int]) -> Branch:
        # `seen` guards against a reporting loop written straight into the database.
        below = [grow(child, seen | {board.pk}) for child in children[board.pk] if child.pk not in seen]
        return Branch(board, below)

    return [
        Structure(period, [grow(board, frozenset()) for board in tops[period]])
        for period in sorted(tops, key=lambda period: (period == "", period), reverse=True)
    ]


class BoardPresenter:
    def __init__(self, board: Board) -> None:
        self.board = board

    @property
    def tag(self) -> dict[str, str]:
        return STATE_TAGS[self.board.state]

    def summary(self) -> list[dict]:
        board = self.board
        above = board.reports_to
        below = [(other.name, other.get_absolute_url()) for other in board.reporting_bodies.all()]
        meets = ""
        if board.usual_start:
            meets = (
                f"{time(board.usual_start)} to {time(board.usual_end)}" if board.usual_end else time(board.usual_start)
            )
        return summary_rows(
            [
                ("Kind", board.get_kind_display()),
                ("Reports to", link(above.name, above.get_absolute_url()) if above else "No one: it is at the top"),
                ("Bodies reporting to it", links(below) if below else None),
                ("Meets", board.frequency or None),
                ("Usual time", meets or None),
                ("Usual venue", board.usual_venue or None),
                ("Structure", board.period or None),
            ]
        )

    def manage_cells(self) -> dict[str, object]:
        board = self.board
        return {
            "name": link(board.name, board.get_manage_url()),
            "kind": board.get_kind_display(),
            "period": board.period,
            "state": tag_html(self.tag),
            "actions": action_links(
                [("Public page", board.get_absolute_url()), ("History", board.get_manage_url("history"))], board.name
            ),
        }


@dataclass
class OrganisationSeats:
    heading: str
    seats: list[Membership]


def seats_by_organisation(seats: list[Membership]) -> list[OrganisationSeats]:
    """The members table as the ToR prints it: seats grouped by the organisation they represent, in order."""
    groups: dict[str, list[Membership]] = {}
    for seat in seats:
        groups.setdefault(seat.represents or "Other members", []).append(seat)
    return [OrganisationSeats(heading, members) for heading, members in groups.items()]


def seat_kind(seat: Membership) -> str:
    return "Decision making (D)" if seat.decision_making else "Attendee (A)"


def person_cells(person: Person) -> dict[str, object]:
    return {
        "name": link(person.name, person.get_manage_url()),
        "title": person.title or "Not recorded",
        "organisation": person.organisation.short_name if person.organisation_id else "",
        "initials": person.initials,
        "seats": str(person.seat_count),
    }
