"""A board as an alert topic (blmk_portal/alerts.py), "board:<slug>": its meetings when published, its papers
when they become public, and its minutes when confirmed. Read as the public reads them: a draft meeting, a Part II
paper and unconfirmed minutes are never in an alert."""

from __future__ import annotations

import datetime as dt

from django.db.models import Min, Q
from django.db.models.functions import Greatest

from blmk_portal.alerts import Change, Topic, anonymous
from blmk_portal.formatting import date
from blmk_portal.publication import Audience
from governance.models import Board, Meeting, Minutes, Paper

COVERS = "new meetings, papers published and minutes confirmed"


def board_topic(slug: str) -> Topic | None:
    board = Board.objects.filter(slug=slug).first()
    if board is None:
        return None
    return Topic(key=f"board:{slug}", name=board.name, covers=COVERS, path=board.get_absolute_url())


def board_changes(slug: str, after: dt.datetime, up_to: dt.datetime) -> list[Change]:
    reader = anonymous()
    meetings = Meeting.objects.visible_to(reader).filter(
        board__slug=slug, published_at__gt=after, published_at__lte=up_to
    )
    # A paper becomes public when its meeting is published or, added later or moved out of Part II, when its
    # row is first saved as public (its history): whichever is later.
    papers = (
        Paper.objects.visible_to(reader)
        .filter(meeting__board__slug=slug)
        .annotate(
            public_since=Min("events__pgh_created_at", filter=Q(events__audience=Audience.PUBLIC)),
            went_public=Greatest("meeting__published_at", "public_since"),
        )
        .filter(went_public__gt=after, went_public__lte=up_to)
        .select_related("meeting__board")
    )
    minutes = (
        Minutes.objects.visible_to(reader)
        .filter(meeting__board__slug=slug, published_at__gt=after, published_at__lte=up_to)
        .select_related("meeting__board")
    )
    return [
        *(
            Change(meeting.published_at, f"Meeting on {date(meeting.date)} published", meeting.get_absolute_url())
            for meeting in meetings.select_related("board")
        ),
        *(
            Change(
                paper.went_public, f"{paper}, for the meeting on {date(paper.meeting.date)}", paper.get_absolute_url()
            )
            for paper in papers
        ),
        *(
            Change(
                entry.published_at,
                f"Minutes of the meeting on {date(entry.meeting.date)} confirmed",
                f"{entry.meeting.get_absolute_url()}#minutes",
            )
            for entry in minutes
        ),
    ]
