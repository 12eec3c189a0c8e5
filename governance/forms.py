"""The forms staff fill in for boards, terms of reference, seats and people. The rules are the services'."""

from __future__ import annotations

from django.db.models import Case, When

from blmk_portal import forms as nhs
from blmk_portal.publication import Audience
from governance import agenda_rules
from governance.models import (
    Action,
    AgendaItem,
    Attachment,
    Attendance,
    Board,
    Declaration,
    Interest,
    Meeting,
    Membership,
    Paper,
    Person,
    PlannedItem,
    Purpose,
    Recommendation,
    TermsOfReference,
)
from governance.question_rules import DEFAULT_CLOSE_DAYS
from places.models import Organisation, Place
from priorities.forms import places_field
from priorities.models import Priority


def part_field() -> nhs.ChoiceField:
    return nhs.ChoiceField(
        label="Part",
        choices=[(Audience.PUBLIC, "Part I: in public"), (Audience.BOARD, "Part II: private, for the board's members")],
        radios=True,
        initial=Audience.PUBLIC,
        subject="the part of the meeting",
    )


class BoardForm(nhs.Form):
    name = nhs.CharField(max_length=200, subject="the board's name")
    kind = nhs.ChoiceField(label="Kind of body", choices=Board.Kind.choices, subject="the kind of body")
    reports_to = nhs.ModelChoiceField(
        label="Reports to", queryset=Board.objects.all(), required=False, empty_label="No one: it is at the top"
    )
    state = nhs.ChoiceField(label="Status", choices=Board.State.choices, radios=True, initial=Board.State.ACTIVE)
    period = nhs.CharField(
        label="Governance structure",
        max_length=10,
        required=False,
        width_class="nhsuk-input--width-5",
        help_text="The structure it belongs to, for example 2021",
    )
    purpose = nhs.TextareaField(max_length=5000, required=False, help_text="You can use Markdown")
    frequency = nhs.CharField(label="How often it meets", max_length=300, required=False)
    usual_venue = nhs.CharField(label="Where it usually meets", max_length=300, required=False)
    usual_start = nhs.TimeField(label="Usual start time", required=False)
    usual_end = nhs.TimeField(label="Usual end time", required=False)
    questions_close_days = nhs.IntegerField(
        label="How many days before a meeting public questions close",
        min_value=0,
        max_value=60,
        required=False,
        width_class="nhsuk-input--width-3",
        subject="the days before a meeting public questions close",
        help_text=f"Leave it empty for {DEFAULT_CLOSE_DAYS}. 0 takes questions until the end of the meeting's day",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reports_to"].label_from_instance = lambda board: f"{board.name} ({board.period or 'no period'})"

    def clean_questions_close_days(self) -> int:
        days = self.cleaned_data["questions_close_days"]
        return DEFAULT_CLOSE_DAYS if days is None else days


def section_field(label: str) -> nhs.TextareaField:
    return nhs.TextareaField(
        label=label, max_length=10000, required=False, help_text="As printed; you can use Markdown"
    )


class TermsOfReferenceForm(nhs.Form):
    version_number = nhs.CharField(
        max_length=20, required=False, width_class="nhsuk-input--width-5", help_text="As printed, for example 0.5"
    )
    approved = nhs.CharField(
        label="Date approved",
        max_length=50,
        required=False,
        width_class="nhsuk-input--width-10",
        help_text="As printed",
    )
    comments = nhs.TextareaField(label="Comments in the version table", max_length=2000, required=False)
    purpose = section_field("Purpose")
    principles = section_field("Principles")
    responsibilities = section_field("Responsibilities")
    reporting = section_field("Reporting and accountability")
    membership = section_field("Membership notes")
    conflicts = section_field("Conflicts of interest")
    transparency = section_field("Transparency")
    frequency = section_field("Frequency")
    governance = section_field("Governance")
    quorum = nhs.TextareaField(
        label="Quorum rule", max_length=2000, required=False, help_text="As printed; leave empty where it sets none"
    )
    quorum_members = nhs.IntegerField(
        label="Members needed for a quorum",
        min_value=1,
        max_value=200,
        required=False,
        help_text="The number the rule gives",
    )
    deputies_count_to_quorum = nhs.YesNoField(
        label="Do deputies count towards the quorum?", initial=False, subject="whether deputies count"
    )
    papers_due_days = nhs.IntegerField(
        label="Days before a meeting its papers are due",
        min_value=0,
        max_value=60,
        required=False,
        help_text="The number the transparency rule gives: 7 where papers are published online 7 days before",
    )
    review = section_field("Review date")

    field_order = ["version_number", "approved", "comments", *(name for name, _ in TermsOfReference.SECTIONS)]


class SeatForm(nhs.Form):
    role = nhs.CharField(max_length=200, help_text="As the membership table prints it, for example Chief Executive")
    decision_making = nhs.YesNoField(
        label="Is it a decision-making seat?",
        help_text="D in the membership table; No for an attendee (A)",
        subject="whether it is a decision-making seat",
    )
    organisation = nhs.ModelChoiceField(
        label="Organisation represented", queryset=Organisation.objects.all(), required=False, empty_label="None"
    )
    organisation_as_printed = nhs.CharField(
        label="Organisation as printed", max_length=200, required=False, help_text="As the membership table prints it"
    )
    place = nhs.ModelChoiceField(label="Place", queryset=Place.objects.all(), required=False, empty_label="All of BLMK")
    rotation = nhs.CharField(
        max_length=100, required=False, help_text="As printed, for example rotating every 6 months"
    )
    person = nhs.ModelChoiceField(
        label="Held by", queryset=Person.objects.all(), required=False, empty_label="Vacant", subject="who holds it"
    )
    deputies = nhs.ModelMultipleChoiceField(label="Deputies", queryset=Person.objects.all(), required=False)
    started = nhs.DateField(label="First day", required=False, subject="the seat's first day")
    ended = nhs.DateField(label="Last day", required=False, subject="the seat's last day")


class PersonForm(nhs.Form):
    name = nhs.CharField(
        max_length=200, subject="the person's name", help_text="As printed, for example Dr Rima Makarem"
    )
    title = nhs.CharField(max_length=300, required=False, help_text="As printed, for example BLMK ICS Chair")
    organisation = nhs.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, empty_label="None", subject="the organisation"
    )
    initials = nhs.CharField(max_length=10, required=False, width_class="nhsuk-input--width-5", help_text="As printed")


