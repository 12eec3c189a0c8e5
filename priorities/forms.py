"""The forms staff fill in for plans, priorities, programmes, milestones, status updates and risks.

They present fields; the rules (a code unique in its plan, a reason for an override, commentary for Red and
Amber, what a risk may threaten) are the services' and the database's.
"""

from __future__ import annotations

from django.utils import timezone

from blmk_portal import forms as nhs
from blmk_portal.publication import Audience
from blmk_portal.rag import Rag
from places.models import Place
from priorities import risk_rules
from priorities.models import Plan, Priority, Programme, Risk, SignOff
from priorities.period_rules import recent_periods

PLACES_HINT = "Leave all unticked for work across the whole of BLMK"


def places_field() -> nhs.ModelMultipleChoiceField:
    return nhs.ModelMultipleChoiceField(
        label="Places covered", queryset=Place.objects.all(), required=False, help_text=PLACES_HINT
    )


class PlanForm(nhs.Form):
    title = nhs.CharField(max_length=300, subject="the plan's title")
    period = nhs.CharField(
        max_length=50, width_class="nhsuk-input--width-20", help_text="For example, 2018/19", subject="the period"
    )
    version_label = nhs.CharField(
        label="Version", max_length=100, required=False, help_text="For example, V0.23 FINAL DRAFT"
    )
    summary = nhs.TextareaField(max_length=3000, required=False)
    headline_figures = nhs.TextareaField(
        max_length=2000, required=False, help_text="As the plan prints them, one a line"
    )
    leads_note = nhs.CharField(
        label="What the plan says of leads not yet named",
        max_length=300,
        required=False,
        help_text="Shown, as a quotation, where a priority names no lead",
    )
    state = nhs.ChoiceField(
        label="Is the plan current?",
        choices=Plan.State.choices,
        radios=True,
        initial=Plan.State.CURRENT,
        required=False,
        help_text="Only a current plan's milestones are in the reporting round",
        subject="whether the plan is current",
    )
    superseded_by = nhs.ModelChoiceField(
        label="Superseded by",
        queryset=Plan.objects.all(),
        required=False,
        empty_label="Choose the plan that replaced it",
        help_text="Only for a superseded plan",
        subject="the plan that superseded it",
    )


class OverrideFields(nhs.Form):
    rag_override = nhs.ChoiceField(
        label="Override the overall status",
        choices=[("", "No override: use the rule"), *Rag.choices],
        required=False,
        help_text="Only when the rule gives the wrong picture; the reason is shown beside the status",
    )
    rag_override_reason = nhs.TextareaField(label="Reason for the override", max_length=1000, required=False)


class PriorityForm(OverrideFields):
    code = nhs.CharField(
        max_length=10, width_class="nhsuk-input--width-5", help_text="Within the plan, like P1", subject="the code"
    )
    title = nhs.CharField(max_length=300, subject="the priority's title")
    kind = nhs.ChoiceField(label="Kind of priority", choices=Priority.Kind.choices, radios=True)
    aim = nhs.CharField(max_length=500, required=False)
    description = nhs.TextareaField(max_length=20000, required=False, help_text="You can use Markdown")
    senior_responsible_officer = nhs.CharField(max_length=200, required=False)
    lead = nhs.CharField(max_length=200, required=False)
    clinical_lead = nhs.CharField(max_length=200, required=False)
    lived_experience_lead = nhs.CharField(label="Lived-experience lead", max_length=200, required=False)
    places = places_field()

    field_order = [
        "code",
        "title",
        "kind",
        "aim",
        "description",
        "senior_responsible_officer",
        "lead",
        "clinical_lead",
        "lived_experience_lead",
        "places",
        "rag_override",
        "rag_override_reason",
    ]


class ProgrammeForm(OverrideFields):
    title = nhs.CharField(max_length=300, subject="the programme's title")
    kind = nhs.ChoiceField(label="Kind of programme", choices=Programme.Kind.choices, radios=True)
    lead = nhs.CharField(max_length=200, required=False)
    description = nhs.TextareaField(max_length=20000, required=False, help_text="You can use Markdown")
    places = places_field()

    field_order = ["title", "kind", "lead", "description", "places", "rag_override", "rag_override_reason"]


class MilestoneForm(nhs.Form):
    title = nhs.TextareaField(label="Milestone", max_length=1000, subject="the milestone")
    owner = nhs.CharField(max_length=200, required=False)
    due_date = nhs.DateField(required=False)
    quarter = nhs.CharField(
        max_length=30,
        required=False,
        width_class="nhsuk-input--width-20",
        help_text="As the plan gives it, for example Q2 or Ongoing from 17/18",
    )
    places = places_field()


