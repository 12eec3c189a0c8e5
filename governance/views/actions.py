"""The action log's pages: the public log per board and each action's page (through the publication gate), a signed-in
person's own actions with an update or a proposal to close inline (a page of its own without JavaScript), and the
staff's pages: an action's Overview, the filtered list of every board's actions, and noting a meeting's log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from blmk_portal.edit_views import form_page, render_page
from blmk_portal.editing import EditConflict
from blmk_portal.formatting import count
from blmk_portal.lists import Column, StaffList
from blmk_portal.roles import programme_office_required
from governance import action_rules, actions
from governance.action_forms import ActionFilters, ClosureForm, OwnerUpdateForm
from governance.actions import ActionRow
from governance.models import Action, Board
from governance.records import ACTION, ACTION_UPDATE, BOARDS, MEETING

# ---- The public log ----


def board_actions(request: HttpRequest, board: str) -> HttpResponse:
    """A board's action log as it stands: open and closing actions (overdue first), then the closed ones."""
    item = get_object_or_404(Board.objects.visible_to(request.user), slug=board)
    current, closed = actions.board_log(item, request.user)
    return render(
        request,
        "governance/board_actions.jinja",
        {
            "board": item,
            "current": current,
            "closed": closed,
            "rules": (action_rules.OVERDUE_RULE, action_rules.CLOSING_RULE),
            "breadcrumbs": _board_crumbs(item),
        },
    )


def action_detail(request: HttpRequest, board: str, action: int) -> HttpResponse:
    found = get_object_or_404(
        actions.with_details(Action.objects.visible_to(request.user)), board__slug=board, number=action
    )
    row = ActionRow(found, timezone.localdate(), found.status)
    return render(
        request,
        "governance/action_detail.jinja",
        {
            "row": row,
            "can_change": actions.can_change(request.user, found),
            "breadcrumbs": [
                *_board_crumbs(found.board),
                {"text": "Action log", "href": reverse("governance:board_actions", kwargs={"board": board})},
            ],
        },
    )


def _board_crumbs(board: Board) -> list[dict[str, str]]:
    return [
        {"text": "Home", "href": "/"},
        {"text": "Boards", "href": reverse("governance:board_list")},
        {"text": board.name, "href": board.get_absolute_url()},
    ]


# ---- A person's own actions ----


def my_actions(request: HttpRequest) -> HttpResponse:
    """The signed-in person's actions across boards, overdue first."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    person = actions.person_of(request.user)
    return render(
        request,
        "governance/actions_mine.jinja",
        {"person": person, "rows": actions.mine(person), "next": request.get_full_path()},
    )


def _changeable(request: HttpRequest, board: str, action: int) -> Action | HttpResponse:
    """The action, if this person may change it: sign in first; staff and its owners only (403 for others)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    found = get_object_or_404(Action.objects.select_related("board", "raised_at"), board__slug=board, number=action)
    if not actions.can_change(request.user, found):
        raise PermissionDenied("Only the action's owners and the programme office can change it")
    return found


def _next(request: HttpRequest) -> str:
    asked = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(asked, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return asked
    return reverse("governance:my_actions")


def _card_context(request: HttpRequest, found: Action, kind: str, title: str) -> dict:
    next_url = _next(request)
    row = actions.action_row(found.pk)
    return {
        "row": row,
        "kind": kind,
        "post_url": reverse(f"governance:action_{kind}", kwargs=found.url_kwargs()),
        "next": next_url,
        "title": f"{title}: {found}",
        "heading": title,
        "caption": f"{found}, {found.board.name}",
        "breadcrumbs": [{"text": "Your actions", "href": reverse("governance:my_actions")}],
    }


def action_add_update(request: HttpRequest, board: str, action: int) -> HttpResponse:
    """An owner's dated update: a page of its own, or with htmx the action's card swapped in place."""
    found = _changeable(request, board, action)
    if isinstance(found, HttpResponse):
        return found
    return form_page(
        request,
        form_class=OwnerUpdateForm,
        form_kwargs={"prefix": f"a{found.pk}"},
        save=lambda values: actions.actionupdate_create(action=found, values=values, by=request.user),
        done=lambda update: (f"Update added to {found}", f"{_next(request)}#action-{found.pk}"),
        context=lambda: _card_context(request, found, "update", "Add an update"),
        template="governance/action_owner_form.jinja",
        fragment="card_region",
    )


def action_close(request: HttpRequest, board: str, action: int) -> HttpResponse:
    """Propose closing an action (owner or staff); it shows as Closing until the board's next meeting notes the log."""
    found = _changeable(request, board, action)
    if isinstance(found, HttpResponse):
        return found
    return form_page(
        request,
        form_class=ClosureForm,
        form_kwargs={"prefix": f"c{found.pk}"},
        item=found,
        initial={},
        save=lambda values, opened_at_version: actions.action_propose_closure(
            action=found, opened_at_version=opened_at_version, comment=values["comment"], by=request.user
        ),
        done=lambda closing: (
            f"{found} proposed for closure: it shows as Closing until the board's next meeting notes the log",
            f"{_next(request)}#action-{found.pk}",
        ),
        context=lambda: _card_context(request, found, "close", "Propose closure"),
        template="governance/action_owner_form.jinja",
        fragment="card_region",
    )


# ---- Staff pages ----


@programme_office_required
def action_overview(request: HttpRequest, board: str, action: int) -> HttpResponse:
    found = ACTION.get({"board": board, "action": action})
    row = actions.action_row(found.pk)
    return render(
        request,
        "governance/action_overview.jinja",
        {
            **ACTION.page(found, "overview"),
            "row": row,
            "new_update_url": ACTION_UPDATE.new_url(found),
            "close_url": reverse("governance:action_close", kwargs=found.url_kwargs()),
            "reopen_url": reverse("governance:action_reopen", kwargs=found.url_kwargs()),
        },
    )


@programme_office_required
@require_POST
def action_reopen(request: HttpRequest, board: str, action: int) -> HttpResponse:
    found = ACTION.get({"board": board, "action": action})
    version = request.POST.get("version", "")
    try:
        if not version.isdigit():
            raise ValidationError("This page was missing the version of the action: check it, then try again")
        actions.action_reopen(action=found, opened_at_version=int(version), by=request.user)
    except EditConflict as conflict:
        messages.error(request, str(conflict))
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, f"{found} is open again")
    return redirect(found.get_manage_url())


