"""Boards, their terms of reference, and the people who hold seats on them. Meetings and papers build on these.

Names, roles and initials are as printed in the published papers. Boards are public reference data: they have
no publication status of their own (their meetings and papers will).
"""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from blmk_portal import roles
from blmk_portal.editing import VersionedModel
from blmk_portal.identity import Identified, Orderable, Slugged
from blmk_portal.models import SourceDocument
from blmk_portal.publication import Audience, Publishable, Restricted, VisibleQuerySet
from governance.question_rules import DEFAULT_CLOSE_DAYS
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
    last_action_number = models.PositiveIntegerField(
        default=0, editable=False, help_text="The action log's last number given: numbers are never reused"
    )
    questions_close_days = models.PositiveSmallIntegerField(
        "days before a meeting public questions close",
        default=DEFAULT_CLOSE_DAYS,
        help_text="Its terms of reference ask for questions in advance without saying how far (docs/adr/0026)",
    )

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
    public_attending = models.PositiveSmallIntegerField(
        "members of the public attending", null=True, blank=True, help_text="Empty where the minutes do not say"
    )
    public_as_printed = models.CharField(
        "members of the public as printed", max_length=100, blank=True, help_text="e.g. Two Members of public"
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
    priorities = models.ManyToManyField(
        "priorities.Priority", through="AgendaItemPriority", blank=True, related_name="agenda_items"
    )
    places = models.ManyToManyField(Place, through="AgendaItemPlace", blank=True, related_name="agenda_items")
    organisations = models.ManyToManyField(
        Organisation, through="AgendaItemOrganisation", blank=True, related_name="agenda_items"
    )
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


@pghistory.track()
class Paper(Identified, Orderable, Restricted, VersionedModel):
    """A paper for a meeting, with the cover sheet of the 2021 pack and its body in Markdown.

    The reference and the cover's agenda item are kept as printed: papers 1 and 2 may not exist, one paper may
    serve 5a and 5b, and the seed's cover says 6a where the agenda has 6b. A paper of a Part II item is Part II.
    """

    class CoverPurpose(models.TextChoices):
        INFORMATION = "information", "Information"
        APPROVAL = "approval", "Approval"
        TO_NOTE = "to_note", "To note"
        DECISION = "decision", "Decision"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    items = models.ManyToManyField(AgendaItem, through="PaperItem", related_name="papers", verbose_name="agenda items")
    reference = models.CharField(max_length=40, blank=True, help_text="As printed, e.g. Paper 7")
    title = models.CharField("report title", max_length=300)
    item_as_printed = models.CharField(
        "agenda item on the cover", max_length=20, blank=True, help_text="As the cover sheet prints it, e.g. 6a"
    )
    sro_name = models.CharField("SRO", max_length=200, blank=True)
    sro_title = models.CharField("SRO's title", max_length=300, blank=True)
    author_name = models.CharField("report author", max_length=200, blank=True)
    author_title = models.CharField("report author's title", max_length=300, blank=True)
    purposes = ArrayField(
        models.CharField(max_length=20, choices=CoverPurpose.choices), default=list, blank=True, size=4
    )
    summary = models.TextField("document summary", max_length=5000, blank=True)
    priorities_link = models.TextField("link to strategic priorities", max_length=5000, blank=True)
    inequalities = models.TextField("how this work addresses inequalities", max_length=5000, blank=True)
    risks = models.TextField("potential risks and issues", max_length=5000, blank=True, help_text="Markdown")
    document_history = models.TextField(max_length=5000, blank=True)
    appendices = models.TextField(max_length=5000, blank=True, help_text="One a line, as printed")
    body = models.TextField(max_length=200_000, blank=True, help_text="Markdown")
    priorities = models.ManyToManyField(
        "priorities.Priority", through="PaperPriority", blank=True, related_name="papers"
    )
    places = models.ManyToManyField(Place, through="PaperPlace", blank=True, related_name="papers")
    organisations = models.ManyToManyField(Organisation, through="PaperOrganisation", blank=True, related_name="papers")
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = VisibleQuerySet.as_manager()

    url_identity = {"board": "meeting__board__slug", "date": "meeting__date", "paper": "pk"}
    order_within = "meeting"
    audiences = (Audience.PUBLIC, Audience.BOARD)
    audience_board = "meeting__board"
    visibility_parents = ("meeting",)

    class Meta:
        ordering = ["meeting", "order", "pk"]
        constraints = [Restricted.audience_constraint("paper_is_part_one_or_two", (Audience.PUBLIC, Audience.BOARD))]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}" if self.reference else self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:paper_detail", kwargs=self.url_kwargs())

    @property
    def is_part_two(self) -> bool:
        return self.audience == Audience.BOARD

    def purpose_labels(self) -> list[str]:
        return [self.CoverPurpose(purpose).label for purpose in self.purposes]

    def appendix_lines(self) -> list[str]:
        return [line.strip() for line in self.appendices.splitlines() if line.strip()]


