"""iCalendar feeds of meetings: one per board, and one of every board's. What a reader gets is what `visible_to`
lets them see, so a calendar app subscribing without signing in gets only published meetings."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from governance.calendar import meetings_calendar
from governance.models import Board, Meeting


def board_calendar(request: HttpRequest, board: str) -> HttpResponse:
    item = get_object_or_404(Board.objects.visible_to(request.user), slug=board)
    meetings = Meeting.objects.visible_to(request.user).filter(board=item)
    return _feed(request, meetings, name=f"{item.name} meetings", filename=f"{item.slug}.ics")


def calendar(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.visible_to(request.user)
    return _feed(request, meetings, name="BLMK partnership meetings", filename="blmk-partnership-meetings.ics")


def _feed(request: HttpRequest, meetings: QuerySet[Meeting], *, name: str, filename: str) -> HttpResponse:
    body = meetings_calendar(
        meetings.select_related("board").order_by("date", "start", "board__name"),
        name=name,
        absolute_url=request.build_absolute_uri,
        stamp=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
