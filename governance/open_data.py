"""The governance app's open datasets (blmk_portal/open_data.py): boards and their members, meetings, agenda items,
papers with their files, the decision register and the action logs, as the public pages give them."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse

from blmk_portal.open_data import BOOLEAN, DATE, INTEGER, TEXT, TEXT_LIST, TIME, URL, URL_LIST, Dataset, Field
from governance import agenda_rules
from governance.minutes import as_decisions, decisions
from governance.models import (
    Action,
    AgendaItem,
    Attachment,
    AttachmentVersion,
    Board,
    Meeting,
    Membership,
    Paper,
    Person,
)

MEETING_ORDER = ("board__name", "date")
BOARD_PAGE = "/boards/partnership-board/ (as a full address)"
MEETING_PAGE = "/boards/partnership-board/2021-06-09/ (as a full address)"


def board_rows(user):
    for board in Board.objects.visible_to(user).select_related("reports_to").order_by("name"):
        yield {
            "slug": board.slug,
            "name": board.name,
            "kind": board.get_kind_display(),
            "state": board.get_state_display(),
            "reports_to": board.reports_to.slug if board.reports_to else "",
            "structure": board.period,
            "frequency": board.frequency,
            "usual_venue": board.usual_venue,
            "page": board.get_absolute_url(),
        }


def member_rows(user):
    """Today's seats, as each board's page lists them."""
    seats = (
        Membership.objects.visible_to(user)
        .current()
        .filter(board__in=Board.objects.visible_to(user))
        .select_related("board", "person", "organisation", "place")
        .prefetch_related(Prefetch("deputies", queryset=Person.objects.order_by("name")))
        .order_by("board__name", "order", "pk")
    )
    for seat in seats:
        yield {
            "board": seat.board.slug,
            "role": seat.role,
            "name": seat.person.name if seat.person else "",
            "title": seat.person.title if seat.person else "",
            "represents": seat.represents,
            "place": seat.place.name if seat.place else "",
            "decision_making": seat.decision_making,
            "deputies": [deputy.name for deputy in seat.deputies.all()],
            "since": seat.started,
        }


def _meetings(user):
    return Meeting.objects.visible_to(user).select_related("board").order_by(*MEETING_ORDER)


def meeting_rows(user):
    for meeting in _meetings(user):
        yield {
            "board": meeting.board.slug,
            "date": meeting.date,
            "start": meeting.start,
            "end": meeting.end,
            "venue": meeting.venue,
            "state": meeting.get_state_display(),
            "page": meeting.get_absolute_url(),
            "pack": reverse("governance:meeting_pack", kwargs=meeting.url_kwargs()),
        }


def item_rows(user):
    """Every agenda item the reader may see, numbered as their meeting's agenda numbers them for that reader."""
    papers = Paper.objects.visible_to(user).order_by("order", "pk")
    items = (
        AgendaItem.objects.visible_to(user)
        .select_related("meeting__board")
        .prefetch_related(Prefetch("papers", queryset=papers))
        .order_by(*(f"meeting__{key}" for key in MEETING_ORDER))
    )
    by_meeting: dict[int, list[AgendaItem]] = {}
    for item in items:
        by_meeting.setdefault(item.meeting_id, []).append(item)
    for agenda in by_meeting.values():
        ordered = agenda_rules.in_agenda_order(agenda)
        numbers = agenda_rules.numbers(ordered)
        for item in ordered:
            meeting = item.meeting
            yield {
                "board": meeting.board.slug,
                "meeting_date": meeting.date,
                "number": numbers[item.pk],
                "title": item.title,
                "descriptor": item.descriptor,
                "leads": item.leads,
                "purpose": item.get_purpose_display(),
                "standing": item.standing,
                "papers": [str(paper) for paper in item.papers.all()],
                "page": f"{meeting.get_absolute_url()}#{item.row_id}",
            }


def paper_rows(user):
    with_files = Attachment.objects.filter(
        Exists(AttachmentVersion.objects.filter(attachment=OuterRef("pk")))
    ).select_related("paper__meeting__board")
    papers = (
        Paper.objects.visible_to(user)
        .select_related("meeting__board")
        .prefetch_related(Prefetch("attachments", queryset=with_files.order_by("order", "pk")))
        .order_by(*(f"meeting__{key}" for key in MEETING_ORDER), "order", "pk")
    )
    for paper in papers:
        yield {
            "board": paper.meeting.board.slug,
            "meeting_date": paper.meeting.date,
            "reference": paper.reference,
            "title": paper.title,
            "agenda_item": paper.item_as_printed,
            "purposes": paper.purpose_labels(),
            "senior_responsible_officer": paper.sro_name,
            "author": paper.author_name,
            "summary": paper.summary,
            "page": paper.get_absolute_url(),
            "files": [
                reverse("governance:attachment", kwargs=attachment.url_kwargs())
                for attachment in paper.attachments.all()
            ],
        }