class StatusUpdateForm(nhs.Form):
    rag = nhs.ChoiceField(label="Status", choices=Rag.choices, radios=True, subject="the status")
    commentary = nhs.TextareaField(
        max_length=5000, required=False, help_text="Required for Red and Amber: what is wrong and what is being done"
    )
    reporting_period = nhs.ChoiceField(label="Reporting period", choices=[], subject="the reporting period")
    reason = nhs.TextareaField(
        label="Reason for the correction",
        max_length=1000,
        required=False,
        rows=2,
        help_text="Only to change a status already signed off: the status it replaces stays on record with this reason",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        periods = recent_periods(timezone.localdate())
        self.fields["reporting_period"].choices = [(period, period) for period in periods]
        self.fields["reporting_period"].initial = periods[0]


class WithdrawForm(nhs.Form):
    reason = nhs.TextareaField(
        label="Why is it being withdrawn?",
        max_length=1000,
        rows=3,
        help_text="Staff see this beside the withdrawn update; the public no longer see the update",
        subject="the reason for withdrawing it",
    )


class SignOffForm(nhs.Form):
    reporting_period = nhs.ChoiceField(label="Reporting period", choices=[], subject="the reporting period")
    signed_off_as = nhs.ChoiceField(
        label="Who signed it off?",
        choices=[
            (SignOff.As.SRO, "Its senior responsible officer (SRO)"),
            (SignOff.As.PROGRAMME_OFFICE, "The programme office"),
        ],
        radios=True,
        initial=SignOff.As.PROGRAMME_OFFICE,
        subject="who signed it off",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        periods = recent_periods(timezone.localdate())
        self.fields["reporting_period"].choices = [(period, period) for period in periods]


SCORE_HINTS = {
    "inherent": "Before any mitigation",
    "current": "With the mitigations in place today",
    "target": "Where the mitigations should bring it: no worse than the current score",
}


def score_field(which: str, scale: str) -> nhs.ChoiceField:
    # No score is chosen for the person: a forgotten box must be an error, never a silent 1.
    levels = risk_rules.LIKELIHOOD if scale == "likelihood" else risk_rules.CONSEQUENCE
    return nhs.ChoiceField(
        label=f"{which.capitalize()} {scale}",
        choices=[("", f"Choose a {scale}"), *((level.number, level.choice_text) for level in levels.values())],
        help_text=SCORE_HINTS[which],
        subject=f"the {which} {scale}",
        # Changing one works the scores out again in place (templates/priorities/manage/risk_form.jinja).
        width_class="app-risk-score",
    )


class RiskForm(nhs.Form):
    title = nhs.CharField(max_length=300, subject="the risk's title")
    description = nhs.TextareaField(max_length=5000, required=False)
    owner = nhs.CharField(max_length=200, required=False)
    cause = nhs.TextareaField(max_length=2000, required=False)
    effect = nhs.TextareaField(max_length=2000, required=False)
    inherent_likelihood = score_field("inherent", "likelihood")
    inherent_consequence = score_field("inherent", "consequence")
    current_likelihood = score_field("current", "likelihood")
    current_consequence = score_field("current", "consequence")
    target_likelihood = score_field("target", "likelihood")
    target_consequence = score_field("target", "consequence")
    mitigations = nhs.TextareaField(max_length=5000, required=False)
    review_date = nhs.DateField(required=False, help_text="The register flags it when this date has passed")
    state = nhs.ChoiceField(
        label="Open or closed",
        choices=Risk.State.choices,
        radios=True,
        initial=Risk.State.OPEN,
        subject="whether it is open or closed",
    )
    priority = nhs.ModelChoiceField(
        label="Priority it threatens",
        queryset=Priority.objects.select_related("plan"),
        empty_label="Choose a priority",
        subject="the priority this risk threatens",
    )
    programme = nhs.ModelChoiceField(
        label="Programme it threatens",
        queryset=Programme.objects.select_related("priority__plan"),
        required=False,
        empty_label="None: the priority as a whole",
        help_text="A programme of the priority above",
    )
    audience = nhs.ChoiceField(
        label="Who can see it",
        choices=[
            (
                Audience.PUBLIC,
                "Everyone: it is listed on its priority's public page, naming its programme if it has one, "
                "once the priority and that programme are published",
            ),
            (Audience.STAFF, "Only the programme office (confidential)"),
        ],
        radios=True,
        initial=Audience.PUBLIC,
        subject="who can see it",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].label_from_instance = lambda priority: f"{priority} ({priority.plan.title})"
        self.fields["programme"].label_from_instance = lambda programme: (
            f"{programme.title} ({programme.priority.code}, {programme.priority.plan.title})"
        )

    def clean(self):
        cleaned = super().clean()
        for name in list(cleaned):
            if name.endswith(("_likelihood", "_consequence")) and cleaned[name]:
                cleaned[name] = int(cleaned[name])
        return cleaned

    def worked_out(self) -> list[dict[str, object]]:
        """The three scores from the boxes as they stand (as sent, or as saved), for the page to show."""
        return [
            {
                "which": which.capitalize(),
                "score": risk_rules.chosen_score(
                    self[f"{which}_likelihood"].value(), self[f"{which}_consequence"].value()
                ),
            }
            for which in SCORE_HINTS
        ]

    def target_warning(self) -> str | None:
        """What saving would refuse about the target, said as soon as the scores are chosen."""
        scores = {row["which"]: row["score"] for row in self.worked_out()}
        if scores["Current"] is None or scores["Target"] is None:
            return None
        return risk_rules.target_refusal(scores["Current"], scores["Target"])


MARKDOWN_HINT = "Start a line with - for a bullet point"


class HighlightReportForm(nhs.Form):
    achievements = nhs.TextareaField(
        label="Achievements this period", max_length=5000, required=False, help_text=MARKDOWN_HINT
    )
    planned_next = nhs.TextareaField(
        label="Planned for next period", max_length=5000, required=False, help_text=MARKDOWN_HINT
    )
    issues_and_risks = nhs.TextareaField(
        label="Issues and risks", max_length=5000, required=False, help_text=MARKDOWN_HINT
    )
    decisions_needed = nhs.TextareaField(
        label="Decisions or support needed from the board", max_length=5000, required=False, help_text=MARKDOWN_HINT
    )


class HighlightPeriodForm(nhs.FilterForm):
    """The period a highlight report is read for, chosen over GET (the latest when none is chosen)."""

    period = nhs.ChoiceField(label="Reporting period", choices=[], required=False)

    def __init__(self, *args, periods: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(period, period) for period in periods]
