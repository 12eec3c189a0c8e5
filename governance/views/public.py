"""What the public reads: the governance structures as trees, and each board with its terms and members."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from governance.models import Board, Membership, TermsOfReference
from governance.presenters import BoardPresenter, seat_kind, seats_by_organisation, structures


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
    return render(
        request,
        "governance/board_detail.jinja",
        {
            "board": item,
            "presenter": BoardPresenter(item),
            "current_terms": versions[-1] if versions else None,
            "earlier_terms": list(reversed(versions[:-1])),
            "groups": seats_by_organisation(seats),
            "seat_kind": seat_kind,
        },
    )
