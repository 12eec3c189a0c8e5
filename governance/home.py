"""What governance puts on the home page: the next public meeting (where to ask the board a question), and the
latest papers and decisions. Read as the public reads them: the home page is the same for everyone (see
blmk_portal.contributions.HomePanel), one query each."""

from __future__ import annotations

from blmk_portal.feeds import ANYONE
from governance import minutes
from governance.models import Meeting, Paper
from governance.presenters import MeetingPresenter

LATEST = 5


def next_meeting() -> dict:
    """The next meeting of any board that goes ahead, with when and where it is; None when none is scheduled."""
    meeting = (
        Meeting.objects.visible_to(ANYONE)
        .upcoming()
        .exclude(state=Meeting.State.CANCELLED)
        .select_related("board")
        .first()
    )
    if meeting is None:
        return {"meeting": None}
    return {"meeting": meeting, "when": MeetingPresenter(meeting, [], None).when}


def latest_papers_and_decisions() -> dict:
    """The papers of the latest meetings, and the decisions of the latest confirmed minutes, newest first."""
    papers = (
        Paper.objects.visible_to(ANYONE)
        .select_related("meeting__board")
        .order_by("-meeting__date", "meeting__board__name", "order", "pk")[:LATEST]
    )
    return {"papers": list(papers), "decisions": list(minutes.decisions(ANYONE)[:LATEST])}
