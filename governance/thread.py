"""The golden thread: the meetings, papers and agenda items that concern a priority, a place or an organisation.

A paper concerns what it is tagged with; an agenda item tagged with it makes its meeting concern it. Both are
read through the publication gate, and a paper shows only where the reader may also see one of its items, as
in their pack, so its link never leads to a page they are refused. Two queries, however many meetings.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Coalesce

from blmk_portal.contributions import ThreadEntry, ThreadLink
from blmk_portal.publication import not_public_label
from governance.models import AgendaItem, Meeting, Paper
from places.models import Organisation, Place
from priorities.models import Priority

# The field of papers and agenda items that tags them with each kind of record.
TAGS = {Priority: "priorities", Place: "places", Organisation: "organisations"}

NEWEST_MEETING_FIRST = ("-meeting__date", F("meeting__start").desc(nulls_last=True), "meeting__board__name")


def meetings_concerning(record, user) -> list[ThreadEntry]:
    """The meetings concerning `record` that `user` may see, newest first, each with its papers in the pack's
    order and its agenda items in the agenda's; [] for a record that papers are not tagged with."""
    tag = TAGS.get(type(record))
    if tag is None or record.pk is None:
        return []
    visible_items = AgendaItem.objects.visible_to(user)
    papers = (
        Paper.objects.visible_to(user)
        .filter(**{tag: record})
        .filter(Exists(visible_items.filter(papers=OuterRef("pk"))))
        .select_related("meeting__board")
        .order_by(*NEWEST_MEETING_FIRST, "meeting", "order", "pk")
    )
    items = (
        visible_items.filter(**{tag: record})
        .select_related("meeting__board")
        # A sub-item follows the item it is part of.
        .order_by(
            *NEWEST_MEETING_FIRST,
            "meeting",
            Coalesce("parent__order", "order"),
            F("parent").asc(nulls_first=True),
            "order",
            "pk",
        )
    )
    meetings: dict[int, Meeting] = {}
    papers_of: dict[int, list[ThreadLink]] = {}
    items_of: dict[int, list[ThreadLink]] = {}
    for paper in papers:
        meetings.setdefault(paper.meeting_id, paper.meeting)
        papers_of.setdefault(paper.meeting_id, []).append(
            ThreadLink(str(paper), paper.get_absolute_url(), not_public_label(paper))
        )
    for item in items:
        meeting = meetings.setdefault(item.meeting_id, item.meeting)
        items_of.setdefault(item.meeting_id, []).append(
            ThreadLink(item.title, f"{meeting.get_absolute_url()}#{item.row_id}", not_public_label(item))
        )
    return [
        ThreadEntry(
            date=meeting.date,
            heading=str(meeting),
            href=meeting.get_absolute_url(),
            papers=tuple(papers_of.get(meeting.pk, ())),
            items=tuple(items_of.get(meeting.pk, ())),
            not_public=not_public_label(meeting),
        )
        for meeting in _newest_first(meetings.values())
    ]


def _newest_first(meetings) -> list[Meeting]:
    """By day, newest first; on one day, the later meeting first, then by board."""
    by_board = sorted(meetings, key=lambda meeting: (meeting.board.name, meeting.pk))
    return sorted(by_board, key=lambda meeting: (meeting.date, meeting.start or dt.time.min), reverse=True)
