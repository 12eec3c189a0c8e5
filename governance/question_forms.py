"""The forms of public questions: the one a member of the public sends, and those staff moderate with."""

from __future__ import annotations

from typing import Any

from django import forms

from blmk_portal import forms as nhs
from governance import question_rules as rules
from governance.models import AgendaItem, PublicQuestion

SOMETHING_ELSE = ""


class QuestionForm(nhs.Form):
    name = nhs.CharField(label="Your name", max_length=200, subject="your name", width_class="nhsuk-u-width-two-thirds")
    publish_name = nhs.YesNoField(
        label="Can we publish your name with your question?",
        subject="whether we can publish your name",
        help_text="If you say no, the agenda shows your question as from “A member of the public”",
    )
    email = nhs.EmailField(
        label="Your email address",
        subject="your email address",
        help_text="We send the board's answer here. We never publish it",
    )
    connection = nhs.ChoiceField(
        label="Do you live or work in Bedfordshire, Luton or Milton Keynes?",
        choices=PublicQuestion.Connection.choices,
        radios=True,
        subject="whether you live or work in Bedfordshire, Luton or Milton Keynes",
    )
    item = nhs.ChoiceField(label="Which agenda item is your question about?", required=False, subject="the item")
    topic = nhs.CharField(
        label="If it is about something else, what is it about?",
        max_length=200,
        required=False,
        subject="what your question is about",
    )
    text = nhs.TextareaField(label="Your question", max_length=rules.QUESTION_MAX_CHARS, subject="your question")
    # A honeypot: hidden from people (and from screen readers), so only a robot fills it in.
    website = forms.CharField(required=False)

    field_order = ["name", "publish_name", "email", "connection", "item", "topic", "text"]

    def __init__(self, *args: Any, items: list[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = {str(item.pk): item for item in items}
        labels = [(key, f"{item.number} {item.title}".strip()) for key, item in self.items.items()]
        self.fields["item"].choices = [*labels, (SOMETHING_ELSE, "Something else")]

    def clean_item(self) -> AgendaItem | None:
        return self.items.get(self.cleaned_data.get("item") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("item") is None and not cleaned.get("topic") and "topic" not in self.errors:
            self.add_error("topic", "Enter what your question is about, or choose the agenda item it is about")
        return cleaned

    @property
    def is_from_a_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.field_order}


class DeclineForm(nhs.Form):
    reason = nhs.TextareaField(
        label="Why the board will not take it",
        max_length=2000,
        rows=4,
        subject="the reason for declining the question",
        help_text="We email this to the person who asked. It is never published",
    )


class MergeForm(nhs.Form):
    into = nhs.ModelChoiceField(
        label="The question it repeats",
        queryset=PublicQuestion.objects.none(),
        empty_label="Choose a question",
        subject="the question it repeats",
        help_text="Its asker gets that question's answer",
    )

    def __init__(self, *args: Any, question: PublicQuestion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["into"]
        field.queryset = (
            PublicQuestion.objects.filter(
                meeting=question.meeting_id, state__in=[PublicQuestion.State.SUBMITTED, PublicQuestion.State.ACCEPTED]
            )
            .exclude(pk=question.pk)
            .order_by("submitted_at", "pk")
        )
        field.label_from_instance = lambda other: f"{other.shown_name}: {other.text[:80]}"


class AnswerForm(nhs.Form):
    answer = nhs.TextareaField(
        label="The answer given",
        max_length=5000,
        rows=8,
        subject="the answer given",
        help_text="It is published with the question, and emailed to the person who asked",
    )
