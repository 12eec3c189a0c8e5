"""Boards, their terms of reference, and the people who hold seats on them. Meetings and papers build on these.

Names, roles and initials are as printed in the published papers. Boards are public reference data: they have
no publication status of their own (their meetings and papers will).
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from blmk_portal.editing import VersionedModel
from blmk_portal.identity import Identified, Orderable, Slugged
from blmk_portal.models import SourceDocument
from blmk_portal.publication import Audience, Publishable, Restricted, VisibleQuerySet
from places.models import Organisation, Place


@pghistory.track()
class Person(Identified, VersionedModel):
    """Someone named in the papers: a board member, a lead or an officer, with their title as printed."""

    name = models.CharField(max_length=200)
    title = models.CharField(max_length=300, blank=True, help_text="As printed, e.g. BLMK ICS Chair")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    initials = models.CharField(
        max_length=10, blank=True, help_text="As printed, e.g. FC. Not unique: two people may share initials"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )

    objects = VisibleQuerySet.as_manager()

    url_identity = {"person": "pk"}

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class Board(Identified, Slugged, VersionedModel):
    """A board, committee or group of the partnership's governance, in the structure of its time."""

    class Kind(models.TextChoices):
        PARTNERSHIP_BOARD = "partnership_board", "Partnership board"
        BOARD = "board", "Board"
        COMMITTEE = "committee", "Committee"
        GROUP = "group", "Group"
        STEERING_GROUP = "steering_group", "Steering group"
        CARE_ALLIANCE = "care_alliance", "Care alliance"
        PLACE_PARTNERSHIP = "place_partnership", "Place partnership"
        HEALTH_AND_WELLBEING_BOARD = "health_and_wellbeing_board", "Health and wellbeing board"
        SCRUTINY_COMMITTEE = "scrutiny_committee", "Scrutiny committee"

    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        PROPOSED = "proposed", "Proposed"
        STOOD_DOWN = "stood_down", "Stood down"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField("kind of body", max_length=30, choices=Kind.choices, default=Kind.BOARD)
    reports_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reporting_bodies"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.ACTIVE)
    period = models.CharField(
        "governance structure", max_length=10, blank=True, help_text="The structure it belongs to, e.g. 2021"
    )
    purpose = models.TextField(max_length=5000, blank=True, help_text="Markdown")
    frequency = models.CharField("how often it meets", max_length=300, blank=True)
    usual_venue = models.CharField(max_length=300, blank=True, help_text="Where it usually meets, or how online")
    usual_start = models.TimeField(null=True, blank=True)
    usual_end = models.TimeField(null=True, blank=True)
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source_quote = models.CharField(max_length=500, blank=True)

    objects = VisibleQuerySet.as_manager()

    url_identity = {"board": "slug"}
    slug_source = ("name",)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(reports_to=models.F("pk")), name="board_does_not_report_to_itself")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:board_detail", kwargs=self.url_kwargs())


@pghistory.track()
class TermsOfReference(Identified, Orderable, VersionedModel):
    """One version of a board's terms of reference, as its own version table gives it. The latest in order is
    current; earlier versions may hold only their version-table comments."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="terms_of_reference")
    version_number = models.CharField(max_length=20, blank=True, help_text="As printed, e.g. 0.5")
    approved = models.CharField("date approved", max_length=50, blank=True, help_text="As printed, e.g. June 2021")
    comments = models.TextField(max_length=2000, blank=True, help_text="The version table's comments")
    purpose = models.TextField(max_length=10000, blank=True)
    principles = models.TextField(max_length=10000, blank=True)
    responsibilities = models.TextField(max_length=10000, blank=True)
    reporting = models.TextField("reporting and accountability", max_length=10000, blank=True)
    membership = models.TextField("membership notes", max_length=10000, blank=True)
    conflicts = models.TextField("conflicts of interest", max_length=10000, blank=True)
    transparency = models.TextField(max_length=10000, blank=True)
    frequency = models.TextField(max_length=2000, blank=True)
    governance = models.TextField(max_length=10000, blank=True)
    review = models.TextField("review date", max_length=2000, blank=True)
    quorum = models.TextField("quorum rule", max_length=2000, blank=True, help_text="Empty where the ToR sets none")
    quorum_members = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The number the rule gives")
    papers_due_days = models.PositiveSmallIntegerField(
        "days before a meeting its papers are due",
        null=True,
        blank=True,
        help_text="By the transparency rule, e.g. 7 for papers published online 7 days before the meeting",
    )
    deputies_count_to_quorum = models.BooleanField(default=False)
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = VisibleQuerySet.as_manager()

    url_identity = {"board": "board__slug", "terms": "pk"}
    order_within = "board"

    class Meta:
        ordering = ["board", "order", "pk"]
        verbose_name = "terms of reference"
        verbose_name_plural = "terms of reference"
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_members__isnull=True) | ~Q(quorum=""), name="terms_quorum_number_has_its_rule"
            )
        ]

    def __str__(self) -> str:
        return f"Version {self.version_number}" if self.version_number else "Terms of reference"

    # The sections in the order the ToR prints them, with their headings.
    SECTIONS = (
        ("purpose", "Purpose"),
        ("principles", "Principles"),
        ("responsibilities", "Responsibilities"),
        ("reporting", "Reporting and accountability"),
        ("membership", "Membership"),
        ("conflicts", "Conflicts of interest"),
        ("transparency", "Transparency"),
        ("frequency", "Frequency"),
        ("governance", "Governance"),
        ("quorum", "Quorum"),
        ("review", "Review"),
    )


class MembershipQuerySet(VisibleQuerySet):
    def current(self, on=None) -> MembershipQuerySet:
        """Seats held on that day (today by default): started, or no start recorded, and not yet ended."""
        on = on or timezone.localdate()
        return self.filter(Q(started__isnull=True) | Q(started__lte=on)).filter(
            Q(ended__isnull=True) | Q(ended__gte=on)
        )


@pghistory.track()
class Membership(Identified, Orderable, VersionedModel):
    """A seat on a board for a period, as the terms of reference's membership table gives it: a role, decision
    making (D) or attendee (A), the organisation represented, and the person holding it (none while vacant)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=200, help_text="As printed, e.g. Chair, Chief Executive")
    decision_making = models.BooleanField(default=False, help_text="D in the membership table; A (attendee) if not")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organisation_as_printed = models.CharField(max_length=200, blank=True)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rotation = models.CharField(max_length=100, blank=True, help_text="As printed, e.g. rotating every 6 months")
    deputies = models.ManyToManyField(Person, through="MembershipDeputy", blank=True, related_name="deputising")
    started = models.DateField(null=True, blank=True)
    ended = models.DateField(null=True, blank=True, help_text="The last day of the seat; empty while held")
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = MembershipQuerySet.as_manager()

    url_identity = {"board": "board__slug", "seat": "pk"}
    order_within = "board"

    class Meta:
        ordering = ["board", "order", "pk"]
        verbose_name = "seat"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(started__isnull=True) | Q(ended__gte=models.F("started")),
                name="seat_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        holder = self.person.name if self.person_id else "Vacant"
        return f"{self.role}, {self.represents} ({holder})"

    @property
    def represents(self) -> str:
        """The organisation as the table prints it, or the organisation's name."""
        if self.organisation_as_printed:
            return self.organisation_as_printed
        return self.organisation.name if self.organisation_id else ""


