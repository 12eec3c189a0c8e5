"""The register of interests: a board's public register of its decision-making members, a person's whole register
for staff, choosing the item a declaration at a meeting is for, and the cross-check of a meeting's agenda against
the register for the board's members and staff. Edit, History, New and Remove come from the record kit
(governance/records.py)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from blmk_portal.roles import programme_office_required
from governance import agenda_rules
from governance.interests import (
    board_register,
    can_cross_check,
    meeting_cross_check,
    person_register,
    register_is_empty,
)
from governance.models import Board, Meeting
from governance.presenters import meeting_breadcrumbs
from governance.records import DECLARATION, INTEREST, MEETING, NIL_RETURN, PERSON


def board_interests(request: HttpRequest, board: str) -> HttpResponse:
    """The public register of a board's decision-making members, as they hold their seats today."""
    item = get_object_or_404(Board.objects.visible_to(request.user), slug=board)
    entries = board_register(item, request.user)
    return render(
        request,
        "governance/board_interests.jinja",
        {
            "board": item,
            "entries": entries,
            "empty": register_is_empty(entries),
            "breadcrumbs": [
                {"text": "Home", "href": "/"},
                {"text": "Boards", "href": reverse("governance:board_list")},
                {"text": item.name, "href": item.get_absolute_url()},
            ],
        },
    )


@programme_office_required
def person_interests(request: HttpRequest, person: int) -> HttpResponse:
    """A person's whole register, held or ended, with its nil returns: what staff record and correct."""
    found = PERSON.get({"person": person})
    return render(
        request,
        "governance/manage/person_interests.jinja",
        {
            **PERSON.page(found, "interests", title=f"Register of interests of {found.name}"),
            "register": person_register(found),
            "new_interest_url": INTEREST.new_url(found),
            "new_nil_return_url": NIL_RETURN.new_url(found),
        },
    )


@programme_office_required
def meeting_new_declaration(request: HttpRequest, board: str, date) -> HttpResponse:
    """A declaration is made for an item: choose it, then fill in the declaration (the record kit's New page)."""
    meeting = MEETING.get({"board": board, "date": date})
    items = agenda_rules.in_agenda_order(meeting.items.all())
    chosen = next((item for item in items if str(item.pk) == request.GET.get("item")), None)
    if chosen is not None:
        return redirect(DECLARATION.new_url(chosen))
    numbers = agenda_rules.numbers(items)
    return render(
        request,
        "governance/manage/declaration_item.jinja",
        {
            "caption": str(meeting),
            "heading": "Which item was the interest declared for?",
            "breadcrumbs": MEETING.breadcrumbs(meeting),
            "meeting": meeting,
            "choices": [(item.pk, f"{numbers[item.pk]} {item.title}".strip()) for item in items],
            # The form says it was sent: radios with none chosen send nothing of their own.
            "error": "Select the item the interest was declared for" if "chosen" in request.GET else None,
        },
    )


def meeting_interests(request: HttpRequest, board: str, date) -> HttpResponse:
    """The cross-check of the agenda against the register, for the board's members and staff; no one else is
    told it exists."""
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("board"), board__slug=board, date=date
    )
    if not can_cross_check(request.user, meeting):
        raise Http404("No such page")
    check = meeting_cross_check(meeting, request.user)
    return render(
        request,
        "governance/meeting_interests.jinja",
        {
            "meeting": meeting,
            "check": check,
            "breadcrumbs": meeting_breadcrumbs(meeting),
        },
    )
