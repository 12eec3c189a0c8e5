"""Minutes and decisions: staff write a meeting's minutes against its agenda and record, at the next meeting, that
they were confirmed; everyone reads the decision register of confirmed minutes, per board and across boards, and
each decision on its own page. Edit, History, New, Move and Remove come from the record kit (governance/records.py).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from blmk_portal.edit_views import form_page, initial_from, render_page
from blmk_portal.lists import Column, StaffList
from blmk_portal.page_cache import kept_for_each_person
from blmk_portal.roles import programme_office_required
from governance import minutes as services
from governance import minutes_rules
from governance.minutes_forms import ConfirmMinutesForm, DecisionFilters, MinuteForm
from governance.models import Board, Meeting
from governance.presenters import meeting_breadcrumbs
from governance.records import MEETING, MINUTE, MINUTES, RESOLUTION

DECISIONS_PER_PAGE = 25


@programme_office_required
@require_POST
def minutes_start(request: HttpRequest, board: str, date) -> HttpResponse:
    """Begin the meeting's minutes (or add minutes for items added to the agenda since), then write them."""
    meeting = MEETING.get({"board": board, "date": date})
    minutes = services.minutes_start(meeting=meeting, by=request.user)
    return redirect(MINUTES.url(minutes))


@programme_office_required
@kept_for_each_person
def minutes_overview(request: HttpRequest, board: str, date) -> HttpResponse:
    """Write the minutes: every agenda item with its minute, outcome, resolutions and the actions raised there."""
    minutes = MINUTES.get({"board": board, "date": date})
    meeting = minutes.meeting
    written = services.meeting_minutes(meeting, request.user)
    return render(
        request,
        "governance/manage/minutes.jinja",
        {
            **MINUTES.page(minutes, "overview"),
            "minutes": minutes,
            "meeting": meeting,
            "written": written,
            "missing": meeting.items.filter(minute__isnull=True).count(),
            "resolution_record": RESOLUTION,
        },
    )


@programme_office_required
def minute_inline(request: HttpRequest, board: str, date, minute: int) -> HttpResponse:
    """A minute's discussion and outcome edited in its place on the Write the minutes page (with htmx the section
    is swapped in place); without htmx a page of its own, as the minute's Edit page is."""
    item = MINUTE.get({"board": board, "date": date, "minute": minute})

    def context():
        written = services.meeting_minutes(item.minutes.meeting, request.user)
        row = next(row for row in written.rows if row.minute.pk == item.pk)
        return {**MINUTE.page(item, "edit"), "row": row, "resolution_record": RESOLUTION}

    return form_page(
        request,
        form_class=MinuteForm,
        item=item,
        initial=initial_from(item, MinuteForm),
        form_kwargs={"prefix": f"m{item.pk}"},
        save=lambda values, opened_at_version: services.minute_update(
            minute=item, opened_at_version=opened_at_version, values=values, by=request.user
        ),
        done=lambda saved: (f"{MINUTE.heading(saved)} saved", MINUTE.after(saved)),
        context=context,
        template="governance/manage/minute_inline.jinja",
        fragment="minute_region",
    )


@programme_office_required
def minutes_confirm(request: HttpRequest, board: str, date) -> HttpResponse:
    """At this meeting, the standing item "minutes confirmed as a true record": choose which earlier minutes of
    the board it confirmed and record the corrections made; this publishes them."""
    meeting = MEETING.get({"board": board, "date": date})
    choices = services.confirmable_at(meeting)

    def save(values):
        # Sent once (the form's token): a second click finds the first confirmation rather than a refusal.
        return services.minutes_confirm(
            minutes=values["minutes"],
            at=meeting,
            corrections=values["corrections"],
            opened_at_version=values["minutes"].version,
            by=request.user,
        )

    return form_page(
        request,
        form_class=ConfirmMinutesForm,
        form_kwargs={"choices": choices, "at": meeting},
        initial={"minutes": choices.first()},
        save=save,
        done=lambda confirmed: (
            f"Minutes of {confirmed.meeting.date.day} {confirmed.meeting.date:%B %Y} confirmed as a true record "
            "and published",
            meeting.get_manage_url(),
        ),
        context={
            **MEETING.page(meeting, "confirm", title="Confirm the minutes of an earlier meeting"),
            "heading": "Confirm the minutes of an earlier meeting",
            "caption": str(meeting),
            "intro": (
                f'The standing item "{minutes_rules.CONFIRMING_ITEM}": record which minutes this meeting confirmed, '
                "and any corrections it made. Confirming publishes them, with this meeting's date."
                if services.unconfirmed_minutes(meeting).exists()
                else "No minutes of an earlier meeting of this board are waiting to be confirmed."
            ),
            "submit_text": "Confirm and publish the minutes",
        },
    )


def _register(request: HttpRequest, rows, *, board: Board | None) -> StaffList:
    return StaffList(
        request,
        rows,
        columns={
            "decision": Column("Decision"),
            "meeting": Column("Meeting"),
            "item": Column("Item"),
            "paper": Column("Paper"),
        },
        filter_form=lambda data: DecisionFilters(data, user=request.user, fixed_board=board is not None),
        apply_filters=services.filter_decisions,
        per_page=DECISIONS_PER_PAGE,
        noun="decisions",
    )


@kept_for_each_person
def decision_list(request: HttpRequest) -> HttpResponse:
    """The decision register across boards: every resolution of confirmed minutes, newest meeting first."""
    listing = _register(request, services.decisions(request.user), board=None)
    return render_page(
        request,
        "governance/decision_list.jinja",
        {
            "listing": listing,
            "decisions": services.as_decisions(listing.rows, request.user),
            "board": None,
            "breadcrumbs": [{"text": "Home", "href": "/"}],
        },
        fragment="results",
    )


@kept_for_each_person
def board_decisions(request: HttpRequest, board: str) -> HttpResponse:
    item = get_object_or_404(Board.objects.visible_to(request.user), slug=board)
    listing = _register(
        request, services.decisions(request.user).filter(minute__minutes__meeting__board=item), board=item
    )
    return render_page(
        request,
        "governance/decision_list.jinja",
        {
            "listing": listing,
            "decisions": services.as_decisions(listing.rows, request.user),
            "board": item,
            "breadcrumbs": [
                {"text": "Home", "href": "/"},
                {"text": "Boards", "href": "/boards/"},
                {"text": item.name, "href": item.get_absolute_url()},
            ],
        },
        fragment="results",
    )


@kept_for_each_person
def decision_detail(request: HttpRequest, board: str, date, decision: int) -> HttpResponse:
    """One decision: what was decided, by which board, at which meeting and item, on which paper, and when the
    minutes recording it were confirmed."""
    found = services.decision_for(request.user, board=board, date=date, decision=decision)
    if found is None:
        raise Http404("No such decision")
    shown = services.as_decisions([found], request.user)[0]
    meeting: Meeting = shown.meeting
    return render(
        request,
        "governance/decision_detail.jinja",
        {
            "decision": shown,
            "meeting": meeting,
            "breadcrumbs": meeting_breadcrumbs(meeting),
        },
    )
