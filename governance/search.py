"""What governance gives the portal's search (blmk_portal/search.py): boards, meetings, agenda items, papers (cover
sheet and body), the words of their attached files, minutes, decisions and actions; and the board facet."""

from __future__ import annotations

from django.urls import reverse

from blmk_portal import search
from blmk_portal.search import Facet, Kind, lines, plain
from governance.models import Action, AgendaItem, Attachment, Board, Meeting, Minute, Paper, Resolution


def _meeting_words(meeting: Meeting) -> str:
    return f"{meeting.board.name}, {meeting.date.day} {meeting.date:%B %Y}"


def _attachment_text(attachment: Attachment) -> str:
    versions = sorted(attachment.versions.all(), key=lambda version: version.number)
    if not versions:
        return ""
    latest = versions[-1]
    return search.file_text(sha256=latest.sha256, kind=latest.kind, open_file=lambda: latest.file.open("rb"))


def _minute_title(minute: Minute) -> str:
    return f"Minute {minute.number_as_printed or minute.item.number} {minute.item.title}"


def _board_choices(user) -> list[tuple[str, str]]:
    return list(Board.objects.visible_to(user).order_by("name").values_list("slug", "name"))


search.register_facet(Facet(key="board", label="Board", any_label="Any board", choices=_board_choices))

search.register(
    Kind(
        key="board",
        label="Board",
        plural="Boards",
        model=Board,
        title=lambda board: board.name,
        summary=lambda board: plain(board.purpose),
        body=lambda board: lines(board.frequency, board.usual_venue),
        facets={"board": "slug"},
    )
)
search.register(
    Kind(
        key="meeting",
        label="Meeting",
        plural="Meetings",
        model=Meeting,
        title=_meeting_words,
        summary=lambda meeting: meeting.heading_as_printed,
        body=lambda meeting: meeting.venue,
        belongs_to=lambda meeting: meeting.board.name,
        date="date",
        facets={"board": "board__slug"},
        related=("board",),
        refreshed_by={"governance.Board": "board"},
    )
)
search.register(
    Kind(
        key="agenda_item",
        label="Agenda item",
        plural="Agenda items",
        model=AgendaItem,
        title=str,
        summary=lambda item: item.descriptor,
        body=lambda item: item.leads,
        link=lambda item: f"{item.meeting.get_absolute_url()}#{item.row_id}",
        belongs_to=lambda item: _meeting_words(item.meeting),
        date="meeting__date",
        facets={"board": "meeting__board__slug", "place": "places__slug"},
        related=("meeting__board",),
    )
)
search.register(
    Kind(
        key="paper",
        label="Paper",
        plural="Papers",
        model=Paper,
        title=str,
        summary=lambda paper: paper.summary,
        body=lambda paper: lines(
            paper.sro_name,
            paper.author_name,
            paper.priorities_link,
            paper.inequalities,
            plain(paper.risks),
            paper.appendices,
            plain(paper.body),
        ),
        belongs_to=lambda paper: _meeting_words(paper.meeting),
        date="meeting__date",
        facets={"board": "meeting__board__slug", "place": "places__slug"},
        related=("meeting__board",),
    )
)
search.register(
    Kind(
        key="attachment",
        label="Attached file",
        plural="Attached files",
        model=Attachment,
        title=lambda attachment: attachment.title,
        summary=lambda attachment: str(attachment.paper),
        body=_attachment_text,
        link=lambda attachment: reverse("governance:attachment", kwargs=attachment.url_kwargs()),
        belongs_to=lambda attachment: f"{attachment.paper}, {_meeting_words(attachment.paper.meeting)}",
        date="paper__meeting__date",
        facets={"board": "paper__meeting__board__slug", "place": "paper__places__slug"},
        related=("paper__meeting__board",),
        prefetch=("versions",),
        refreshed_by={"governance.AttachmentVersion": "attachment"},
    )
)
search.register(
    Kind(
        key="minute",
        label="Minute",
        plural="Minutes",
        model=Minute,
        title=_minute_title,
        summary=lambda minute: minute.outcome_text,
        body=lambda minute: plain(minute.discussion),
        link=lambda minute: f"{minute.minutes.meeting.get_absolute_url()}#{minute.row_id}",
        belongs_to=lambda minute: _meeting_words(minute.minutes.meeting),
        date="minutes__meeting__date",
        facets={"board": "minutes__meeting__board__slug", "place": "item__places__slug"},
        related=("minutes__meeting__board", "item__meeting"),
        refreshed_by={"governance.AgendaItem": "item"},
    )
)
search.register(
    Kind(
        key="decision",
        label="Decision",
        plural="Decisions",
        model=Resolution,
        title=lambda resolution: resolution.text,
        link=lambda resolution: reverse("governance:decision", kwargs=resolution.url_kwargs()),
        belongs_to=lambda resolution: _meeting_words(resolution.minute.minutes.meeting),
        date="minute__minutes__meeting__date",
        facets={"board": "minute__minutes__meeting__board__slug", "place": "minute__item__places__slug"},
        related=("minute__minutes__meeting__board", "minute__item__meeting", "paper__meeting"),
    )
)
search.register(
    Kind(
        key="action",
        label="Action",
        plural="Actions",
        model=Action,
        title=lambda action: f"Action {action.number}: {action.text}",
        body=lambda action: lines(action.owner_role, action.item_as_printed),
        link=lambda action: reverse("governance:action_detail", kwargs=action.url_kwargs()),
        belongs_to=lambda action: action.board.name,
        date="raised_at__date",
        facets={"board": "board__slug"},
        related=("board", "raised_at", "item__meeting"),
    )
)
