"""The forms staff fill in for minutes, and the decision register's filters. The rules are governance.minutes'."""

from __future__ import annotations

from blmk_portal import forms as nhs
from governance.models import Board, Minute, Minutes, Paper
from places.models import Place
from priorities.models import Priority


class MinutesForm(nhs.Form):
    closed_at = nhs.TimeField(
        label="The meeting closed at", required=False, help_text="As the minutes print it. For example, 16:54"
    )
    taken_by = nhs.CharField(
        label="Minutes taken by", max_length=200, required=False, help_text="The name as printed at the foot"
    )
    drafted_on = nhs.DateField(label="Drafted on", required=False, help_text="The date printed at the foot")


class MinuteForm(nhs.Form):
    discussion = nhs.TextareaField(
        max_length=50_000, required=False, rows=12, help_text="What was discussed, as minuted. You can use Markdown"
    )
    outcome = nhs.ChoiceField(
        choices=[("", "None recorded"), *Minute.Outcome.choices],
        required=False,
        help_text="Agreed and Resolved record what was decided, as resolutions, in the decision register",
    )
    outcome_text = nhs.TextareaField(
        label="Outcome as printed",
        max_length=2000,
        required=False,
        rows=2,
        help_text='Where there is no resolution, for example "Noted." Leave empty to show the outcome\'s word',
    )


class ResolutionForm(nhs.Form):
    text = nhs.TextareaField(
        label="What was decided",
        max_length=5000,
        rows=3,
        subject="what was decided",
        help_text='As printed, for example "That the DOF group recommendations on the allocation of funding be '
        'approved." Several resolutions are numbered i), ii), iii) in order',
    )
    paper = nhs.ModelChoiceField(
        label="The paper it decided on", queryset=Paper.objects.none(), required=False, empty_label="No paper"
    )

    def __init__(self, *args, minute: Minute, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paper"].queryset = Paper.objects.filter(meeting=minute.minutes.meeting_id).order_by("order")
        self.fields["paper"].label_from_instance = lambda paper: (
            f"{paper.reference}: {paper.title}" if paper.reference else paper.title
        )


class ConfirmMinutesForm(nhs.Form):
    minutes = nhs.ModelChoiceField(
        label="Which minutes did this meeting confirm?",
        queryset=Minutes.objects.none(),
        empty_label=None,
        subject="the minutes this meeting confirmed",
    )
    corrections = nhs.TextareaField(
        label="Corrections made at the meeting",
        max_length=5000,
        required=False,
        rows=4,
        help_text="As agreed at the meeting. They are shown with the minutes. Leave empty if there were none",
    )

    def __init__(self, *args, choices, at, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["minutes"].queryset = choices
        self.fields["minutes"].label_from_instance = lambda minutes: (
            f"Minutes of the meeting of {minutes.meeting.date.day} {minutes.meeting.date:%B %Y}"
            + (" (confirmed at this meeting)" if minutes.approved_at_id == at.pk else "")
        )


class DecisionFilters(nhs.FilterForm):
    board = nhs.ModelChoiceField(label="Board", queryset=Board.objects.all(), required=False, empty_label="Any board")
    priority = nhs.ModelChoiceField(
        label="Priority", queryset=Priority.objects.none(), required=False, empty_label="Any priority"
    )
    place = nhs.ModelChoiceField(label="Place", queryset=Place.objects.all(), required=False, empty_label="Any place")
    start = nhs.DateField(label="From", required=False)
    end = nhs.DateField(label="To", required=False)

    def __init__(self, *args, user=None, fixed_board: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = Priority.objects.visible_to(user).select_related("plan")
        self.fields["priority"].label_from_instance = lambda priority: f"{priority.plan}: {priority}"
        if fixed_board:
            del self.fields["board"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the date range must be the same as or after its start")
        return cleaned
