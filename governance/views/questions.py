"""Public questions: the form a member of the public sends one with (from the meeting's page), what happens
next, the privacy notice; and the staff pages that accept, decline, merge and answer them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from blmk_portal import alerts
from blmk_portal.editing import EditConflict
from blmk_portal.forms import error_list
from blmk_portal.roles import programme_office_required
from governance import question_rules as rules
from governance import questions
from governance.models import Meeting, PublicQuestion
from governance.presenters import meeting_breadcrumbs
from governance.question_forms import AnswerForm, DeclineForm, MergeForm, QuestionForm
from governance.records import MEETING


@require_http_methods(["GET", "POST"])
def question_ask(request: HttpRequest, board: str, date) -> HttpResponse:
    meeting = _meeting(request, board, date)
    context = {"meeting": meeting, "breadcrumbs": meeting_breadcrumbs(meeting), "terms_quote": rules.TERMS_QUOTE}
    if not questions.questions_open(meeting):
        return render(
            request, "governance/questions/closed.jinja", {**context, "when": questions.when_questions_close(meeting)}
        )
    form = QuestionForm(request.POST if request.method == "POST" else None, items=questions.items_to_ask_about(meeting))
    if form.is_bound and form.is_valid():
        if form.is_from_a_robot:
            # Told it went, so it does not try again another way; nothing is kept.
            return redirect("governance:question_sent", **meeting.url_kwargs())
        if not questions.question_allowed(request):
            return render(request, "governance/questions/too_many.jinja", context, status=429)
        try:
            questions.question_submit(meeting=meeting, values=form.values(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("governance:question_sent", **meeting.url_kwargs())
    return render(
        request,
        "governance/questions/ask.jinja",
        {
            **context,
            "form": form,
            "errors": error_list(form) if form.is_bound else [],
            "when": questions.when_questions_close(meeting),
        },
    )


def question_sent(request: HttpRequest, board: str, date) -> HttpResponse:
    """What happens next. The same for everyone: it shows nothing of the question sent."""
    meeting = _meeting(request, board, date)
    return render(
        request,
        "governance/questions/sent.jinja",
        {
            "meeting": meeting,
            "breadcrumbs": meeting_breadcrumbs(meeting),
            "retention_days": settings.PUBLIC_QUESTION_RETENTION_DAYS,
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "governance/questions/privacy.jinja",
        {
            "retention_days": settings.PUBLIC_QUESTION_RETENTION_DAYS,
            "withheld_name": rules.WITHHELD_NAME,
            "unconfirmed_alert_days": alerts.UNCONFIRMED_KEPT.days,
        },
    )


def _meeting(request: HttpRequest, board: str, date) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("board"), board__slug=board, date=date
    )


# ---- Staff ----


@programme_office_required
def meeting_questions(request: HttpRequest, board: str, date) -> HttpResponse:
    """Every question sent for the meeting, waiting ones first, each with its state in words."""
    meeting = MEETING.get({"board": board, "date": date})
    order = {rules.SUBMITTED: 0, rules.ACCEPTED: 1, rules.MERGED: 2, rules.DECLINED: 3}
    rows = sorted(
        meeting.public_questions.select_related("item", "merged_into"),
        key=lambda question: (order[question.state], question.submitted_at, question.pk),
    )
    return render(
        request,
        "governance/questions/manage_list.jinja",
        {
            **MEETING.page(meeting, "questions", title=f"Public questions: {meeting}"),
            "meeting": meeting,
            "rows": rows,
            "tag_colours": rules.STATE_TAG_COLOURS,
            "when": questions.when_questions_close(meeting),
        },
    )


@programme_office_required
def question_moderate(request: HttpRequest, board: str, date, question: int) -> HttpResponse:
    return _moderation_page(request, _question(board, date, question))


@programme_office_required
@require_POST
def question_accept(request: HttpRequest, board: str, date, question: int) -> HttpResponse:
    found = _question(board, date, question)
    try:
        questions.question_accept(question=found, opened_at_version=_version(request), by=request.user)
    except (ValidationError, EditConflict) as error:
        return _moderation_page(request, found, problem=error)
    messages.success(request, f"Question from {found.shown_name} accepted: it is on the meeting's agenda")
    return redirect(_list_url(found))


@programme_office_required
@require_POST
def question_decline(request: HttpRequest, board: str, date, question: int) -> HttpResponse:
    found = _question(board, date, question)
    form = DeclineForm(request.POST, prefix="decline")
    if form.is_valid():
        try:
            questions.question_decline(
                question=found,
                reason=form.cleaned_data["reason"],
                opened_at_version=_version(request),
                by=request.user,
            )
        except (ValidationError, EditConflict) as error:
            return _moderation_page(request, found, problem=error)
        messages.success(request, f"Question from {found.shown_name} declined: we have emailed the reason")
        return redirect(_list_url(found))
    return _moderation_page(request, found, decline=form)


@programme_office_required
@require_POST
def question_merge(request: HttpRequest, board: str, date, question: int) -> HttpResponse:
    found = _question(board, date, question)
    form = MergeForm(request.POST, prefix="merge", question=found)
    if form.is_valid():
        try:
            questions.question_merge(
                question=found, into=form.cleaned_data["into"], opened_at_version=_version(request), by=request.user
            )
        except (ValidationError, EditConflict) as error:
            return _moderation_page(request, found, problem=error)
        messages.success(request, f"Question from {found.shown_name} merged with the question it repeats")
        return redirect(_list_url(found))
    return _moderation_page(request, found, merge=form)


@programme_office_required
@require_POST
def question_answer(request: HttpRequest, board: str, date, question: int) -> HttpResponse:
    found = _question(board, date, question)
    form = AnswerForm(request.POST, prefix="answer")
    if form.is_valid():
        try:
            questions.question_answer(
                question=found, answer=form.cleaned_data["answer"], opened_at_version=_version(request), by=request.user
            )
        except (ValidationError, EditConflict) as error:
            return _moderation_page(request, found, problem=error)
        messages.success(request, f"Answer to {found.shown_name} recorded and published")
        return redirect(_list_url(found))
    return _moderation_page(request, found, answer=form)


def _moderation_page(
    request: HttpRequest,
    question: PublicQuestion,
    *,
    decline: DeclineForm | None = None,
    merge: MergeForm | None = None,
    answer: AnswerForm | None = None,
    problem: ValidationError | EditConflict | None = None,
) -> HttpResponse:
    meeting = question.meeting
    bound = next((form for form in (decline, merge, answer) if form is not None), None)
    errors = error_list(bound) if bound is not None else []
    if problem is not None:
        said = problem.messages if isinstance(problem, ValidationError) else [str(problem)]
        errors += [{"text": message, "href": "#question"} for message in said]
    return render(
        request,
        "governance/questions/moderate.jinja",
        {
            **MEETING.page(meeting, "questions", title=f"Question from {question.shown_name}"),
            "heading": f"Question from {question.shown_name}",
            "meeting": meeting,
            "question": question,
            "decline": decline or DeclineForm(prefix="decline"),
            "merge": merge or MergeForm(prefix="merge", question=question),
            "answer": answer or AnswerForm(prefix="answer", initial={"answer": question.answer}),
            "errors": errors,
            "list_url": _list_url(question),
            "tag_colour": rules.STATE_TAG_COLOURS.get(question.state, ""),
        },
        status=200,
    )


def _question(board: str, date, question: int) -> PublicQuestion:
    return get_object_or_404(
        PublicQuestion.objects.select_related("meeting__board", "item", "merged_into"),
        pk=question,
        meeting__board__slug=board,
        meeting__date=date,
    )


def _version(request: HttpRequest) -> int:
    version = request.POST.get("version", "")
    return int(version) if version.isdigit() else 0


def _list_url(question: PublicQuestion) -> str:
    return reverse("governance:meeting_questions", kwargs=question.meeting.url_kwargs())


QUESTION_PATH = "manage/questions/<slug:board>/<isodate:date>/<int:question>/"
# A question's staff page, and one address for each thing staff may do with it (all POST).
MODERATION_URLS = [
    path(QUESTION_PATH, question_moderate, name="question_moderate"),
    path(f"{QUESTION_PATH}accept/", question_accept, name="question_accept"),
    path(f"{QUESTION_PATH}decline/", question_decline, name="question_decline"),
    path(f"{QUESTION_PATH}merge/", question_merge, name="question_merge"),
    path(f"{QUESTION_PATH}answer/", question_answer, name="question_answer"),
]