def decision_rows(user):
    # With each paper's meeting and board, which its address names.
    for decision in as_decisions(list(decisions(user).select_related("paper__meeting__board")), user):
        resolution, meeting = decision.resolution, decision.meeting
        approved_at = resolution.minute.minutes.approved_at
        yield {
            "board": meeting.board.slug,
            "meeting_date": meeting.date,
            "item_number": decision.item_number,
            "item": decision.item.title,
            "label": decision.label,
            "outcome": decision.outcome,
            "decision": resolution.text,
            "paper": resolution.paper.get_absolute_url() if resolution.paper else "",
            "confirmed_at_meeting_of": approved_at.date if approved_at else None,
            "page": reverse("governance:decision", kwargs=resolution.url_kwargs()),
        }


def action_rows(user):
    actions = (
        Action.objects.visible_to(user)
        .select_related("board", "raised_at", "item", "closed_at")
        .prefetch_related(Prefetch("owners", queryset=Person.objects.order_by("name")))
        .order_by("board__name", "number")
    )
    for action in actions:
        yield {
            "board": action.board.slug,
            "number": action.number,
            "raised_at_meeting_of": action.raised_at.date,
            "item": action.item_as_printed or (action.item.title if action.item else ""),
            "action": action.text,
            "owners": [person.name for person in action.owners.all()],
            "owner_role": action.owner_role,
            "due": _due(action),
            "status": action.get_status_display(),
            "closed_at_meeting_of": action.closed_at.date if action.closed_at else None,
            "page": reverse("governance:action_detail", kwargs={"board": action.board.slug, "action": action.number}),
        }


def _due(action: Action) -> str:
    if action.due is None:
        return ""
    return f"{action.due:%Y-%m}" if action.due_precision == Action.Precision.MONTH else action.due.isoformat()


BOARDS = Dataset(
    slug="boards",
    title="Boards, committees and groups",
    description="The boards, committees and groups of the partnership's governance, who reports to whom, and how "
    "often and where they meet.",
    fields=(
        Field("slug", TEXT, "The board's identifier in the portal's addresses", "partnership-board"),
        Field("name", TEXT, "Its name", "BLMK ICS Partnership Board"),
        Field("kind", TEXT, "What kind of body it is", "Partnership board"),
        Field("state", TEXT, "Active, Proposed or Stood down", "Active"),
        Field("reports_to", TEXT, "The slug of the board it reports to; empty if none", ""),
        Field("structure", TEXT, "The governance structure it belongs to", "2021"),
        Field("frequency", TEXT, "How often it meets, as printed", "The Partnership Board will meet monthly …"),
        Field("usual_venue", TEXT, "Where it usually meets, or how online", "Via Microsoft Teams"),
        Field("page", URL, "Its page on the portal", BOARD_PAGE),
    ),
    rows=board_rows,
    tables=("governance.Board",),
)

MEMBERS = Dataset(
    slug="board-members",
    title="Board members",
    description="The seats on each board today, as its page lists them: the role, who holds it (names and roles as "
    "published in the terms of reference), the organisation represented, and whether it is a decision-making seat.",
    fields=(
        Field("board", TEXT, "The slug of the board", "partnership-board"),
        Field("role", TEXT, "The seat's role, as printed", "Chair"),
        Field("name", TEXT, "Who holds it; empty while vacant or not named", "Dr Rima Makarem"),
        Field("title", TEXT, "Their title, as printed", "BLMK ICS Chair"),
        Field("represents", TEXT, "The organisation the seat represents, as printed", "BLMK ICS"),
        Field("place", TEXT, "The place the seat is for, if any", ""),
        Field("decision_making", BOOLEAN, "true for a decision-making seat (D), false for an attendee (A)", "true"),
        Field("deputies", TEXT_LIST, "Who may deputise in the seat", ""),
        Field("since", DATE, "When the seat began, where recorded", ""),
    ),
    rows=member_rows,
    tables=("governance.Board", "governance.Membership", "governance.MembershipDeputy", "governance.Person"),
    daily=True,
)

MEETINGS = Dataset(
    slug="meetings",
    title="Meetings",
    description="The published meetings of every board, past and planned, with when and where they are held.",
    fields=(
        Field("board", TEXT, "The slug of the board", "partnership-board"),
        Field("date", DATE, "The day of the meeting", "2021-06-09"),
        Field("start", TIME, "When it starts (24-hour clock)", "14:00"),
        Field("end", TIME, "When it ends", "17:00"),
        Field("venue", TEXT, "Where, as printed", "Via Microsoft Teams"),
        Field("state", TEXT, "Scheduled, Confirmed, Held or Cancelled", "Held"),
        Field("page", URL, "The meeting's page", MEETING_PAGE),
        Field("pack", URL, "Its pack of papers to read on screen (a PDF is linked from there)", ""),
    ),
    rows=meeting_rows,
    tables=("governance.Meeting",),
)

