"""Public questions to a board: sending one, moderating it (accept, decline with a reason, merge a duplicate),
answering it, and erasing what the asker told us once it is no longer needed. Every write is atomic; an email the
write promises is sent inside it, so a question is marked as told only if the email went (docs/adr/0026).

The words and dates come from governance/question_rules.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pghistory
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from blmk_portal import throttling
from blmk_portal.editing import save_versioned
from blmk_portal.formatting import count, date
from blmk_portal.publication import Status
from governance import question_rules as rules
from governance.models import AgendaItem, Meeting, PublicQuestion

CLOSED = "Questions for this meeting have closed, so your question was not sent"
NOT_YOURS_TO_MERGE = "Choose another question of the same meeting, one that is waiting or accepted"


def questions_open(meeting: Meeting, today: dt.date | None = None) -> bool:
    return rules.is_open(
        meeting_date=meeting.date,
        close_days=meeting.board.questions_close_days,
        published=meeting.status == Status.PUBLISHED,
        cancelled=meeting.state == Meeting.State.CANCELLED,
        today=today or timezone.localdate(),
    )


def when_questions_close(meeting: Meeting, today: dt.date | None = None) -> str:
    """What the meeting page and the form say: until when questions are taken, or since when they are not."""
    if questions_open(meeting, today):
        return rules.open_words(meeting_date=meeting.date, close_days=meeting.board.questions_close_days)
    return rules.closed_words(
        meeting_date=meeting.date,
        close_days=meeting.board.questions_close_days,
        cancelled=meeting.state == Meeting.State.CANCELLED,
    )


@dataclass(frozen=True)
class Invitation:
    """What a meeting's page says about asking it a question: whether it may be asked, until or since when."""

    open: bool
    words: str
    url: str


def invitation(meeting: Meeting, today: dt.date | None = None) -> Invitation | None:
    """For a meeting still to come; None for one held (its questions, if any, are shown with their answers)."""
    today = today or timezone.localdate()
    if meeting.date < today:
        return None
    url = reverse("governance:question_ask", kwargs=meeting.url_kwargs())
    return Invitation(questions_open(meeting, today), when_questions_close(meeting, today), url)


def question_allowed(request: HttpRequest) -> bool:
    """Count one question from this client; False once it has sent PUBLIC_QUESTIONS_PER_ADDRESS this hour."""
    return throttling.allowed_this_hour(request, "public-questions", settings.PUBLIC_QUESTIONS_PER_ADDRESS)


def items_to_ask_about(meeting: Meeting) -> list[AgendaItem]:
    """The items a question may be about: the public ones (Part I) of the agenda, as anyone may read them, less
    the item that takes the questions."""
    public = AgendaItem.objects.visible_to(AnonymousUser()).filter(meeting=meeting).order_by("order", "pk")
    return [item for item in public if not rules.is_questions_item(item.title)]


@transaction.atomic
@transaction.atomic
def question_submit(*, meeting: Meeting, values: dict[str, Any], by, today: dt.date | None = None) -> PublicQuestion:
    """A question for the meeting, waiting for staff to review it. Refused once questions have closed. The same
    question from the same address is kept once: a double click, or Back and Send again, would otherwise put it
    before staff twice (the meeting's row is locked so that two clicks at once cannot both miss the first)."""
    if not questions_open(meeting, today):
        raise ValidationError(CLOSED)
    item = values.get("item")
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError("Choose an item of this meeting's agenda")
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    already = PublicQuestion.objects.filter(meeting=meeting, email=values.get("email"), text=values.get("text"))
    if sent := already.first():
        return sent
    fields = ("item", "topic", "text", "name", "publish_name", "email", "connection")
    with pghistory.context(user=by.pk if getattr(by, "pk", None) else None):
        return PublicQuestion.objects.create(meeting=meeting, **{name: values.get(name) for name in fields})


@transaction.atomic
def question_accept(*, question: PublicQuestion, opened_at_version: int, by) -> PublicQuestion:
    """Accept it for the meeting: it is published on the agenda, under Public Questions."""
    _check_state(question, (PublicQuestion.State.SUBMITTED,), "Only a question waiting for review can be accepted")
    with pghistory.context(user=by.pk):
        save_versioned(question, opened_at_version=opened_at_version, values={"state": PublicQuestion.State.ACCEPTED})
    return question


@transaction.atomic
def question_decline(*, question: PublicQuestion, reason: str, opened_at_version: int, by) -> PublicQuestion:
    """Decline it, and email the asker why. It is never published."""
    _check_unanswered(question)
    if not reason.strip():
        raise ValidationError("Enter the reason for declining the question")
    now = timezone.now()
    values = {
        "state": PublicQuestion.State.DECLINED,
        "decline_reason": reason,
        "sent_at": now if question.email else None,
    }
    with pghistory.context(user=by.pk):
        save_versioned(question, opened_at_version=opened_at_version, values=values)
        if question.email:
            _email(question, _declined_body(question))
    return question


@transaction.atomic
def question_merge(*, question: PublicQuestion, into: PublicQuestion, opened_at_version: int, by) -> PublicQuestion:
    """Merge a duplicate into the question it repeats: its asker gets that question's answer. Its own duplicates
    go with it."""
    _check_unanswered(question)
    allowed = (PublicQuestion.State.SUBMITTED, PublicQuestion.State.ACCEPTED)
    if into.pk == question.pk or into.meeting_id != question.meeting_id or into.state not in allowed:
        raise ValidationError(NOT_YOURS_TO_MERGE)
    with pghistory.context(user=by.pk):
        save_versioned(
            question,
            opened_at_version=opened_at_version,
            values={"state": PublicQuestion.State.MERGED, "merged_into": into},
        )
        for duplicate in question.duplicates.all():
            save_versioned(duplicate, opened_at_version=duplicate.version, values={"merged_into": into})
        if into.answer:
            _send_answer(into, [question, *question.duplicates.all()])
    return question