@programme_office_required
@require_POST
def meeting_note_action_log(request: HttpRequest, board: str, date) -> HttpResponse:
    """The meeting noted the action log: the actions proposed for closure before it are closed at it."""
    meeting = MEETING.get({"board": board, "date": date})
    closed = actions.action_log_noted(meeting=meeting, by=request.user)
    if closed:
        numbers = ", ".join(str(action.number) for action in closed)
        messages.success(request, f"Action log noted: {count(len(closed), 'action')} closed ({numbers})")
    else:
        messages.success(request, "Action log noted: no actions were proposed for closure")
    return redirect(f"{meeting.get_manage_url()}#actions")


def _action_filters(rows, chosen: dict):
    if chosen.get("board"):
        rows = rows.filter(board=chosen["board"])
    if chosen.get("owner"):
        rows = rows.filter(owners=chosen["owner"])
    if chosen.get("status"):
        rows = rows.filter(status=chosen["status"])
    if chosen.get("overdue"):
        overdue = actions.overdue_condition(timezone.localdate())
        rows = rows.filter(overdue) if chosen["overdue"] == "yes" else rows.exclude(overdue)
    return rows


@programme_office_required
def manage_actions(request: HttpRequest) -> HttpResponse:
    """Every board's actions, filtered by board, owner, status and overdue (a GET form)."""
    listing = StaffList(
        request,
        actions.with_details(Action.objects.all()).distinct(),
        columns={
            "ref": Column("Ref", sort=("board__name", "number")),
            "board": Column("Board", sort=("board__name", "number")),
            "action": Column("Action"),
            "responsible": Column("Responsible"),
            "deadline": Column("Deadline", sort=("due", "board__name", "number")),
            "status": Column("Status", sort=("status", "board__name", "number")),
        },
        default_sort="ref",
        filter_form=ActionFilters,
        apply_filters=_action_filters,
        noun="actions",
    )
    today = timezone.localdate()
    return render_page(
        request,
        "governance/action_list_manage.jinja",
        {
            "listing": listing,
            "rows": [listing.cells(_cells(ActionRow(action, today, action.status))) for action in listing.rows],
            "breadcrumbs": BOARDS.breadcrumbs(),
        },
        fragment="results",
    )


def _cells(row: ActionRow) -> dict[str, object]:
    action = row.action
    return {
        "ref": format_html('<a href="{}">{}</a>', action.get_manage_url(), action),
        "board": action.board.name,
        "action": action.text,
        "responsible": row.responsible,
        "deadline": row.deadline,
        "status": format_html("<strong>{}</strong>", row.status_words),
    }


def meeting_actions(meeting) -> dict:
    """What the staff meeting page shows of the log: the actions raised there, and the ones the meeting may close."""
    raised = [ActionRow(action, timezone.localdate(), action.status) for action in actions.raised_at(meeting)]
    return {
        "actions_raised": raised,
        "new_action_url": ACTION.new_url(meeting),
        "closing_count": Action.objects.filter(
            Q(board=meeting.board_id, status=Action.Status.CLOSING, raised_at__date__lt=meeting.date)
        ).count(),
        "note_log_url": reverse("governance:meeting_note_action_log", kwargs=meeting.url_kwargs()),
    }
