"""What each app contributes to the pages and commands that gather from every app.

The project's wiring (the home page, the header, the staff home, the data load, the demo sign-ins) reads
these registrations instead of reaching into the apps' models. An app registers in its AppConfig.ready();
apps register in INSTALLED_APPS order, which is the order sections show and data loads in.
"""

from __future__ import annotations

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
