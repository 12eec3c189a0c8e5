"""A board's forward plan: the public page, by meeting date, and taking a planned item into a meeting's agenda from
the meeting's staff page. The plan's staff records (New, Edit, History, Move, Remove) come from the record kit
(governance/records.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from blmk_portal.formatting import date as date_words
from blmk_portal.page_cache import kept_for_each_person
from blmk_portal.roles import programme_office_required
from governance import forward_plan
from governance.models import Board, PlannedItem
from governance.records import MEETING

OFFER_ANCHOR = "planned-for-this-meeting"


@kept_for_each_person
def board_forward_plan(request: HttpRequest, board: str) -> HttpResponse:
    """What the board plans to take at its meetings, a heading per meeting date (a grid of meetings as columns
    cannot be read on a phone), with what was taken and what slipped."""
    item = get_object_or_404(Board.objects.visible_to(request.user), slug=board)
    return render(
        request,
        "governance/forward_plan.jinja",
        {
            "board": item,
            "plan": forward_plan.board_forward_plan(item, request.user),
            "breadcrumbs": [
                {"text": "Home", "href": "/"},
                {"text": "Boards", "href": reverse("governance:board_list")},
                {"text": item.name, "href": item.get_absolute_url()},
            ],
        },
    )


@programme_office_required
@require_POST
def meeting_add_planned_item(request: HttpRequest, board: str, date, planned: int) -> HttpResponse:
    """Add a planned item to the meeting's agenda, then back to the meeting's page where it was offered. With htmx
    the same answer replaces the page's main content in place."""
    meeting = MEETING.get({"board": board, "date": date})
    item = get_object_or_404(PlannedItem, board=meeting.board_id, pk=planned)
    try:
        agenda_item, first_time = forward_plan.planneditem_add_to_agenda(
            planneditem=item, meeting=meeting, by=request.user
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        if first_time:
            messages.success(request, f"“{item.title}” added to the agenda")
        else:
            taken_at = agenda_item.meeting
            where = "this meeting's agenda"
            if taken_at.pk != meeting.pk:
                where = f"the agenda of {date_words(taken_at.date)}"
            messages.success(request, f"“{item.title}” was in {where} already. Nothing was added twice.")
    return redirect(f"{meeting.get_manage_url()}#{OFFER_ANCHOR}")
