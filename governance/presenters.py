"""How boards and their meetings read on the page: the structure as a tree, a board's facts, its members by
organisation, a meeting's agenda, a paper's cover sheet, and the editions of its pack."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from blmk_portal.display import action_links, link, links, summary_rows, tag_html
from blmk_portal.formatting import count, date, datetime, time
from blmk_portal.markdown import render_markdown
from governance import agenda_rules
from governance.models import AgendaItem, Board, Meeting, Membership, PackEdition, Paper, Person, TermsOfReference
from governance.pack_rules import changes_between

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


def item_label(number: str, title: str) -> str:
    """What an agenda item is called in a sentence or a control: "item 3a", or its title where it has no number."""
    return f"item {number}" if number else title


@dataclass
class AgendaRow:
    item: AgendaItem
    number: str
    starts: str
    first: bool  # among the items it moves with: the agenda's items, or its item's sub-items
    last: bool

    @property
    def is_sub_item(self) -> bool:
        return self.item.parent_id is not None

    @property
    def label(self) -> str:
        """What a control names the item by: "item 3a", or its title where it has no number."""
        return item_label(self.number, self.item.title)

    @property
    def bookmark(self) -> str:
        return f"Item {self.number}: {self.item.title}" if self.number else self.item.title


class MeetingPresenter:
    """A meeting as its pages read: when and where, its agenda with numbers and times, and what is late.

    Numbers and times come from the whole agenda, so a reader who may not see Part II reads the same "item 7 at
    3pm" as the board; `shown` (the items this reader may see, all when None) only picks the rows.
    """

    def __init__(
        self,
        meeting: Meeting,
        items: list[AgendaItem],
        terms: TermsOfReference | None,
        shown: set[int] | None = None,
    ) -> None:
        self.meeting = meeting
        self.items = agenda_rules.in_agenda_order(items)
        self.terms = terms
        self.shown = {item.pk for item in items} if shown is None else shown

    @property
    def has_rows(self) -> bool:
        return bool(self.shown)

    @property
    def private_items(self) -> str | None:
        """What a reader who may not see Part II is told of it."""
        withheld = sum(1 for item in self.items if item.pk not in self.shown)
        if not withheld:
            return None
        return f"The board also takes {count(withheld, 'item')} in private (Part II), for its members only."

    @property
    def tag(self) -> dict[str, str]:
        return MEETING_TAGS[self.meeting.state]

    @property
    def when(self) -> str:
        meeting = self.meeting
        day = f"{meeting.date:%A} {date(meeting.date)}"
        if meeting.start and meeting.end:
            return f"{day}, {time(meeting.start)} to {time(meeting.end)}"
        return f"{day}, from {time(meeting.start)}" if meeting.start else day

    @cached_property
    def labels(self) -> dict[int, str]:
        """What each item is called in a sentence: "item 3a", or its title where it has no number."""
        numbers = agenda_rules.numbers(self.items)
        return {item.pk: item_label(numbers[item.pk], item.title) for item in self.items}

    def rows(self) -> list[AgendaRow]:
        numbers = agenda_rules.numbers(self.items)
        starts = agenda_rules.start_times(self.items, self.meeting.start)
        groups: dict[int | None, list[int]] = defaultdict(list)  # the items each moves among
        for item in self.items:
            groups[item.parent_id].append(item.pk)
        return [
            AgendaRow(
                item,
                numbers[item.pk],
                time(starts[item.pk]),
                first=groups[item.parent_id][0] == item.pk,
                last=groups[item.parent_id][-1] == item.pk,
            )
            for item in self.items
            if item.pk in self.shown
        ]

    @property
    def overrun(self) -> str | None:
        return agenda_rules.overrun(self.items, self.meeting.start, self.meeting.end)

    @property
    def lateness(self) -> str | None:
        published = self.meeting.published_at
        return agenda_rules.lateness(
            self.meeting.date,
            timezone.localtime(published).date() if published else None,
            self.terms.papers_due_days if self.terms else None,
        )


MEETING_TAGS = {
    Meeting.State.SCHEDULED: {"text": "Scheduled", "classes": "nhsuk-tag--blue"},
    Meeting.State.CONFIRMED: {"text": "Confirmed", "classes": "nhsuk-tag--green"},
    Meeting.State.HELD: {"text": "Held", "classes": "nhsuk-tag--grey"},
    Meeting.State.CANCELLED: {"text": "Cancelled", "classes": "nhsuk-tag--red"},
}


class CoverSheet:
    """A paper's cover sheet as the 2021 pack lays it out, field by field, for the page, the pack and the PDF.

    Fields the cover leaves empty are left out rather than shown blank; the purposes ticked are read as words.
    """

    def __init__(self, paper: Paper) -> None:
        self.paper = paper

    @property
    def is_blank(self) -> bool:
        """True where nothing beyond the meeting and title was filled in (covers that did not survive as text):
        a sheet that only repeats the heading above it is left out."""
        return len(self.rows()) <= 2

    def rows(self) -> list[dict]:
        return self._rows

    @cached_property
    def _rows(self) -> list[dict]:
        """Worked out once: a page asks whether the sheet is blank, then shows it."""
        paper = self.paper
        return summary_rows(
            [
                ("Meeting", str(paper.meeting)),
                ("Report title", paper.title),
                ("Agenda item", paper.item_as_printed or None),
                ("SRO", _name_and_title(paper.sro_name, paper.sro_title)),
                ("Report author", _name_and_title(paper.author_name, paper.author_title)),
                ("Purpose", "; ".join(paper.purpose_labels()) or None),
                ("Document summary", _text(paper.summary)),
                ("Link to strategic priorities", self._priorities()),
                ("How this work addresses inequalities", _text(paper.inequalities)),
                ("Potential risks and issues", render_markdown(paper.risks) if paper.risks else None),
                ("Document history", _text(paper.document_history)),
                ("Appendices", _lines(paper.appendix_lines())),
            ]
        )

    def _priorities(self) -> SafeString | None:
        paper = self.paper
        priorities = list(paper.priorities.all())
        if not paper.priorities_link and not priorities:
            return None
        text = _text(paper.priorities_link) or ""
        if not priorities:
            return text
        listed = format_html_join(
            "",
            '<li><a href="{}">{} {}</a></li>',
            ((priority.get_absolute_url(), priority.code, priority.title) for priority in priorities),
        )
        return format_html('{}<ul class="nhsuk-list nhsuk-list--bullet">{}</ul>', text, listed)


def _name_and_title(name: str, title: str) -> str | None:
    return ", ".join(part for part in (name, title) if part) or None


def _text(value: str) -> SafeString | None:
    """Plain text as printed, its line breaks kept as paragraphs."""
    paragraphs = [line for line in value.splitlines() if line.strip()]
    return format_html_join("", "<p>{}</p>", ((line,) for line in paragraphs)) if paragraphs else None


def _lines(lines: list[str]) -> SafeString | None:
    if not lines:
        return None
    return format_html(
        '<ul class="nhsuk-list">{}</ul>', format_html_join("", "<li>{}</li>", ((line,) for line in lines))
    )


@dataclass
class EditionRow:
    edition: PackEdition
    changes: list[str]

    @property
    def when(self) -> str:
        return datetime(self.edition.built_at)


def pack_editions(editions: list[PackEdition], meeting: Meeting, members: bool) -> list[EditionRow]:
    """The editions of the pack this reader's kind was given (the public's, or the members'), newest first, each
    with what changed since the one before. Only those built once the meeting was published (when that is not
    recorded, as for meetings loaded from the seeds, all of them): earlier ones were staff previews."""
    mine = sorted(
        (
            edition
            for edition in editions
            if edition.has_private_papers == members
            and meeting.is_published
            and (meeting.published_at is None or edition.built_at >= meeting.published_at)
        ),
        key=lambda edition: edition.built_at,
    )
    rows, before = [], None
    for edition in mine:
        rows.append(EditionRow(edition, changes_between(before, edition.manifest) if before is not None else []))
        before = edition.manifest
    return list(reversed(rows))


def meeting_breadcrumbs(meeting: Meeting) -> list[dict[str, str]]:
    """The way back from a meeting's papers and pack: home, boards, the board, the meeting."""
    return [
        {"text": "Home", "href": "/"},
        {"text": "Boards", "href": reverse("governance:board_list")},
        {"text": meeting.board.name, "href": meeting.board.get_absolute_url()},
        {"text": f"{meeting.date.day} {meeting.date:%B %Y}", "href": meeting.get_absolute_url()},
    ]
