"""Public questions to a board's meeting (governance/question_rules.py has the rules, governance/questions.py the
writes). Imported at the end of governance/models.py, so the app's models are one set."""

from __future__ import annotations

import pghistory
from django.db import models
from django.db.models import Q
from django.utils import timezone

from blmk_portal.editing import VersionedModel
from blmk_portal.identity import Identified
from blmk_portal.publication import VisibleQuerySet
from governance import question_rules as rules


class PublicQuestionQuerySet(VisibleQuerySet):
    pass


# The email address and the name are left out of the History: they are erased after the retention period
# (question_rules.keep_personal_data_until), and a copy kept in the History would outlive that.
@pghistory.track(exclude=["email", "name"])
class PublicQuestion(Identified, VersionedModel):
    """A question a member of the public sent for a meeting. Staff accept it for the meeting, decline it with a
    reason, or merge it with the question it repeats; an accepted one is published on the agenda with its answer
    once recorded. The email address is never published; the name only if the asker agreed."""

    class State(models.TextChoices):
        SUBMITTED = rules.SUBMITTED, rules.STATE_WORDS[rules.SUBMITTED]
        ACCEPTED = rules.ACCEPTED, rules.STATE_WORDS[rules.ACCEPTED]
        DECLINED = rules.DECLINED, rules.STATE_WORDS[rules.DECLINED]
        MERGED = rules.MERGED, rules.STATE_WORDS[rules.MERGED]

    class Connection(models.TextChoices):
        LIVE = "live", "I live in Bedfordshire, Luton or Milton Keynes"
        WORK = "work", "I work in Bedfordshire, Luton or Milton Keynes"
        LIVE_AND_WORK = "live_and_work", "I live and work there"
        NEITHER = "neither", "Neither"

    meeting = models.ForeignKey("governance.Meeting", on_delete=models.CASCADE, related_name="public_questions")
    item = models.ForeignKey(
        "governance.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="public_questions",
        verbose_name="agenda item it is about",
    )
    topic = models.CharField("topic, where it is about no one item", max_length=200, blank=True)
    text = models.TextField("question", max_length=rules.QUESTION_MAX_CHARS)
    name = models.CharField(max_length=200, blank=True, help_text="Erased with the email address if withheld")
    publish_name = models.BooleanField("name may be published", default=False)
    email = models.EmailField(blank=True, help_text="Never published; erased after the retention period")
    connection = models.CharField("lives or works in BLMK", max_length=20, choices=Connection.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.SUBMITTED)
    submitted_at = models.DateTimeField(default=timezone.now)
    decline_reason = models.TextField("reason for declining", max_length=2000, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates")
    answer = models.TextField(max_length=5000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(
        "emailed the answer or the reason at", null=True, blank=True, help_text="Retention counts from here"
    )
    personal_data_erased_at = models.DateTimeField(null=True, blank=True)

    objects = PublicQuestionQuerySet.as_manager()

    url_identity = {"board": "meeting__board__slug", "date": "meeting__date", "question": "pk"}
    visibility_parents = ("meeting", "item")

    class Meta:
        ordering = ["meeting", "submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(state="merged"), name="question_merged_into_only_if_merged"
            ),
            models.CheckConstraint(condition=~Q(merged_into=models.F("pk")), name="question_not_merged_into_itself"),
        ]

    def __str__(self) -> str:
        return f"Question from {self.shown_name}, {self.meeting}"

    @staticmethod
    def visible_when(prefix: str) -> Q:
        """Only accepted questions are published: those waiting, declined or merged are for staff."""
        return Q(**{f"{prefix}state": rules.ACCEPTED})

    @property
    def shown_name(self) -> str:
        return rules.shown_name(self.name, self.publish_name)

    @property
    def about(self) -> str:
        return self.item.title if self.item_id else self.topic or "The board's business"
