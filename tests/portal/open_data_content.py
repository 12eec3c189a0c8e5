"""Content for the open data tests: some of every kind the datasets publish, and beside it one of every kind the
public may not read (drafts, Part II, statuses not signed off), each named with SECRET so a test can look for it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from blmk_portal.publication import Audience, Status
from blmk_portal.rag import Rag
from dashboards.models import Area, Indicator, Kind, Point
from governance.models import (
    Action,
    Attachment,
    AttachmentVersion,
    Minute,
    Minutes,
    Resolution,
)
from places.models import Organisation
from tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    MilestoneFactory,
    OrganisationFactory,
    PaperFactory,
    PersonFactory,
    PlaceFactory,
    PlanFactory,
    PriorityFactory,
    ProgrammeFactory,
    StatusUpdateFactory,
)

SECRET = "Not for the public"


def public_content(copies: int = 1, *, board=None) -> None:
    """`copies` of every public kind: a place, an organisation, a plan down to a milestone with a signed-off
    status, a board reporting to `board`, a member of `board`, a meeting with an item, a paper with a file, a
    decision and an action, and an indicator with returns."""
    board = board or BoardFactory()
    system = Area.objects.get_or_create(kind=Area.Kind.SYSTEM)[0]
    for _ in range(copies):
        place = PlaceFactory(profile="A place of the partnership")
        BoardFactory(reports_to=board)
        organisation = OrganisationFactory()
        organisation.places.add(place)
        milestone = MilestoneFactory(due_date=dt.date(2026, 9, 30))
        milestone.places.add(place)
        StatusUpdateFactory(milestone=milestone, rag=Rag.GREEN)
        MembershipFactory(board=board, person=PersonFactory(title="Chair of the board"), role="Chair")
        meeting = MeetingFactory(board=board)
        item = AgendaItemFactory(meeting=meeting)
        paper = PaperFactory(meeting=meeting, items=[item])
        attachment = Attachment.objects.create(paper=paper, title="Annex A")
        AttachmentVersion.objects.create(
            attachment=attachment, number=1, file="papers/annex.pdf", filename="a.pdf", kind="pdf", size=100
        )
        minutes = Minutes.objects.create(meeting=meeting, status=Status.PUBLISHED)
        minute = Minute.objects.create(minutes=minutes, item=item, outcome=Minute.Outcome.AGREED)
        Resolution.objects.create(minute=minute, text="That the plan be agreed.", paper=paper)
        board.last_action_number += 1
        board.save(update_fields=["last_action_number"])
        Action.objects.create(
            board=board,
            number=board.last_action_number,
            raised_at=meeting,
            item=item,
            text="To share the plan",
            due=dt.date(2026, 7, 1),
            due_precision=Action.Precision.MONTH,
        )
        indicator = Indicator.objects.create(
            code=f"PUB{Indicator.objects.count()}",
            name="A published indicator",
            unit=Indicator.Unit.PERCENT,
            direction=Indicator.Direction.HIGHER,
            status=Status.PUBLISHED,
        )
        for month in (1, 2, 3):
            Point.objects.create(
                indicator=indicator, area=system, period=dt.date(2026, month, 1), value=Decimal("93.5") + month
            )
        Point.objects.create(
            indicator=indicator, area=system, kind=Kind.TARGET, period=dt.date(2026, 1, 1), value=Decimal(95)
        )
    assert Organisation.objects.exists()


def hidden_content(board) -> None:
    """One of every kind the public may not read, each carrying SECRET: a draft plan, priority and programme, a
    status not signed off, a draft meeting, a Part II item and paper with their decision and action, draft
    minutes' decision, and a draft indicator with its returns."""
    PlanFactory(title=f"{SECRET}: plan", status=Status.DRAFT)
    PriorityFactory(title=f"{SECRET}: priority", status=Status.DRAFT)
    draft_programme = ProgrammeFactory(title=f"{SECRET}: programme", status=Status.DRAFT)
    MilestoneFactory(programme=draft_programme, title=f"{SECRET}: milestone")
    StatusUpdateFactory(rag=Rag.RED, commentary=f"{SECRET}: status", signed_off=False)
    draft_meeting = MeetingFactory(board=board, status=Status.DRAFT, venue=f"{SECRET}: venue")
    AgendaItemFactory(meeting=draft_meeting, title=f"{SECRET}: item of a draft meeting")
    meeting = MeetingFactory(board=board)
    part_two = AgendaItemFactory(meeting=meeting, title=f"{SECRET}: Part II item", audience=Audience.BOARD)
    paper = PaperFactory(meeting=meeting, items=[part_two], title=f"{SECRET}: Part II paper", audience=Audience.BOARD)
    public_item = AgendaItemFactory(meeting=meeting, title="A public item")
    minutes = Minutes.objects.create(meeting=meeting, status=Status.PUBLISHED)
    minute = Minute.objects.create(minutes=minutes, item=part_two, outcome=Minute.Outcome.RESOLVED)
    Resolution.objects.create(minute=minute, text=f"{SECRET}: Part II decision", paper=paper)
    on_public_item = Minute.objects.create(minutes=minutes, item=public_item, outcome=Minute.Outcome.AGREED)
    Resolution.objects.create(minute=on_public_item, text=f"{SECRET}: decision on a Part II paper", paper=paper)
    draft_minutes = Minutes.objects.create(meeting=MeetingFactory(board=board), status=Status.DRAFT)
    draft_item = AgendaItemFactory(meeting=draft_minutes.meeting)
    draft_minute = Minute.objects.create(minutes=draft_minutes, item=draft_item, outcome=Minute.Outcome.AGREED)
    Resolution.objects.create(minute=draft_minute, text=f"{SECRET}: decision in draft minutes")
    board.last_action_number += 1
    board.save(update_fields=["last_action_number"])
    Action.objects.create(
        board=board, number=board.last_action_number, raised_at=meeting, item=part_two, text=f"{SECRET}: Part II action"
    )
    draft = Indicator.objects.create(
        code="DRAFT1",
        name=f"{SECRET}: indicator",
        unit=Indicator.Unit.COUNT,
        direction=Indicator.Direction.LOWER,
        status=Status.DRAFT,
    )
    system = Area.objects.get_or_create(kind=Area.Kind.SYSTEM)[0]
    Point.objects.create(indicator=draft, area=system, period=dt.date(2026, 1, 1), value=Decimal("424242"))
