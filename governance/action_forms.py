"""The forms of the action log: staff raise and edit actions, owners and staff add updates and propose closure, and
staff filter the log. The rules are governance.actions'."""

from __future__ import annotations

from blmk_portal import forms as nhs
from governance import agenda_rules
from governance.models import Action, AgendaItem, Board, Meeting, Person


class ActionForm(nhs.Form):
    item = nhs.ModelChoiceField(
        label="Agenda item it was raised at",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="Not recorded",
    )
    item_as_printed = nhs.CharField(
        label="Item as the log prints it",
        max_length=300,
        required=False,
        help_text="Leave empty to use the agenda item's title",
    )
    text = nhs.TextareaField(label="Action", max_length=2000, rows=3, subject="the action")
    owners = nhs.ModelMultipleChoiceField(
        label="People responsible",
        queryset=Person.objects.all(),
        required=False,
        help_text="They see the action on their own page, can update it, and are reminded when it falls due",
    )
    owner_role = nhs.CharField(
        label="Responsible role",
        max_length=200,
        required=False,
        help_text="As printed, for example Executive lead or Chair",
    )
    due = nhs.DateField(label="Deadline", required=False, help_text="For a month, enter any day of it")
    due_precision = nhs.ChoiceField(
        label="Is the deadline a day or a month?",
        choices=[(Action.Precision.DAY, "A day"), (Action.Precision.MONTH, "A month, printed as Sep-21")],
        radios=True,
        initial=Action.Precision.MONTH,
        subject="whether the deadline is a day or a month",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        items = agenda_rules.in_agenda_order(meeting.items.all())
        numbers = agenda_rules.numbers(items)
        self.fields["item"].queryset = AgendaItem.objects.filter(meeting=meeting)
        self.fields["item"].choices = [("", "Not recorded")] + [
            (item.pk, f"{numbers[item.pk]} {item.title}".strip()) for item in items
        ]
        self.fields["owners"].label_from_instance = lambda person: (
            f"{person.name} ({person.title})" if person.title else person.name
        )


class OwnerUpdateForm(nhs.Form):
    """An owner's update, dated today."""

    text = nhs.TextareaField(
        label="Update", max_length=2000, rows=3, subject="the update", help_text="It is dated today in the log"
    )


class ActionUpdateForm(nhs.Form):
    date = nhs.DateField(required=False, help_text="Leave empty for today, or for a comment printed with no date")
    text = nhs.TextareaField(label="Update", max_length=2000, rows=3, subject="the update")


class ClosureForm(nhs.Form):
    comment = nhs.TextareaField(
        label="Why it can close (optional)",
        max_length=2000,
        rows=2,
        required=False,
        help_text="Kept as a dated update. The board closes the action when its next meeting notes the log",
    )


class ActionFilters(nhs.FilterForm):
    board = nhs.ModelChoiceField(
        queryset=Board.objects.filter(actions__isnull=False).distinct().order_by("name"),
        required=False,
        empty_label="Any board",
    )
    owner = nhs.ModelChoiceField(
        label="Person responsible",
        queryset=Person.objects.filter(actions__isnull=False).distinct().order_by("name"),
        required=False,
        empty_label="Anyone",
    )
    status = nhs.ChoiceField(choices=[("", "Any status"), *Action.Status.choices], required=False)
    overdue = nhs.ChoiceField(
        label="Overdue",
        choices=[("", "Overdue or not"), ("yes", "Overdue only"), ("no", "Not overdue")],
        required=False,
    )