@transaction.atomic
def question_answer(*, question: PublicQuestion, answer: str, opened_at_version: int, by) -> PublicQuestion:
    """Record the answer given: it is published with the question, and emailed to its asker and to the askers of
    every question merged into it (each once)."""
    _check_state(question, (PublicQuestion.State.ACCEPTED,), "Only an accepted question can be answered")
    if not answer.strip():
        raise ValidationError("Enter the answer given")
    with pghistory.context(user=by.pk):
        values = {"answer": answer, "answered_at": question.answered_at or timezone.now()}
        save_versioned(question, opened_at_version=opened_at_version, values=values)
        _send_answer(question, [question, *question.duplicates.all()])
    return question


def _send_answer(question: PublicQuestion, askers: list[PublicQuestion]) -> None:
    for asker in askers:
        if asker.email and asker.sent_at is None:
            _email(asker, _answer_body(asker, question))
            asker.sent_at = timezone.now()
            PublicQuestion.objects.filter(pk=asker.pk).update(sent_at=asker.sent_at)


def _check_state(question: PublicQuestion, states: tuple[str, ...], message: str) -> None:
    if question.state not in states:
        raise ValidationError(message)


def _check_unanswered(question: PublicQuestion) -> None:
    allowed = (PublicQuestion.State.SUBMITTED, PublicQuestion.State.ACCEPTED)
    _check_state(question, allowed, "This question has already been declined or merged")
    if question.answer:
        raise ValidationError("This question has been answered, so it can no longer be declined or merged")


@transaction.atomic
def questions_erase_personal_data(*, today: dt.date | None = None) -> int:
    """Erase the email address, and the name where it was withheld, of every question whose retention period is
    over (question_rules.keep_personal_data_until); the number of questions erased."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.PUBLIC_QUESTION_RETENTION_DAYS)
    due = PublicQuestion.objects.filter(personal_data_erased_at__isnull=True).filter(
        Q(sent_at__date__lt=cutoff) | Q(sent_at__isnull=True, meeting__date__lt=cutoff)
    )
    now = timezone.now()
    withheld = due.filter(publish_name=False).update(name="", email="", personal_data_erased_at=now)
    named = due.filter(publish_name=True).update(email="", personal_data_erased_at=now)
    return withheld + named


# ---- Emails ----


def _email(question: PublicQuestion, body: str) -> None:
    subject = f"Your question to the {question.meeting.board.name}"
    send_mail(subject, body, None, [question.email])


def _greeting(question: PublicQuestion) -> str:
    return f"Dear {question.name}," if question.name else "Hello,"


def _meeting_words(question: PublicQuestion) -> str:
    return f"the {question.meeting.board.name} meeting of {date(question.meeting.date)}"


def _footer(question: PublicQuestion) -> list[str]:
    days = settings.PUBLIC_QUESTION_RETENTION_DAYS
    return [
        "",
        f"We keep your email address for {days} days after this email, then erase it. "
        f"How we use what you told us: {settings.PORTAL_URL}/privacy/",
        "BLMK Health and Care Partnership",
    ]


def _declined_body(question: PublicQuestion) -> str:
    return "\n".join(
        [
            _greeting(question),
            "",
            f"Thank you for your question for {_meeting_words(question)}. The board will not take it, for this reason:",
            "",
            question.decline_reason,
            "",
            "Your question was:",
            question.text,
            *_footer(question),
        ]
    )


def _answer_body(asker: PublicQuestion, question: PublicQuestion) -> str:
    page = f"{settings.PORTAL_URL}{question.meeting.get_absolute_url()}#public-questions"
    merged = (
        ["Your question asked much the same as another, so the board answered them together."]
        if asker.pk != question.pk
        else []
    )
    return "\n".join(
        [
            _greeting(asker),
            "",
            f"Thank you for your question for {_meeting_words(question)}. This is the board's answer.",
            *merged,
            "",
            "Your question:",
            asker.text,
            "",
            "The answer:",
            question.answer,
            "",
            f"The question and its answer are published with the meeting: {page}",
            *_footer(asker),
        ]
    )


# ---- Reading ----


@dataclass(frozen=True)
class ShownQuestion:
    """An accepted question as everyone reads it: who asked (or "A member of the public"), what about, the
    question, and the answer once recorded. Never the email address."""

    question: PublicQuestion
    asked_by: str
    about: str
    duplicates: int

    @property
    def anchor(self) -> str:
        return f"question-{self.question.pk}"

    @property
    def similar(self) -> str:
        """Said of a question that others were merged into: "2 similar questions are answered with it"."""
        if not self.duplicates:
            return ""
        verb = "is" if self.duplicates == 1 else "are"
        return f"{count(self.duplicates, 'similar question')} {verb} answered with it"


def published_questions(meeting: Meeting, user) -> list[ShownQuestion]:
    """The meeting's accepted questions, in the order they came, as this reader may see them: one query."""
    accepted = (
        PublicQuestion.objects.visible_to(user)
        .filter(meeting=meeting, state=PublicQuestion.State.ACCEPTED)
        .select_related("item")
        .annotate(merged=Count("duplicates"))
    )
    return [ShownQuestion(question, question.shown_name, question.about, question.merged) for question in accepted]
