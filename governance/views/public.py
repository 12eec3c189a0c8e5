"""What the public reads: the governance structures as trees, and each board with its terms and members."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from governance.models import AgendaItem, Board, Meeting, Membership, TermsOfReference
from governance.presenters import BoardPresenter, MeetingPresenter, seat_kind, seats_by_organisation, structures

PAST_MEETINGS_SHOWN = 12


def board_list(request: HttpRequest) -> HttpResponse:
    boards = list(Board.objects.visible_to(request.user).order_by("name"))
    return render(request, "governance/board_list.jinja", {"structures": structures(boards)})


def board_detail(request: HttpRequest, board: str) -> HttpResponse:
    item = get_object_or_404(
        Board.objects.visible_to(request.user)
        .select_related("reports_to")
        .prefetch_related(Prefetch("reporting_bodies", queryset=Board.objects.order_by("name"))),
        slug=board,
    )
    versions = list(TermsOfReference.objects.visible_to(request.user).filter(board=item))
    seats = list(
        Membership.objects.visible_to(request.user)
        .current()
        .filter(board=item)
        .select_related("person", "organisation", "place")
        .prefetch_related("deputies")
    )
    meetings = Meeting.objects.visible_to(request.user).filter(board=item).select_related("board")
    return render(
        request,
        "governance/board_detail.jinja",
        {
            "upcoming": list(meetings.upcoming()),
            "past": list(meetings.past()[:PAST_MEETINGS_SHOWN]),
            "board": item,
            "presenter": BoardPresenter(item),
            "current_terms": versions[-1] if versions else None,
            "earlier_terms": list(reversed(versions[:-1])),
            "groups": seats_by_organisation(seats),
            "seat_kind": seat_kind,
        },
    )


def meeting_detail(request: HttpRequest, board: str, date) -> HttpResponse:
    """A meeting: when and where, and its agenda; Part II items only for the board's members and staff."""
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("board"), board__slug=board, date=date
    )
    items = list(meeting.items.all())
    shown = set(AgendaItem.objects.visible_to(request.user).filter(meeting=meeting).values_list("pk", flat=True))
    terms = TermsOfReference.objects.filter(board=meeting.board).last()
    return render(
        request,
        "governance/meeting_detail.jinja",
        {"meeting": meeting, "presenter": MeetingPresenter(meeting, items, terms, shown)},
    )
