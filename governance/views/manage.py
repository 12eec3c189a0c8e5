"""Staff pages that are the governance app's own: the boards list, a board's Overview with its terms of
reference and seats, and the people named in the papers. Edit, History, New and Move come from the record kit
(governance/records.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from blmk_portal import forms as nhs
from blmk_portal.edit_views import render_page
from blmk_portal.formatting import count
from blmk_portal.lists import Column, StaffList
from blmk_portal.page_cache import kept_for_each_person
from blmk_portal.records import MANAGE_CRUMB
from blmk_portal.roles import programme_office_required
from governance import forward_plan, services
from governance.actions import board_log
from governance.attendance import meeting_attendance
from governance.interests import meeting_declarations
from governance.minutes import minutes_on_meeting_page
from governance.models import Board, Declaration, Meeting, Membership, Person, TermsOfReference
from governance.presenters import BoardPresenter, CoverSheet, MeetingPresenter, person_cells, seat_kind
from governance.records import (
    ATTACHMENT,
    ATTENDANCE,
    BOARD,
    BOARDS,
    ITEM,
    MEETING,
    PAPER,
    PERSON,
    PLANNED_ITEM,
    RECOMMENDATION,
    SEAT,
    TERMS,
)
from governance.views.actions import meeting_actions


class BoardFilters(nhs.FilterForm):
    name = nhs.CharField(label="Name contains", max_length=100, required=False)
    kind = nhs.ChoiceField(label="Kind", choices=[("", "Any kind"), *Board.Kind.choices], required=False)
    state = nhs.ChoiceField(label="Status", choices=[("", "Any status"), *Board.State.choices], required=False)


def _board_filters(boards, chosen: dict):
    if chosen.get("name"):
        boards = boards.filter(name__icontains=chosen["name"])
    if chosen.get("kind"):
        boards = boards.filter(kind=chosen["kind"])
    if chosen.get("state"):
        boards = boards.filter(state=chosen["state"])
    return boards


@programme_office_required
@kept_for_each_person
def manage_index(request: HttpRequest) -> HttpResponse:
    listing = StaffList(
        request,
        Board.objects.all(),
        columns={
            "name": Column("Board", sort=("name",)),
            "kind": Column("Kind", sort=("kind", "name")),
            "period": Column("Structure", sort=("period", "name")),
            "state": Column("Status", sort=("state", "name")),
            "actions": Column("Actions"),
        },
        default_sort="name",
        filter_form=BoardFilters,
        apply_filters=_board_filters,
        noun="boards",
    )
    return render_page(
        request,
        "governance/manage/index.jinja",
        {
            "listing": listing,
            "rows": [listing.cells(BoardPresenter(board).manage_cells()) for board in listing.rows],
            "new_url": BOARD.new_url(),
            "breadcrumbs": [MANAGE_CRUMB],
        },
        fragment="results",
    )


@programme_office_required
@kept_for_each_person
def board_overview(request: HttpRequest, board: str) -> HttpResponse:
    item = BOARD.get({"board": board})
    return render(
        request,
        "governance/manage/board.jinja",
        {
            **BOARD.page(item, "overview"),
            "board": item,
            "presenter": BoardPresenter(item),
            "terms": list(item.terms_of_reference.all()),
            "seats": list(item.memberships.select_related("person", "organisation", "place")),
            "seat_kind": seat_kind,
            "new_terms_url": TERMS.new_url(item),
            "new_seat_url": SEAT.new_url(item),
            "meetings": list(item.meetings.order_by("-date")),
            "new_meeting_url": MEETING.new_url(item),
            "forward_plan": forward_plan.board_plan_for_staff(item),
            "new_planned_item_url": PLANNED_ITEM.new_url(item),
            "action_rows": board_log(item, request.user)[0],
        },
    )


@programme_office_required
@kept_for_each_person
def meeting_overview(request: HttpRequest, board: str, date) -> HttpResponse:
    """The agenda builder: items in order with their numbers and times, and what the agenda is missing; then who
    attended, and the quorum."""
    meeting = MEETING.get({"board": board, "date": date})
    items = list(meeting.items.annotate(declared=Exists(Declaration.objects.filter(item=OuterRef("pk")))))
    meeting.declarations_recorded = any(item.declared for item in items)  # none: no query for them
    papers = list(meeting.papers.prefetch_related("items"))
    terms = TermsOfReference.objects.filter(board=meeting.board).last()
    previous = Meeting.objects.filter(board=meeting.board, date__lt=meeting.date, items__isnull=False)
    presenter = MeetingPresenter(meeting, items, terms)
    return render(
        request,
        "governance/manage/meeting.jinja",
        {
            **MEETING.page(meeting, "overview"),
            "meeting": meeting,
            "presenter": presenter,
            "attendance": meeting_attendance(meeting, presenter, request.user),
            "new_attendance_url": ATTENDANCE.new_url(meeting),
            "declarations": meeting_declarations(meeting, presenter.labels, request.user),
            "minutes": minutes_on_meeting_page(meeting),
            "has_standing_items": any(item.standing for item in items),
            "new_item_url": ITEM.new_url(meeting),
            "previous": previous.order_by("-date").first(),
            "papers": papers,
            "new_paper_url": PAPER.new_url(meeting),
            "planned": forward_plan.offered_at(meeting),
            **meeting_actions(meeting),
        },
    )


@programme_office_required
@kept_for_each_person
def paper_overview(request: HttpRequest, board: str, date, paper: int) -> HttpResponse:
    """A paper as staff keep it: its cover sheet, its recommendations in order, and its files with every version."""
    item = PAPER.get({"board": board, "date": date, "paper": paper})
    return render(
        request,
        "governance/manage/paper.jinja",
        {
            **PAPER.page(item, "overview"),
            "paper": item,
            "cover": CoverSheet(item),
            "recommendations": list(item.recommendations.all()),
            "attachments": list(item.attachments.prefetch_related("versions")),
            "new_recommendation_url": RECOMMENDATION.new_url(item),
            "new_attachment_url": ATTACHMENT.new_url(item),
        },
    )


@programme_office_required
@require_POST
def meeting_standing_items(request: HttpRequest, board: str, date) -> HttpResponse:
    meeting = MEETING.get({"board": board, "date": date})
    try:
        made = services.meeting_add_standing_items(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{count(len(made), 'standing item')} added")
    return redirect(meeting.get_manage_url())


@programme_office_required
@require_POST
def meeting_copy_agenda(request: HttpRequest, board: str, date) -> HttpResponse:
    meeting = MEETING.get({"board": board, "date": date})
    chosen = request.POST.get("source", "")
    source = Meeting.objects.filter(board=meeting.board, pk=chosen).first() if chosen.isdigit() else None
    if source is None:
        messages.error(request, "Choose a meeting of this board to copy the agenda from")
        return redirect(meeting.get_manage_url())
    try:
        made = services.meeting_copy_agenda(meeting=meeting, source=source, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{count(len(made), 'item')} copied from the agenda of {source}")
    return redirect(meeting.get_manage_url())


class PersonFilters(nhs.FilterForm):
    name = nhs.CharField(label="Name or title contains", max_length=100, required=False)


def _person_filters(people, chosen: dict):
    if chosen.get("name"):
        people = people.filter(Q(name__icontains=chosen["name"]) | Q(title__icontains=chosen["name"]))
    return people


@programme_office_required
def person_list(request: HttpRequest) -> HttpResponse:
    current = Membership.objects.current().values("pk")
    listing = StaffList(
        request,
        Person.objects.select_related("organisation").annotate(
            seat_count=Count("memberships", filter=Q(memberships__in=current), distinct=True)
        ),
        columns={
            "name": Column("Name", sort=("name",)),
            "title": Column("Title", sort=("title", "name")),
            "organisation": Column("Organisation"),
            "initials": Column("Initials", sort=("initials", "name")),
            "seats": Column("Current seats", sort=("seat_count", "name")),
        },
        default_sort="name",
        filter_form=PersonFilters,
        apply_filters=_person_filters,
        noun="people",
    )
    return render_page(
        request,
        "governance/manage/people.jinja",
        {
            "listing": listing,
            "rows": [listing.cells(person_cells(person)) for person in listing.rows],
            "new_url": PERSON.new_url(),
            "breadcrumbs": BOARDS.breadcrumbs(),
        },
        fragment="results",
    )
