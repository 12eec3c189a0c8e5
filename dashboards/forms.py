"""The forms staff fill in for indicators and uploads of returns. The rules are the services' (services.py,
imports.py)."""

from __future__ import annotations

import datetime as dt

from blmk_portal import forms as nhs
from dashboards.models import Area, ChangePoint, Indicator
from places.models import Organisation, Place
from priorities.models import Priority, Programme

# An upload of 50,000 rows as CSV is about 3 MB; a workbook is smaller.
MAX_UPLOAD = 10 * 1024 * 1024


class IndicatorForm(nhs.Form):
    code = nhs.CharField(
        max_length=20,
        width_class="nhsuk-input--width-10",
        help_text="Capital letters and digits, like AE4HR. Uploads of returns name the indicator by it, so it "
        "cannot be changed later",
        subject="the code",
    )
    name = nhs.CharField(max_length=300, subject="the indicator's name")
    definition = nhs.TextareaField(max_length=3000, required=False, help_text="What is counted, as the return says")
    unit = nhs.ChoiceField(choices=[("", "Choose a unit"), *Indicator.Unit.choices])
    direction = nhs.ChoiceField(label="Which way is better", choices=Indicator.Direction.choices, radios=True)
    frequency = nhs.ChoiceField(label="How often it is reported", choices=Indicator.Frequency.choices, radios=True)
    decimals = nhs.IntegerField(
        label="Decimal places shown", min_value=0, max_value=4, help_text="From 0 to 4", subject="the decimal places"
    )
    tolerance_kind = nhs.ChoiceField(label="Kind of Amber tolerance", choices=Indicator.Tolerance.choices, radios=True)
    tolerance = nhs.DecimalField(
        label="Amber tolerance",
        min_value=0,
        max_digits=12,
        decimal_places=4,
        help_text="How far short of plan (or target) still counts as Amber: in the indicator's unit, or as a "
        "percentage of the plan. 0 means any shortfall is Red",
        subject="the tolerance",
    )
    data_source = nhs.CharField(
        label="Source of the data", max_length=300, required=False, help_text="For example, NHS England A&E return"
    )
    owner = nhs.CharField(max_length=200, required=False, help_text="Who reports it")
    priorities = nhs.ModelMultipleChoiceField(
        label="Priorities it evidences", queryset=Priority.objects.select_related("plan"), required=False
    )
    programmes = nhs.ModelMultipleChoiceField(
        label="Programmes it evidences", queryset=Programme.objects.select_related("priority"), required=False
    )

    def __init__(self, *args, item: Indicator | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if item is not None:
            del self.fields["code"]  # stable: uploads and addresses name the indicator by it


class UploadForm(nhs.Form):
    file = nhs.FileField(
        label="File of returns",
        allowed={"csv", "xlsx"},
        max_size=MAX_UPLOAD,
        help_text="A CSV file or an Excel workbook (first sheet) whose first row is "
        "indicator,area,period,value,plan,target,note. Plan, target and note may be left out",
        subject="the file of returns",
    )


MONTHS = [(str(number), dt.date(2000, number, 1).strftime("%B")) for number in range(1, 13)]


class ChangePointForm(nhs.Form):
    month = nhs.ChoiceField(label="First month of the new process", choices=[("", "Choose a month"), *MONTHS])
    year = nhs.YearField(min_value=2000, max_value=2100)
    area = nhs.ModelChoiceField(
        label="Area",
        queryset=Area.objects.with_names(),
        required=False,
        empty_label="Every area",
        help_text="Leave as every area when the change was across BLMK",
    )
    reason = nhs.CharField(
        max_length=500, help_text="What changed, as the chart will say it: for example, New 4-hour pathway"
    )

    def __init__(self, *args, item: ChangePoint | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if item is not None:
            self.initial |= {"month": str(item.period.month), "year": item.period.year}


class DashboardFilters(nhs.FilterForm):
    """The public dashboard's filters, over GET: a priority narrows the indicators; a place or an organisation
    is the area whose figures the rows show, in place of the BLMK system's."""

    priority = nhs.ModelChoiceField(
        label="Priority", queryset=Priority.objects.none(), required=False, empty_label="Any priority"
    )
    place = nhs.ModelChoiceField(
        label="Place", queryset=Place.objects.all(), to_field_name="slug", required=False, empty_label="All of BLMK"
    )
    organisation = nhs.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.filter(area__isnull=False).order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="All of BLMK",
    )

    def __init__(self, *args, user=None, areas: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the priorities some indicator this reader sees evidences: any other would show nothing.
        evidenced = Indicator.objects.visible_to(user).values("pk")
        self.fields["priority"].queryset = (
            Priority.objects.visible_to(user).filter(indicators__in=evidenced).distinct().select_related("plan")
        )
        self.fields["priority"].label_from_instance = lambda priority: f"{priority.plan}: {priority}"
        if not areas:
            del self.fields["place"], self.fields["organisation"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("place") and cleaned.get("organisation"):
            self.add_error("organisation", "Choose a place or an organisation, not both")
        return cleaned
