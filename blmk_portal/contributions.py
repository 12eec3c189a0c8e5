"""What each app contributes to the pages and commands that gather from every app.

The project's wiring (the home page, the header, the staff home, the data load, the demo sign-ins) reads
these registrations instead of reaching into the apps' models, and so do the pages of one app that show what
another contributes (a priority's meetings and papers, which governance gives). An app registers in its
AppConfig.ready(); apps register in INSTALLED_APPS order, which is the order sections show and data loads in.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Task:
    """Something waiting for the programme office, listed on /manage/ under its heading."""

    heading: str
    text: str
    href: str


@dataclass(frozen=True)
class Section:
    """A part of the portal: in the header and on the home page, and its staff pages on /manage/."""

    title: str
    url_name: str  # its public index page
    position: int  # where it stands in the header and on the home page, left to right
    summary: Callable[[], str]  # the home page card's text, which may count what there is
    manage_url_name: str | None = None
    manage_title: str = ""  # its card on /manage/, where it may say more than the header ("Places and organisations")
    manage_summary: str = ""
    awaiting: Callable[[], list[Task]] = field(default=lambda: [])


_sections: list[Section] = []
_loaders: list[tuple[str, Callable[[Counter], None]]] = []
_demo_member: list[Callable[[object], str]] = []


def register_section(section: Section) -> None:
    _sections.append(section)


def sections() -> list[Section]:
    return sorted(_sections, key=lambda section: section.position)


def register_loader(name: str, load: Callable[[Counter], None]) -> None:
    """`load(tally)` creates the app's reference data from fixtures/ where missing, counting what it made."""
    _loaders.append((name, load))


def loaders() -> list[tuple[str, Callable[[Counter], None]]]:
    return list(_loaders)


def register_demo_member(seat: Callable[[object], str]) -> None:
    """`seat(user)` gives the demo board member a seat and returns the board's name (make run only)."""
    _demo_member[:] = [seat]


def seat_demo_member(user) -> str | None:
    return _demo_member[0](user) if _demo_member else None


@dataclass(frozen=True)
class ThreadLink:
    """A paper or an agenda item in a thread: what it reads as, where it is read, and, when the public cannot
    see it, the words shown beside it to those who can ("Draft (not public)")."""

    text: str
    href: str
    not_public: str | None = None


@dataclass(frozen=True)
class ThreadEntry:
    """A meeting that concerns a record, with the papers and agenda items that make it so (the golden thread)."""

    date: dt.date  # entries are listed newest first by it
    heading: str  # "BLMK ICS Partnership Board, 9 June 2021"
    href: str
    papers: tuple[ThreadLink, ...] = ()
    items: tuple[ThreadLink, ...] = ()
    not_public: str | None = None


ThreadReader = Callable[[object, object], list[ThreadEntry]]
_thread_readers: list[ThreadReader] = []


def register_thread(reader: ThreadReader) -> None:
    """`reader(record, user)` gives the meetings that concern the record (a priority, a place) which `user` may
    see, read through the publication gate, in a number of queries that does not grow with them; [] for a kind
    of record it does not know."""
    _thread_readers.append(reader)


def thread_for(record, user) -> list[ThreadEntry]:
    """Every registered reader's entries for the record, newest first (entries of one day keep their order)."""
    entries = [entry for reader in _thread_readers for entry in reader(record, user)]
    return sorted(entries, key=lambda entry: entry.date, reverse=True)


@dataclass(frozen=True)
class PlanPart:
    """A plan's part that covers a place: the plan, and its priorities with work there, each linked to the work
    it covers in that place."""

    heading: str  # the plan's title
    href: str
    priorities: tuple[ThreadLink, ...]
    not_public: str | None = None


PlanPartsReader = Callable[[object, object], list[PlanPart]]
_plan_parts: list[PlanPartsReader] = []


def register_plan_parts(reader: PlanPartsReader) -> None:
    """`reader(place, user)` gives each plan's part covering the place that `user` may see, current plans first,
    in a number of queries that does not grow with them."""
    _plan_parts.append(reader)


def plan_parts_for(place, user) -> list[PlanPart]:
    return [part for reader in _plan_parts for part in reader(place, user)]


@dataclass(frozen=True)
class HomePanel:
    """A part of the home page an app contributes: its own template, given what `read()` returns as `panel`.

    The home page is the public's front door and is the same for everyone, so `read()` reads as the public does
    (`.visible_to(AnonymousUser())`), in a number of queries that does not grow with the data."""

    position: int  # where it stands on the home page, top to bottom
    template: str
    read: Callable[[], dict]


_home_panels: list[HomePanel] = []


def register_home_panel(panel: HomePanel) -> None:
    _home_panels.append(panel)


def home_panels() -> list[HomePanel]:
    return sorted(_home_panels, key=lambda panel: panel.position)