ITEMS = Dataset(
    slug="agenda-items",
    title="Agenda items",
    description="Every public item of every published meeting's agenda, numbered as the agenda prints it, with the "
    "papers that go with it.",
    fields=(
        Field("board", TEXT, "The slug of the board", "partnership-board"),
        Field("meeting_date", DATE, "The day of the meeting", "2021-06-09"),
        Field("number", TEXT, "Its number on the agenda; empty for an unnumbered item such as a welcome", "3a"),
        Field(
            "title",
            TEXT,
            "Its title, as printed",
            "To approve the meeting notes of the Partnership Board on 5th May 2021",
        ),
        Field("descriptor", TEXT, "What the board is asked to do, as printed", ""),
        Field("leads", TEXT, "Who leads it, as printed", "Chair"),
        Field("purpose", TEXT, "Decision, Approval, Discussion, Assurance, Information or To note", ""),
        Field("standing", BOOLEAN, "true for a standing item", "true"),
        Field(
            "papers",
            TEXT_LIST,
            "The papers for it, by reference and title",
            "Paper 3a: BLMK ICS Partnership Board Minutes",
        ),
        Field("page", URL, "Where it is on the meeting's page", MEETING_PAGE),
    ),
    rows=item_rows,
    tables=("governance.Meeting", "governance.AgendaItem", "governance.PaperItem", "governance.Paper"),
)

PAPERS = Dataset(
    slug="papers",
    title="Papers",
    description="The public papers of every published meeting: what each cover sheet says of it, its page, and its "
    "files to download.",
    fields=(
        Field("board", TEXT, "The slug of the board", "partnership-board"),
        Field("meeting_date", DATE, "The day of the meeting", "2021-06-09"),
        Field("reference", TEXT, "Its reference, as printed", "Paper 3a"),
        Field("title", TEXT, "Its title, as printed", "BLMK ICS Partnership Board Minutes"),
        Field("agenda_item", TEXT, "The agenda item its cover sheet names, as printed", ""),
        Field("purposes", TEXT_LIST, "What it is for: Information, Approval, To note, Decision", ""),
        Field("senior_responsible_officer", TEXT, "Its SRO, as printed", ""),
        Field("author", TEXT, "Its author, as printed", ""),
        Field("summary", TEXT, "Its cover sheet's summary", ""),
        Field("page", URL, "The paper's page", ""),
        Field("files", URL_LIST, "Its files (the current version of each)", ""),
    ),
    rows=paper_rows,
    tables=("governance.Meeting", "governance.Paper", "governance.Attachment", "governance.AttachmentVersion.added_at"),
)

DECISIONS = Dataset(
    slug="decisions",
    title="Decisions",
    description="The decision register: every resolution of an Agreed or Resolved minute in published minutes, with "
    "the meeting, the item and the paper it decided on, and when the minutes were confirmed.",
    fields=(
        Field("board", TEXT, "The slug of the board", "partnership-board"),
        Field("meeting_date", DATE, "The day of the meeting that decided it", "2021-05-05"),
        Field("item_number", TEXT, "The agenda item's number", "7"),
        Field(
            "item", TEXT, "The agenda item's title", "Financial Outturn 2020/21 and update on Financial Plan 2021/22"
        ),
        Field("label", TEXT, "Its number among its minute's resolutions, where there are several", ""),
        Field("outcome", TEXT, "Agreed or Resolved", "Agreed"),
        Field(
            "decision",
            TEXT,
            "What was decided, as printed",
            "That the DOF group recommendations on the allocation of funding be approved.",
        ),
        Field("paper", URL, "The paper it decided on, if any", ""),
        Field(
            "confirmed_at_meeting_of",
            DATE,
            "The day of the meeting that confirmed the minutes as a true record",
            "YYYY-MM-DD",
        ),
        Field("page", URL, "The decision's page", ""),
    ),
    rows=decision_rows,
    tables=("governance.Minutes", "governance.Minute", "governance.Resolution", "governance.Meeting"),
)

ACTIONS = Dataset(
    slug="actions",
    title="Actions",
    description="The action logs of every board: each public action, who owns it, when it is due and whether it is "
    "open, closing (proposed for closure at the next meeting) or closed.",
    fields=(
        Field("board", TEXT, "The slug of the board", "partnership-board"),
        Field("number", INTEGER, "Its number in the board's log (never reused)", "50"),
        Field("raised_at_meeting_of", DATE, "The day of the meeting that raised it", "2021-04-07"),
        Field(
            "item",
            TEXT,
            "The agenda item it came from, as the log prints it",
            "BLMK Partnership strategic priorities – outcomes from workshops",
        ),
        Field(
            "action",
            TEXT,
            "The action, as printed",
            "To share paper making reference to a Children's and Young Person's Board …",
        ),
        Field("owners", TEXT_LIST, "The people who own it", "Anne Murray"),
        Field("owner_role", TEXT, "The role responsible, as printed, e.g. Executive lead", ""),
        Field("due", TEXT, "Its deadline: YYYY-MM-DD, or YYYY-MM where the log gives a month", "2021-04"),
        Field("status", TEXT, "Open, Closing or Closed", "Open"),
        Field("closed_at_meeting_of", DATE, "The day of the meeting that closed it", ""),
        Field("page", URL, "The action's page", ""),
    ),
    rows=action_rows,
    tables=("governance.Action", "governance.ActionOwner", "governance.Meeting", "governance.AgendaItem"),
)

DATASETS = (BOARDS, MEMBERS, MEETINGS, ITEMS, PAPERS, DECISIONS, ACTIONS)
