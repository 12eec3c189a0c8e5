"""Minutes from fixtures/governance-minutes.json: the 5 May 2021 Partnership Board and the 26 March 2018 JHOSC
minutes, quoted as printed, with their resolutions (the decision register's first entries).

The agendas of those meetings are not in the seeds, so each meeting's items are made from its minutes' headings
and numbers as printed (10, 11, 10, 11 included) where the meeting has none yet; actions and declarations then hang
off real items. Like every loader (ADR 3) it creates what is missing and changes nothing that exists: a meeting's
items only while it has none, its minutes only while it has none. The seeds do not say either set was confirmed,
so both load as drafts awaiting confirmation.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from blmk_portal.loading import read_fixture
from blmk_portal.models import SourceDocument
from blmk_portal.publication import Audience, Status
from governance.models import AgendaItem, Meeting, Minute, Minutes, Resolution


def load_minutes(tally: Counter) -> None:
    data = read_fixture("governance-minutes.json")
    sources = {source.key: source for source in SourceDocument.objects.all()}
    for record in data["minutes"]:
        board, date = record["meeting"].split(" ")
        meeting = Meeting.objects.filter(board__slug=board, date=dt.date.fromisoformat(date)).first()
        if meeting is None:
            continue  # its meeting was never loaded, or staff removed it
        items = _items(meeting, record["entries"], tally)
        if Minutes.objects.filter(meeting=meeting).exists():
            continue
        minutes = Minutes.objects.create(
            meeting=meeting,
            closed_at=dt.time.fromisoformat(record["closed_at"]) if record["closed_at"] else None,
            taken_by=record["taken_by"],
            drafted_on=dt.date.fromisoformat(record["drafted_on"]) if record["drafted_on"] else None,
            status=Status.DRAFT,
            source=sources[record["source"]],
        )
        tally["minutes created"] += 1
        for entry, item in zip(record["entries"], items, strict=True):
            if item is None:
                continue
            minute = Minute.objects.create(
                minutes=minutes,
                item=item,
                discussion=entry["discussion"],
                outcome=entry["outcome"],
                outcome_text=entry["outcome_text"],
            )
            Resolution.objects.bulk_create(
                Resolution(minute=minute, text=text, order=order) for order, text in enumerate(entry["resolutions"])
            )
            tally["resolutions created"] += len(entry["resolutions"])


def _items(meeting: Meeting, entries: list[dict], tally: Counter) -> list[AgendaItem | None]:
    """The meeting's item for each entry: made from the minutes where the meeting has no agenda, else found by
    number and title as printed (None where staff have since changed it)."""
    existing = list(meeting.items.all())
    if existing:
        found = {(item.number, item.title): item for item in existing}
        return [found.get((entry["number"], entry["title"])) for entry in entries]
    made: list[AgendaItem | None] = []
    parents: dict[str, AgendaItem] = {}
    for order, entry in enumerate(entries):
        item = AgendaItem.objects.create(
            meeting=meeting,
            parent=parents.get(entry["parent"]),
            number=entry["number"],
            numbered=entry["numbered"],
            title=entry["title"],
            audience=Audience.BOARD if entry["part"] == "II" else Audience.PUBLIC,
            order=order,
            source=meeting.source,
        )
        tally["agenda items created"] += 1
        parents[entry["title"]] = item
        made.append(item)
    return made