@pghistory.track()
class Recommendation(Identified, Orderable, VersionedModel):
    """One of a paper's recommendations, in order, with the verb that says what the board is asked to do."""

    class Verb(models.TextChoices):
        APPROVE = "approve", "Approve"
        NOTE = "note", "Note"
        ENDORSE = "endorse", "Endorse"
        AGREE = "agree", "Agree"
        DISCUSS = "discuss", "Discuss"
        COMMENT = "comment", "Provide steers or comments"

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="recommendations")
    verb = models.CharField(max_length=20, choices=Verb.choices)
    text = models.CharField(max_length=1000, help_text="As printed, e.g. the strategic priorities as the agreed...")

    objects = VisibleQuerySet.as_manager()

    url_identity = {"board": "paper__meeting__board__slug", "date": "paper__meeting__date", "recommendation": "pk"}
    order_within = "paper"
    visibility_parents = ("paper",)

    class Meta:
        ordering = ["paper", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_verb_display()}: {self.text}"


@pghistory.track()
class Attendance(Identified, Orderable, VersionedModel):
    """One person at a meeting, as its minutes record them: a member present (in the seat they hold, or deputising
    for a member who sent apologies), a member's apologies, or someone in attendance who is not a member (officers
    and presenters); with when they arrived or left, and the items that bounds, where the minutes say.

    Attendance of a published meeting is public, as the published minutes print it.
    """

    class Kind(models.TextChoices):
        PRESENT = "present", "Present: a member, or a deputy for one"
        APOLOGIES = "apologies", "Sent apologies"
        IN_ATTENDANCE = "in_attendance", "In attendance: not a member"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PRESENT)
    seat = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendance",
        help_text="Held on the day",
    )
    deputy_for = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="deputies", verbose_name="deputising for"
    )
    as_printed = models.CharField(
        "organisation or role as printed", max_length=300, blank=True, help_text="e.g. BLMK ICS Chair"
    )
    initials = models.CharField("initials as printed", max_length=10, blank=True)
    arrived = models.TimeField("arrived at", null=True, blank=True)
    joined_for = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="first item present for",
    )
    left = models.TimeField("left at", null=True, blank=True)
    left_before = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="first item missed"
    )
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = VisibleQuerySet.as_manager()

    url_identity = {"board": "meeting__board__slug", "date": "meeting__date", "attendance": "pk"}
    order_within = ("meeting", "kind")  # in the order the minutes print each list
    visibility_parents = ("meeting",)

    class Meta:
        ordering = ["meeting", "kind", "order", "pk"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_a_person_a_meeting"),
            models.CheckConstraint(
                condition=Q(deputy_for__isnull=True) | Q(kind="present"), name="attendance_deputy_is_present"
            ),
            models.CheckConstraint(
                condition=~Q(kind="apologies")
                | Q(arrived__isnull=True, left__isnull=True, joined_for__isnull=True, left_before__isnull=True),
                name="attendance_apologies_do_not_come_or_go",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}, {self.get_kind_display()}"


# After the meeting: the register of interests and declarations, minutes and decisions, the action log and the
# forward plan. Each is tracked, so its History and its changes (a due date moved, a minute corrected) are kept.


def decision_making_seats(on=None) -> MembershipQuerySet:
    """The seats whose holders are on the public register of interests: decision-making seats held that day."""
    return Membership.objects.current(on).filter(decision_making=True, person__isnull=False)


class RegisterQuerySet(VisibleQuerySet):
    """Entries of the register of interests (interests and nil returns). The gate, in one place: anyone reads the
    entries of a person holding a decision-making seat today (the public register); the programme office reads
    everyone's."""

    def visible_to(self, user) -> RegisterQuerySet:
        if roles.is_programme_office(user):
            return self
        return self.filter(person__in=decision_making_seats().values("person"))


class InterestQuerySet(RegisterQuerySet):
    def current(self, on=None) -> InterestQuerySet:
        """Interests held on that day (today by default): begun, or no start recorded, and not yet ended."""
        on = on or timezone.localdate()
        return self.filter(Q(started__isnull=True) | Q(started__lte=on)).filter(
            Q(ended__isnull=True) | Q(ended__gte=on)
        )


@pghistory.track()
class Interest(Identified, VersionedModel):
    """An entry in a person's register of interests. The register of decision-making members is public; other
    people's entries are for staff. `organisation`, `place` and `priority` are what it touches, for the check
    against what an agenda item concerns."""

    class Category(models.TextChoices):
        FINANCIAL = "financial", "Financial interest"
        PROFESSIONAL = "non_financial_professional", "Non-financial professional interest"
        PERSONAL = "non_financial_personal", "Non-financial personal interest"
        INDIRECT = "indirect", "Indirect interest"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interests")
    category = models.CharField(max_length=30, choices=Category.choices)
    description = models.TextField(max_length=2000)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organisation_as_printed = models.CharField(
        "organisation concerned", max_length=300, blank=True, help_text="As declared, where it is not in the list"
    )
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    priority = models.ForeignKey(
        "priorities.Priority", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started = models.DateField("from", null=True, blank=True)
    ended = models.DateField("to", null=True, blank=True, help_text="Empty while the interest is held")
    declared_on = models.DateField()
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = InterestQuerySet.as_manager()

    url_identity = {"person": "person__pk", "interest": "pk"}

    class Meta:
        ordering = ["person", "-declared_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(started__isnull=True) | Q(ended__gte=models.F("started")),
                name="interest_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_category_display()}"


@pghistory.track()
class NilReturn(Identified, VersionedModel):
    """A person's declaration that they had no interests to register in a financial year."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="nil_returns")
    year = models.PositiveSmallIntegerField("financial year starting", help_text="e.g. 2021 for 2021/22")
    declared_on = models.DateField()

    objects = RegisterQuerySet.as_manager()

    url_identity = {"person": "person__pk", "nil_return": "pk"}

    class Meta:
        ordering = ["person", "-year"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="one_nil_return_a_person_a_year")]

    def __str__(self) -> str:
        return f"{self.person}: nil return {self.year}/{(self.year + 1) % 100:02d}"


@pghistory.track()
class Declaration(Identified, Orderable, VersionedModel):
    """An interest declared at a meeting for an agenda item, and what the chair decided."""

    class Decision(models.TextChoices):
        TAKE_PART = "take_part", "May take part"
        NO_VOTE = "no_vote", "May take part in the discussion but not vote"
        LEFT = "left", "Left the meeting for the item"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    interest = models.ForeignKey(
        Interest, null=True, blank=True, on_delete=models.SET_NULL, related_name="declarations"
    )
    description = models.TextField("interest as declared", max_length=2000)
    decision = models.CharField("chair's decision", max_length=20, choices=Decision.choices)

    objects = VisibleQuerySet.as_manager()

    url_identity = {"board": "item__meeting__board__slug", "date": "item__meeting__date", "declaration": "pk"}
    order_within = "item"
    visibility_parents = ("item",)

    class Meta:
        ordering = ["item", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.person}, item {self.item}"


@pghistory.track()
class Minutes(Identified, Publishable, VersionedModel):
    """A meeting's minutes as a whole. Drafts are for staff; the next meeting confirms them as a true record,
    which publishes them with the date and meeting that approved them and any corrections made there."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    closed_at = models.TimeField("the meeting closed at", null=True, blank=True)
    taken_by = models.CharField("minutes taken by", max_length=200, blank=True, help_text="As printed")
    drafted_on = models.DateField(null=True, blank=True, help_text="The date printed at the foot")
    approved_at = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_approved",
        verbose_name="confirmed at the meeting of",
    )
    approved_on = models.DateField("confirmed as a true record on", null=True, blank=True)
    corrections = models.TextField("corrections made when confirmed", max_length=5000, blank=True, help_text="Markdown")
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = VisibleQuerySet.as_manager()

    url_identity = {"board": "meeting__board__slug", "date": "meeting__date"}
    visibility_parents = ("meeting",)

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"


@pghistory.track()
class Minute(Identified, VersionedModel):
    """The minute of one agenda item: the discussion, the outcome, and (Agreed or Resolved) its resolutions."""

    class Outcome(models.TextChoices):
        NOTED = "noted", "Noted"
        AGREED = "agreed", "Agreed"
        RESOLVED = "resolved", "Resolved"
        DEFERRED = "deferred", "Deferred"
        WITHDRAWN = "withdrawn", "Withdrawn"

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minute")
    number_as_printed = models.CharField(
        max_length=10, blank=True, help_text="Where the minutes number it apart from the agenda, e.g. 10 (again)"
    )
    discussion = models.TextField(max_length=50_000, blank=True, help_text="Markdown")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_text = models.TextField(
        max_length=2000, blank=True, help_text='As printed where there is no resolution, e.g. "None"'
    )

    objects = VisibleQuerySet.as_manager()

    url_identity = {"board": "minutes__meeting__board__slug", "date": "minutes__meeting__date", "minute": "pk"}
    visibility_parents = ("minutes", "item")

    class Meta:
        ordering = ["item__order", "pk"]

    def __str__(self) -> str:
        return f"Minute of {self.item}"


@pghistory.track()
class Resolution(Identified, Orderable, VersionedModel):
    """One resolution of an Agreed or Resolved minute, numbered i), ii)... in order: an entry in the decision
    register, with the paper it decided on."""

    minute = models.ForeignKey(Minute, on_delete=models.CASCADE, related_name="resolutions")
    text = models.TextField(max_length=5000, help_text='As printed, e.g. "That the DOF group recommendations..."')
    paper = models.ForeignKey(Paper, null=True, blank=True, on_delete=models.SET_NULL, related_name="resolutions")

    objects = VisibleQuerySet.as_manager()

    url_identity = {
        "board": "minute__minutes__meeting__board__slug",
        "date": "minute__minutes__meeting__date",
        "decision": "pk",
    }
    order_within = "minute"
    visibility_parents = ("minute", "paper")  # a decision on a Part II paper is for the board's members

    class Meta:
        ordering = ["minute", "order", "pk"]

    def __str__(self) -> str:
        return self.text


@pghistory.track()
class Action(Identified, VersionedModel):
    """An action in a board's log. Its number is the board's next, never reused (`Board.last_action_number`);
    owners are people, a role as printed ("Executive lead"), or both. Closing needs the board: an action
    proposed for closure shows as Closing until the next meeting notes the log."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSING = "closing", "Closing"
        CLOSED = "closed", "Closed"

    class Precision(models.TextChoices):
        DAY = "day", "A day"
        MONTH = "month", "A month"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="actions")
    number = models.PositiveIntegerField()
    raised_at = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions_raised")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions_raised"
    )
    item_as_printed = models.CharField("item as the log prints it", max_length=300, blank=True)
    text = models.TextField("action", max_length=2000)
    owners = models.ManyToManyField(Person, through="ActionOwner", blank=True, related_name="actions")
    owner_role = models.CharField(
        "responsible role", max_length=200, blank=True, help_text='As printed, e.g. "Executive lead", "Chair"'
    )
    due = models.DateField("deadline", null=True, blank=True)
    due_precision = models.CharField(max_length=10, choices=Precision.choices, default=Precision.DAY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    proposed_for_closure_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When it was proposed for closure, so an earlier meeting's log shows it as it stood then",
    )
    closed_at = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions_closed",
        verbose_name="closed at the meeting of",
    )
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = VisibleQuerySet.as_manager()

    url_identity = {"board": "board__slug", "action": "number"}
    visibility_parents = ("raised_at", "item")

    class Meta:
        ordering = ["board", "number"]
        constraints = [
            models.UniqueConstraint(fields=["board", "number"], name="one_action_a_number_a_board"),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(status="closed"), name="action_closed_at_only_when_closed"
            ),
        ]

    def __str__(self) -> str:
        return f"Action {self.number}"


@pghistory.track(pghistory.InsertEvent("added"), pghistory.DeleteEvent("removed"))
class ActionOwner(models.Model):
    """A person responsible for an action. Tracked, so the action's History shows owners added and removed."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="owner")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action", "person"], name="action_owner_unique")]

    def __str__(self) -> str:
        return f"{self.person} owns {self.action}"


@pghistory.track()
class ActionUpdate(Identified, VersionedModel):
    """A dated update on an action ("26.05.21 information ... will be shared once there is clarity")."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    # Empty where the log prints a comment with no date ("Scheduled for submission to the PBoard on 09.6.21").
    date = models.DateField(null=True, blank=True)
    text = models.TextField(max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = VisibleQuerySet.as_manager()

    url_identity = {"board": "action__board__slug", "action": "action__number", "update": "pk"}
    visibility_parents = ("action",)

    class Meta:
        ordering = ["action", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.action}, {self.date:%d.%m.%y}"


@pghistory.track()
class PlannedItem(Identified, Orderable, VersionedModel):
    """An item in a board's forward plan, for a meeting date (the meeting may not be scheduled yet). Taken into
    an agenda it links to the item; not taken, it shows as slipped to the next meeting."""

    class Kind(models.TextChoices):
        STRATEGY = "strategy", "Strategy"
        STANDING = "standing", "Standing item"
        UPDATE = "update", "Update"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="forward_plan")
    planned_for = models.DateField("meeting date")
    title = models.CharField(max_length=300)
    lead = models.CharField(max_length=200, blank=True, help_text="As printed: a role, initials or names")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STRATEGY)
    detail = models.CharField(
        "detail and purpose", max_length=500, blank=True, help_text='As printed, e.g. "To receive a briefing..."'
    )
    condition = models.CharField(max_length=300, blank=True, help_text='As printed, e.g. "if considered at OD session"')
    date_as_printed = models.CharField(
        "meeting date as printed",
        max_length=200,
        blank=True,
        help_text='Where the plan is not sure of the day, e.g. "25 September 2018 OR 3 October 2018 (tbc)"',
    )
    taken_as = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="planned_as"
    )
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="planned_items")
    source = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = VisibleQuerySet.as_manager()

    url_identity = {"board": "board__slug", "planned": "pk"}
    order_within = ("board", "planned_for")

    class Meta:
        ordering = ["board", "planned_for", "order", "pk"]

    def __str__(self) -> str:
        return self.title


# The links of agenda items and papers to what they concern (and of papers to their items): tracked, so a
# record's History shows each one added and removed (ADR 4).


@pghistory.track(pghistory.InsertEvent("added"), pghistory.DeleteEvent("removed"))
class AgendaItemPriority(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE)
    priority = models.ForeignKey("priorities.Priority", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "priority"], name="agenda_item_priority_unique")]

    def __str__(self) -> str:
        return str(self.priority)


@pghistory.track(pghistory.InsertEvent("added"), pghistory.DeleteEvent("removed"))
class AgendaItemPlace(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "place"], name="agenda_item_place_unique")]

    def __str__(self) -> str:
        return str(self.place)


@pghistory.track(pghistory.InsertEvent("added"), pghistory.DeleteEvent("removed"))
class AgendaItemOrganisation(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "organisation"], name="agenda_item_organisation_unique")]

    def __str__(self) -> str:
        return str(self.organisation)


@pghistory.track(pghistory.InsertEvent("added"), pghistory.DeleteEvent("removed"))
class PaperItem(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "item"], name="paper_item_unique")]

    def __str__(self) -> str:
        return str(self.item)


@pghistory.track(pghistory.InsertEvent("added"), pghistory.DeleteEvent("removed"))
class PaperPriority(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE)
    priority = models.ForeignKey("priorities.Priority", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "priority"], name="paper_priority_unique")]

    def __str__(self) -> str:
        return str(self.priority)


@pghistory.track(pghistory.InsertEvent("added"), pghistory.DeleteEvent("removed"))
class PaperPlace(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "place"], name="paper_place_unique")]

    def __str__(self) -> str:
        return str(self.place)


@pghistory.track(pghistory.InsertEvent("added"), pghistory.DeleteEvent("removed"))
class PaperOrganisation(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "organisation"], name="paper_organisation_unique")]

    def __str__(self) -> str:
        return str(self.organisation)


def attachment_path(version: AttachmentVersion, filename: str) -> str:
    """Stored under a name of the portal's own making: what the uploader called it is kept as data, never a path."""
    return f"papers/{version.attachment.paper_id}/{uuid.uuid4().hex}"


@pghistory.track()
class Attachment(Identified, Orderable, VersionedModel):
    """A file a paper carries: the paper as a document, or an appendix. It keeps every version it has had."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=300, help_text="e.g. Annex A: Priorities summary framework")

    objects = VisibleQuerySet.as_manager()

    url_identity = {"board": "paper__meeting__board__slug", "date": "paper__meeting__date", "attachment": "pk"}
    order_within = "paper"
    visibility_parents = ("paper",)

    class Meta:
        ordering = ["paper", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class AttachmentVersion(models.Model):
    """One upload of an attachment. A replacement after publication keeps the earlier one downloadable and says
    why and when ("late paper", "revised following comments"). Versions are never edited, only added."""

    attachment = models.ForeignKey(Attachment, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to=attachment_path, max_length=300)
    filename = models.CharField(max_length=255, help_text="As uploaded, for the download")
    kind = models.CharField(max_length=10, help_text="What its content showed it to be: a key of uploads.KINDS")
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    reason = models.CharField(max_length=300, blank=True, help_text='Why it replaced the last, e.g. "late paper"')
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["attachment", "number"]
        constraints = [models.UniqueConstraint(fields=["attachment", "number"], name="one_attachment_version_a_number")]

    def __str__(self) -> str:
        return f"{self.attachment}, version {self.number}"


class PackEdition(models.Model):
    """One pack as it was built: its contents' key, the stored PDF, and what it held (its manifest).

    A pack is stored, never rebuilt: when a paper changes, the next request builds a new edition and the earlier
    ones stay, so the pack a board saw is the pack on the record. Members' editions (with Part II) are kept apart
    from the public's by `has_private_papers`. While it builds, `parts_done` of `parts_total` say how far it is.
    """

    class State(models.TextChoices):
        BUILDING = "building", "Being built"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pack_editions")
    key = models.CharField(max_length=64, help_text="The SHA-256 of everything the pack shows")
    fingerprint = models.CharField(
        max_length=64, db_index=True, blank=True, help_text="The versions it was built from, to find it quickly"
    )
    has_private_papers = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.BUILDING)
    file = models.CharField(max_length=200, blank=True, help_text="Its name in the default storage")
    pages = models.PositiveIntegerField(null=True, blank=True)
    parts_done = models.PositiveIntegerField(default=0)
    parts_total = models.PositiveIntegerField(default=0)
    manifest = models.JSONField(default=list, help_text="Each paper with its version and its files' versions")
    requested_at = models.DateTimeField(default=timezone.now)
    built_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["meeting", "-requested_at"]
        constraints = [models.UniqueConstraint(fields=["meeting", "key"], name="one_pack_edition_a_content")]

    def __str__(self) -> str:
        return f"Pack of {self.meeting}, {self.requested_at:%Y-%m-%d %H:%M}"

    def is_ready(self) -> bool:
        return self.state == self.State.READY


# Public questions, kept in a module of their own; imported here so they are registered with the app's other
# models, before the content generation's trigger is put on every content table (ADR 6).
from governance.question_models import PublicQuestion  # noqa: E402, F401