class MeetingForm(nhs.Form):
    date = nhs.DateField(subject="the date of the meeting")
    start = nhs.TimeField(label="Start time", required=False)
    end = nhs.TimeField(label="End time", required=False)
    venue = nhs.CharField(
        max_length=300, required=False, help_text="As the agenda prints it, for example Via Microsoft Teams"
    )
    online_link = nhs.URLField(label="Link to join online", max_length=200, required=False, assume_scheme="https")
    state = nhs.ChoiceField(label="Status", choices=Meeting.State.choices, radios=True, initial=Meeting.State.SCHEDULED)
    heading_as_printed = nhs.CharField(
        label="The agenda's title", max_length=300, required=False, help_text="As printed at the top of the agenda"
    )
    public_attending = nhs.IntegerField(
        label="Members of the public attending",
        min_value=0,
        max_value=10000,
        required=False,
        help_text="As the minutes record it; leave empty where they do not say",
    )
    public_as_printed = nhs.CharField(
        label="Members of the public as printed",
        max_length=100,
        required=False,
        help_text="For example Two Members of public",
    )


class AgendaItemForm(nhs.Form):
    parent = nhs.ModelChoiceField(
        label="Part of item",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="None: an item of its own",
        help_text="For a sub-item such as 3a",
    )
    number = nhs.CharField(
        max_length=10,
        required=False,
        width_class="nhsuk-input--width-4",
        help_text="Leave empty to number it by its place; type one to keep a number as printed, like 3a",
    )
    numbered = nhs.YesNoField(
        label="Does the agenda give it a number?",
        initial=True,
        help_text="No for an item printed without one, such as a welcome",
        subject="whether the agenda gives it a number",
    )
    title = nhs.CharField(max_length=300, subject="the item's title")
    descriptor = nhs.CharField(
        label="Description",
        max_length=500,
        required=False,
        help_text="As printed, for example To receive any apologies for absence.",
    )
    leads = nhs.CharField(
        label="Lead", max_length=200, required=False, help_text="As printed: a role, initials or names"
    )
    starts_at = nhs.TimeField(
        label="Planned start", required=False, help_text="Leave empty to work it out from the lengths before it"
    )
    minutes = nhs.IntegerField(label="Planned length in minutes", min_value=1, max_value=600, required=False)
    purpose = nhs.ChoiceField(choices=[("", "Not stated"), *Purpose.choices], required=False)
    priorities = nhs.ModelMultipleChoiceField(
        label="Strategic priorities it concerns", queryset=Priority.objects.none(), required=False
    )
    places = places_field()
    organisations = nhs.ModelMultipleChoiceField(
        label="Organisations it concerns", queryset=Organisation.objects.all(), required=False
    )
    audience = part_field()
    standing = nhs.YesNoField(label="Is it a standing item?", initial=False, subject="whether it is a standing item")

    field_order = ["title", "descriptor", "leads", "parent", "number", "numbered"]

    def __init__(self, *args, meeting: Meeting, item: AgendaItem | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = meeting.items.filter(parent__isnull=True)
        self.fields["parent"].queryset = choices.exclude(pk=item.pk) if item else choices
        self.fields["priorities"].queryset = Priority.objects.select_related("plan")
        self.fields["priorities"].label_from_instance = lambda priority: f"{priority.code} {priority.title}"


def cover_field(label: str, help_text: str = "As printed on the cover sheet") -> nhs.TextareaField:
    return nhs.TextareaField(label=label, max_length=5000, required=False, help_text=help_text)


class PaperForm(nhs.Form):
    reference = nhs.CharField(
        max_length=40, required=False, width_class="nhsuk-input--width-10", help_text="As printed, for example Paper 7"
    )
    title = nhs.CharField(label="Report title", max_length=300, subject="the report's title")
    items = nhs.ModelMultipleChoiceField(
        label="Agenda items it is for",
        queryset=AgendaItem.objects.none(),
        help_text="One paper may serve more than one item, such as 5a and 5b",
        subject="the agenda items it is for",
    )
    item_as_printed = nhs.CharField(
        label="Agenda item on the cover sheet",
        max_length=20,
        required=False,
        width_class="nhsuk-input--width-4",
        help_text="As the cover prints it, even where it differs from the agenda",
    )
    sro_name = nhs.CharField(label="SRO", max_length=200, required=False, help_text="Senior responsible officer")
    sro_title = nhs.CharField(label="SRO's title", max_length=300, required=False)
    author_name = nhs.CharField(label="Report author", max_length=200, required=False)
    author_title = nhs.CharField(label="Report author's title", max_length=300, required=False)
    purposes = nhs.MultipleChoiceField(
        label="Purpose",
        choices=Paper.CoverPurpose.choices,
        required=False,
        help_text="Tick each box ticked on the cover sheet",
    )
    summary = cover_field("Document summary")
    priorities_link = cover_field("Link to strategic priorities")
    priorities = nhs.ModelMultipleChoiceField(
        label="Strategic priorities it concerns", queryset=Priority.objects.none(), required=False
    )
    inequalities = cover_field("How this work addresses inequalities")
    risks = cover_field("Potential risks and issues", "As printed; you can use Markdown")
    document_history = cover_field("Document history")
    appendices = cover_field("Appendices", "One a line, as printed, for example Annex A: Priorities summary framework")
    body = nhs.TextareaField(
        label="The paper", max_length=200_000, required=False, help_text="You can use Markdown", rows=20
    )
    places = places_field()
    organisations = nhs.ModelMultipleChoiceField(
        label="Organisations it concerns", queryset=Organisation.objects.all(), required=False
    )
    audience = part_field()

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = meeting.items.all()
        self.fields["items"].label_from_instance = lambda item: str(item)
        self.fields["priorities"].queryset = Priority.objects.select_related("plan")
        self.fields["priorities"].label_from_instance = lambda priority: f"{priority.code} {priority.title}"


class RecommendationForm(nhs.Form):
    verb = nhs.ChoiceField(
        label="The board is asked to", choices=Recommendation.Verb.choices, radios=True, subject="what it asks"
    )
    text = nhs.TextareaField(
        label="Recommendation", max_length=1000, help_text="As printed", subject="the recommendation"
    )


ATTACHMENT_KINDS = {"pdf", "docx", "xlsx", "csv", "png", "jpeg"}
ATTACHMENT_MAX_SIZE = 20 * 1024 * 1024


class AttachmentForm(nhs.Form):
    title = nhs.CharField(
        max_length=300, help_text="For example Annex A: Priorities summary framework", subject="the file's title"
    )
    file = nhs.FileField(allowed=ATTACHMENT_KINDS, max_size=ATTACHMENT_MAX_SIZE, subject="the file")
    reason = nhs.CharField(
        label="Why it replaces the last version",
        max_length=300,
        required=False,
        help_text="For example late paper, or revised following comments. Needed once the papers are published",
    )

    def __init__(self, *args, attachment: Attachment | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if attachment is None:
            del self.fields["reason"]
        else:
            self.fields["file"].required = False
            self.fields["file"].label = "A new version of the file"


class AttendanceForm(nhs.Form):
    person = nhs.ModelChoiceField(
        queryset=Person.objects.all(), subject="who attended or sent apologies", help_text="As named in the minutes"
    )
    kind = nhs.ChoiceField(
        label="Were they", choices=Attendance.Kind.choices, radios=True, initial=Attendance.Kind.PRESENT
    )
    seat = nhs.ModelChoiceField(
        label="Seat",
        queryset=Membership.objects.none(),
        required=False,
        empty_label="The seat they held on the day, if any",
        help_text="A deputy takes the seat of the member they stand in for",
    )
    deputy_for = nhs.ModelChoiceField(
        label="Deputising for",
        queryset=Attendance.objects.none(),
        required=False,
        empty_label="No one",
        help_text="A member who sent apologies to this meeting",
    )
    as_printed = nhs.CharField(
        label="Organisation or role as printed",
        max_length=300,
        required=False,
        help_text="As the minutes print it beside the name, for example BLMK ICS Chair. Leave empty to use their title",
    )
    initials = nhs.CharField(
        label="Initials as printed",
        max_length=10,
        required=False,
        width_class="nhsuk-input--width-5",
        help_text="Leave empty to use the initials recorded for them",
    )
    arrived = nhs.TimeField(label="Arrived at", required=False, help_text="Only if they came late. For example, 14:20")
    joined_for = nhs.ModelChoiceField(
        label="First item they were there for",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="From the start",
    )
    left = nhs.TimeField(label="Left at", required=False, help_text="Only if they left early. For example, 17:04")
    left_before = nhs.ModelChoiceField(
        label="First item they missed",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="None: they stayed to the end",
    )

    def __init__(self, *args, meeting: Meeting, attendance: Attendance | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        seats = Membership.objects.filter(board=meeting.board_id).select_related("person", "organisation")
        self.fields["person"].label_from_instance = lambda person: (
            f"{person.name} ({person.title})" if person.title else person.name
        )
        self.fields["seat"].queryset = seats
        self.fields["seat"].label_from_instance = lambda seat: str(seat)
        apologies = meeting.attendance.filter(kind=Attendance.Kind.APOLOGIES).select_related("person")
        self.fields["deputy_for"].queryset = apologies.exclude(pk=attendance.pk) if attendance else apologies
        self.fields["deputy_for"].label_from_instance = lambda sent: sent.person.name
        items = agenda_rules.in_agenda_order(meeting.items.all())
        numbers = agenda_rules.numbers(items)
        in_order = Case(*(When(pk=item.pk, then=position) for position, item in enumerate(items)), default=0)
        for name in ("joined_for", "left_before"):
            self.fields[name].queryset = meeting.items.order_by(in_order) if items else meeting.items.none()
            self.fields[name].label_from_instance = lambda item: f"{numbers.get(item.pk, '')} {item.title}".strip()


class InterestForm(nhs.Form):
    category = nhs.ChoiceField(label="Kind of interest", choices=Interest.Category.choices, radios=True)
    description = nhs.TextareaField(
        max_length=2000, subject="the interest", help_text="As declared, for example Director of a company"
    )
    organisation = nhs.ModelChoiceField(
        label="Organisation concerned",
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="None in the list",
        help_text="The interest is checked against agenda items that concern this organisation",
    )
    organisation_as_printed = nhs.CharField(
        label="Organisation as declared",
        max_length=300,
        required=False,
        help_text="Where it is not in the list, or to keep the name as the declaration gives it",
    )
    place = nhs.ModelChoiceField(
        label="Place concerned", queryset=Place.objects.all(), required=False, empty_label="None"
    )
    priority = nhs.ModelChoiceField(
        label="Priority concerned",
        queryset=Priority.objects.select_related("plan"),
        required=False,
        empty_label="None",
    )
    started = nhs.DateField(label="From", required=False, subject="the day the interest began")
    ended = nhs.DateField(
        label="To", required=False, subject="the day the interest ended", help_text="Empty while held"
    )
    declared_on = nhs.DateField(label="Declared on", subject="the day it was declared")


class NilReturnForm(nhs.Form):
    year = nhs.YearField(
        label="Financial year starting", subject="the financial year", help_text="For example, 2021 for 2021/22"
    )
    declared_on = nhs.DateField(label="Declared on", subject="the day it was declared")


class DeclarationForm(nhs.Form):
    person = nhs.ModelChoiceField(
        label="Who declared it", queryset=Person.objects.all(), subject="who declared the interest"
    )
    interest = nhs.ModelChoiceField(
        label="The interest on their register",
        queryset=Interest.objects.none(),
        required=False,
        empty_label="Not on the register, or not known",
        help_text="Interests held on the day of the meeting",
    )
    description = nhs.TextareaField(
        label="The interest as declared",
        max_length=2000,
        required=False,
        help_text="As the minutes put it. Leave empty to use the register's description",
    )
    decision = nhs.ChoiceField(label="The chair's decision", choices=Declaration.Decision.choices, radios=True)

    def __init__(self, *args, item: AgendaItem, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].label_from_instance = lambda person: (
            f"{person.name} ({person.title})" if person.title else person.name
        )
        held = Interest.objects.current(item.meeting.date).select_related("person", "organisation")
        self.fields["interest"].queryset = held.order_by("person__name", "-declared_on", "pk")
        self.fields["interest"].label_from_instance = lambda interest: ", ".join(
            part
            for part in (
                interest.person.name,
                interest.get_category_display(),
                interest.organisation.name if interest.organisation_id else interest.organisation_as_printed,
            )
            if part
        )


class PlannedItemForm(nhs.Form):
    planned_for = nhs.DateField(label="Meeting date", subject="the date of the meeting it is planned for")
    title = nhs.CharField(max_length=300, subject="the item's title", help_text="As the forward plan prints it")
    kind = nhs.ChoiceField(choices=PlannedItem.Kind.choices, radios=True, initial=PlannedItem.Kind.STRATEGY)
    lead = nhs.CharField(max_length=200, required=False, help_text="As printed: a role, initials or names")
    detail = nhs.CharField(
        label="Detail and purpose",
        max_length=500,
        required=False,
        help_text="As printed, for example To receive a briefing regarding the first Single Operating Model",
    )
    condition = nhs.CharField(
        max_length=300, required=False, help_text="As printed, for example if considered at OD session"
    )
    date_as_printed = nhs.CharField(
        label="Meeting date as printed",
        max_length=200,
        required=False,
        help_text="Where the plan prints more than a day, for example 25 September 2018 OR 3 October 2018 (tbc)",
    )
    action = nhs.ModelChoiceField(
        label="Action it answers", queryset=Action.objects.none(), required=False, empty_label="None"
    )
    taken_as = nhs.ModelChoiceField(
        label="Taken as agenda item",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="None: not taken into an agenda yet",
        help_text="Set for you when it is added to an agenda from the meeting's page",
    )

    def __init__(self, *args, board: Board, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = Action.objects.filter(board=board)
        self.fields["action"].label_from_instance = lambda action: f"{action}: {action.text[:80]}"
        items = AgendaItem.objects.filter(meeting__board=board).select_related("meeting")
        self.fields["taken_as"].queryset = items.order_by("-meeting__date", "order", "pk")
        self.fields["taken_as"].label_from_instance = lambda item: (
            f"{item.meeting.date.day} {item.meeting.date:%B %Y}, {item}"
        )
