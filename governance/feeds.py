"""Atom feeds of a board's papers and of its decisions, for feed readers to follow without signing in.

Read as the public reads them (blmk_portal/feeds.py): a draft meeting's papers, Part II papers and decisions of
unconfirmed minutes never reach a feed. A paper is updated when it is edited or when its meeting is published
(when the public could first read it); a decision when it is edited or when the minutes recording it are
confirmed.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.db.models.functions import Greatest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.http import conditional_page

from blmk_portal import formatting
from blmk_portal.feeds import ANYONE, ENTRIES, AtomFeed, last_written, latest, paragraphs, tag_uri
from governance import minutes
from governance.models import Board, Paper, Resolution


class BoardFeed(AtomFeed):
    kind = ""  # "papers", "decisions": the feed's name in its id and address

    def get_object(self, request, board: str) -> Board:
        return get_object_or_404(Board.objects.visible_to(ANYONE), slug=board)

    def link(self, board: Board) -> str:
        return board.get_absolute_url()

    def feed_guid(self, board: Board) -> str:
        return tag_uri(f"board-{board.pk}-{self.kind}")

    def feed_url(self, board: Board) -> str:
        return reverse(f"governance:board_{self.kind}_feed", kwargs={"board": board.slug})


class BoardPapersFeed(BoardFeed):
    """A board's papers, newest change first: each with its meeting, its cover sheet's summary and a link."""

    kind = "papers"

    def title(self, board: Board) -> str:
        return f"Papers of the {board.name}"

    def subtitle(self, board: Board) -> str:
        return f"New and changed public papers for the meetings of the {board.name}."

    def items(self, board: Board) -> QuerySet[Paper]:
        return (
            Paper.objects.visible_to(ANYONE)
            .filter(meeting__board=board)
            .select_related("meeting__board")
            .annotate(changed_at=Greatest(last_written(Paper), "meeting__published_at"))
            .order_by("-changed_at", "-meeting__date", "order", "pk")[:ENTRIES]
        )

    def item_title(self, paper: Paper) -> str:
        return f"{paper} ({formatting.date(paper.meeting.date)})"

    def item_description(self, paper: Paper) -> str:
        meeting = paper.meeting
        return paragraphs(
            paper.summary, f"For the meeting of the {meeting.board.name} on {formatting.date(meeting.date)}."
        )

    def item_guid(self, paper: Paper) -> str:
        return tag_uri(f"paper-{paper.pk}")

    def item_updateddate(self, paper: Paper) -> dt.datetime:
        return latest(paper.changed_at, fallback=paper.meeting.date)

    def item_pubdate(self, paper: Paper) -> dt.datetime:
        return latest(paper.meeting.published_at, fallback=paper.meeting.date)


class BoardDecisionsFeed(BoardFeed):
    """A board's decisions, from minutes confirmed as a true record, newest change first."""

    kind = "decisions"

    def title(self, board: Board) -> str:
        return f"Decisions of the {board.name}"

    def subtitle(self, board: Board) -> str:
        return f"What the {board.name} agreed or resolved, from minutes confirmed as a true record."

    def items(self, board: Board) -> list[minutes.Decision]:
        resolutions = (
            minutes.decisions(ANYONE)
            .filter(minute__minutes__meeting__board=board)
            .annotate(changed_at=Greatest(last_written(Resolution), "minute__minutes__published_at"))
            .order_by("-changed_at", "-minute__minutes__meeting__date", "order", "pk")[:ENTRIES]
        )
        return minutes.as_decisions(list(resolutions), ANYONE)

    def item_title(self, decision: minutes.Decision) -> str:
        item = f"item {decision.item_number} {decision.label}".strip()
        return f"{formatting.date(decision.meeting.date)}, {item}: {Truncator(decision.resolution.text).words(20)}"

    def item_description(self, decision: minutes.Decision) -> str:
        return paragraphs(
            decision.resolution.text,
            f"{decision.outcome} at item {decision.item_number}, {decision.item.title}.",
            f"{decision.confirmed}." if decision.confirmed else "",
        )

    def item_link(self, decision: minutes.Decision) -> str:
        return reverse("governance:decision", kwargs=decision.resolution.url_kwargs())

    def item_guid(self, decision: minutes.Decision) -> str:
        return tag_uri(f"decision-{decision.resolution.pk}")

    def item_updateddate(self, decision: minutes.Decision) -> dt.datetime:
        return latest(decision.resolution.changed_at, fallback=decision.meeting.date)

    def item_pubdate(self, decision: minutes.Decision) -> dt.datetime:
        return latest(decision.resolution.minute.minutes.published_at, fallback=decision.meeting.date)


# A feed reader asking again with If-Modified-Since is told 304 Not Modified when nothing has changed since.
board_papers = conditional_page(BoardPapersFeed())
board_decisions = conditional_page(BoardDecisionsFeed())