@pghistory.track(pghistory.InsertEvent("added"), pghistory.DeleteEvent("removed"))
class MembershipDeputy(models.Model):
    """A person who may deputise in a seat. Tracked, so the seat's History shows deputies added and removed."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="deputy")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["membership", "person"], name="seat_deputy_unique")]

    def __str__(self) -> str:
        return f"{self.person} deputises for {self.membership}"


class MeetingQuerySet(VisibleQuerySet):
    def upcoming(self) -> MeetingQuerySet:
        return self.filter(date__gte=timezone.localdate()).order_by("date", "start")

    def past(self) -> MeetingQuerySet:
        return self.filter(date__lt=timezone.localdate()).order_by("-date", "-start")


@pghistory.track()
class Meeting(Identified, Publishable, VersionedModel):
    """A meeting of a board on a day, with its agenda. Published, its Part I is public; the time it was
    published is when its papers went public (late when that is later than the terms of reference allow)."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CONFIRMED = "confirmed", "Confirmed"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    start = models.TimeField("start time", null=True, blank=True)
    end = models.TimeField("end time", null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True, help_text="As printed, e.g. Via Microsoft Teams")
    online_link = models.URLField("link to join online", blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.SCHEDULED)
    heading_as_printed = models.CharField(
        max_length=300, blank=True, help_text="The agenda's title block, e.g. Partnership Board for Bedfordshire..."
    )
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = MeetingQuerySet.as_manager()

    url_identity = {"board": "board__slug", "date": "date"}

    class Meta:
        ordering = ["board", "date"]
        constraints = [
            models.UniqueConstraint(fields=["board", "date"], name="one_meeting_of_a_board_a_day"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gt=models.F("start")),
                name="meeting_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.board.name}, {self.date.day} {self.date:%B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", kwargs=self.url_kwargs())


class Purpose(models.TextChoices):
    DECISION = "decision", "Decision"
    APPROVAL = "approval", "Approval"
    DISCUSSION = "discussion", "Discussion"
    ASSURANCE = "assurance", "Assurance"
    INFORMATION = "information", "Information"
    NOTING = "noting", "To note"


@pghistory.track()
class AgendaItem(Identified, Orderable, Restricted, VersionedModel):
    """An item of a meeting's agenda, in Part I (public) or Part II (the board's members only).

    Its number is kept apart from its order: the seeds print 3a and 3b, and minutes numbered 10, 11, 10, 11.
    A sub-item names the item it belongs to. Start times are as planned, or worked out from durations.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="sub_items", verbose_name="part of item"
    )
    number = models.CharField(max_length=10, blank=True, help_text="As printed, e.g. 3a; empty to number it in order")
    numbered = models.BooleanField(default=True, help_text="False for an item printed without a number, e.g. Welcome")
    title = models.CharField(max_length=300)
    descriptor = models.CharField(max_length=500, blank=True, help_text='As printed, e.g. "To receive any apologies"')
    leads = models.CharField(max_length=200, blank=True, help_text="As printed: a role, initials or names")
    starts_at = models.TimeField("planned start", null=True, blank=True)
    minutes = models.PositiveSmallIntegerField("planned length in minutes", null=True, blank=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, blank=True)
    standing = models.BooleanField("standing item", default=False)
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = VisibleQuerySet.as_manager()

    url_identity = {"board": "meeting__board__slug", "date": "meeting__date", "item": "pk"}
    order_within = ("meeting", "parent")  # items in the agenda, sub-items within their item
    audiences = (Audience.PUBLIC, Audience.BOARD)
    audience_board = "meeting__board"
    visibility_parents = ("meeting",)

    class Meta:
        ordering = ["meeting", "order", "pk"]
        constraints = [
            Restricted.audience_constraint("agenda_item_is_part_one_or_two", (Audience.PUBLIC, Audience.BOARD)),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="agenda_item_is_not_its_own_part"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def is_part_two(self) -> bool:
        return self.audience == Audience.BOARD
