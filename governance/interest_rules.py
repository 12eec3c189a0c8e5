"""The rules of the register of interests, and the words the pages use for them: which interests are held on a
day, what an agenda item concerns (its own tags and its papers'), which interests touch it, and how that reads
("Item 8 concerns Bedfordshire Hospitals; two members have interests there").

Pure functions over plain values, so the cross-check can be worked through by hand in the tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from blmk_portal.formatting import date as date_words

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def held_on(started: dt.date | None, ended: dt.date | None, day: dt.date) -> bool:
    """Held that day: begun on or before it (or no start recorded), and ended on or after it (or not ended)."""
    return (started is None or started <= day) and (ended is None or ended >= day)


def period_words(started: dt.date | None, ended: dt.date | None) -> str:
    """ "From 1 April 2020", "1 April 2020 to 31 March 2021", "Until 31 March 2021", "No dates recorded"."""
    if started and ended:
        return f"{date_words(started)} to {date_words(ended)}"
    if started:
        return f"From {date_words(started)}"
    if ended:
        return f"Until {date_words(ended)}"
    return "No dates recorded"


def financial_year(year: int) -> str:
    """2021 is "2021/22": the financial year from April 2021 to March 2022."""
    return f"{year}/{(year + 1) % 100:02d}"


def nil_return_words(year: int) -> str:
    return f"Nil return for {financial_year(year)}"


def number_words(number: int) -> str:
    """Numbers under ten in words, as a sentence reads them ("two members"); larger ones in figures."""
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else f"{number:,}"


def joined(words: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


@dataclass(frozen=True)
class Concerns:
    """What an agenda item concerns: organisations, places and priorities by id, with their names."""

    organisations: dict[int, str] = field(default_factory=dict)
    places: dict[int, str] = field(default_factory=dict)
    priorities: dict[int, str] = field(default_factory=dict)

    def __or__(self, other: Concerns) -> Concerns:
        return Concerns(
            {**self.organisations, **other.organisations},
            {**self.places, **other.places},
            {**self.priorities, **other.priorities},
        )

    def __bool__(self) -> bool:
        return bool(self.organisations or self.places or self.priorities)


def item_concerns(own: dict[int, Concerns], papers: dict[int, list[int]], of_papers: dict[int, Concerns]) -> dict:
    """Each item's concerns: its own tags and those of every paper for it (`papers`: item -> its papers)."""
    items = set(own) | set(papers)
    concerns = {}
    for item in items:
        total = own.get(item, Concerns())
        for paper in papers.get(item, []):
            total = total | of_papers.get(paper, Concerns())
        concerns[item] = total
    return concerns


@dataclass(frozen=True)
class Registered:
    """An interest on someone's register, as the check reads it."""

    pk: int
    person: int
    name: str  # the person's name
    attends_as: str  # how they come to the meeting: their seat, "Deputy for ...", "In attendance"
    member: bool  # holds a seat on the board on the day
    category: str  # as a word: "Financial interest"
    description: str
    organisation: int | None
    place: int | None
    priority: int | None
    started: dt.date | None
    ended: dt.date | None
    declared_on: dt.date

    @property
    def period(self) -> str:
        return period_words(self.started, self.ended)

    @property
    def declared(self) -> str:
        return f"declared {date_words(self.declared_on)}"


def touched(interest: Registered, concerns: Concerns) -> list[str]:
    """The names of what the interest touches among what the item concerns: the organisation, place and priority
    it names, where the item (or a paper for it) is tagged with them; none if it touches nothing."""
    names = []
    if interest.organisation is not None and interest.organisation in concerns.organisations:
        names.append(concerns.organisations[interest.organisation])
    if interest.place is not None and interest.place in concerns.places:
        names.append(concerns.places[interest.place])
    if interest.priority is not None and interest.priority in concerns.priorities:
        names.append(concerns.priorities[interest.priority])
    return names


@dataclass(frozen=True)
class Match:
    interest: Registered
    touches: list[str]

    @property
    def words(self) -> str:
        """ "A Person, Chair: Financial interest, concerning Bedfordshire Hospitals. Director. From 1 April 2020;
        declared 3 March 2021." """
        interest = self.interest
        return (
            f"{interest.name}, {interest.attends_as}: {interest.category}, concerning {joined(self.touches)}. "
            f"{interest.description.rstrip('.')}. {interest.period}; {interest.declared}."
        )


@dataclass(frozen=True)
class ItemCheck:
    """One agenda item and the registered interests that touch what it concerns."""

    item: int
    label: str  # "item 8", or the title of an unnumbered item
    title: str
    matches: list[Match]

    @property
    def people(self) -> int:
        return len({match.interest.person for match in self.matches})

    @property
    def summary(self) -> str:
        """ "Item 8 concerns Bedfordshire Hospitals; two members have interests there"."""
        things = list(dict.fromkeys(name for match in self.matches for name in match.touches))
        people = self.people
        all_members = all(match.interest.member for match in self.matches)
        noun = ("member" if people == 1 else "members") if all_members else ("person" if people == 1 else "people")
        several = len(self.matches) > 1
        has = "has" if people == 1 else "have"
        held = "interests" if several or people > 1 else "an interest"
        label = self.label[0].upper() + self.label[1:]
        return f"{label} concerns {joined(things)}; {number_words(people)} {noun} {has} {held} there"


def cross_check(
    items: Iterable[tuple[int, str, str]], concerns: dict[int, Concerns], interests: Iterable[Registered]
) -> list[ItemCheck]:
    """For each item (id, label, title) in agenda order, the interests that touch what it concerns; items touched
    by none are left out. The interests given are those held on the meeting's day by the people who come to it."""
    interests = list(interests)
    checks = []
    for item, label, title in items:
        concern = concerns.get(item, Concerns())
        if not concern:
            continue
        matches = [Match(interest, names) for interest in interests if (names := touched(interest, concern))]
        if matches:
            matches.sort(key=lambda match: (not match.interest.member, match.interest.name, match.interest.pk))
            checks.append(ItemCheck(item, label, title, matches))
    return checks


def check_summary(checks: list[ItemCheck], tagged_items: int) -> str:
    """What the check found, in a sentence for the top of the page."""
    if tagged_items == 0:
        return (
            "No agenda item is tagged with an organisation, place or priority yet, so there is nothing to check "
            "the register against."
        )
    if not checks:
        return "No registered interest touches what the agenda's items concern."
    items = "item" if len(checks) == 1 else "items"
    return f"Registered interests touch {number_words(len(checks))} {items} on the agenda."
