from __future__ import annotations

from django import forms
from django.utils import timezone

from blmk_portal import forms as nhs
from blmk_portal.edit_views import VersionedForm
from places.models import Place
from priorities.models import Plan, Priority, Programme, Rag, Risk
from priorities.status_rules import needs_commentary, recent_periods

PLACES_HINT = "Leave all unticked for work across the whole of BLMK"


class PlanForm(VersionedForm):
    title = nhs.CharField(max_length=300)
    period = nhs.CharField(max_length=50, width_class="nhsuk-input--width-20", help_text="For example, 2018/19")
    version_label = nhs.CharField(
        label="Version (optional)", max_length=100, required=False, help_text="For example, V0.23 FINAL DRAFT"
    )
    summary = nhs.TextareaField(max_length=3000, required=False)


class OverrideMixin(forms.Form):
    rag_override = nhs.ChoiceField(
        label="Override the overall status (optional)",
        choices=[("", "No override: use the rule")] + list(Rag.choices),
        required=False,
        help_text="Only when the rule gives the wrong picture; the reason is shown beside the status",
    )
    rag_override_reason = nhs.TextareaField(label="Reason for the override", max_length=1000, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rag_override") and not cleaned.get("rag_override_reason", "").strip():
            self.add_error("rag_override_reason", "Enter the reason for overriding the status")
        if not cleaned.get("rag_override"):
            cleaned["rag_override_reason"] = ""
        return cleaned


class PriorityForm(OverrideMixin, VersionedForm):
    code = nhs.CharField(max_length=10, width_class="nhsuk-input--width-5", help_text="Within the plan, like P1")
    title = nhs.CharField(max_length=300)
    kind = nhs.ChoiceField(choices=Priority.Kind.choices, radios=True)
    aim = nhs.CharField(max_length=500, required=False)
    description = nhs.TextareaField(max_length=20000, required=False, help_text="You can use Markdown")
    senior_responsible_officer = nhs.CharField(max_length=200, required=False)
    lead = nhs.CharField(max_length=200, required=False)
    clinical_lead = nhs.CharField(max_length=200, required=False)
    lived_experience_lead = nhs.CharField(label="Lived-experience lead", max_length=200, required=False)
    places = nhs.ModelMultipleChoiceField(
        label="Places covered", queryset=Place.objects.all(), required=False, help_text=PLACES_HINT
    )

    field_order = [
        "version",
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

    def __init__(self, *args, plan: Plan, priority: Priority | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plan, self.priority = plan, priority

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        clash = Priority.objects.filter(plan=self.plan, code__iexact=code)
        if self.priority:
            clash = clash.exclude(pk=self.priority.pk)
        if clash.exists():
            raise forms.ValidationError(f"{self.plan.title} already has a priority {code}")
        return code


class ProgrammeForm(OverrideMixin, VersionedForm):
    title = nhs.CharField(max_length=300)
    kind = nhs.ChoiceField(choices=Programme.Kind.choices, radios=True)
    lead = nhs.CharField(max_length=200, required=False)
    description = nhs.TextareaField(max_length=20000, required=False, help_text="You can use Markdown")
    places = nhs.ModelMultipleChoiceField(
        label="Places covered", queryset=Place.objects.all(), required=False, help_text=PLACES_HINT
    )


class MilestoneForm(VersionedForm):
    title = nhs.TextareaField(max_length=1000)
    owner = nhs.CharField(max_length=200, required=False)
    due_date = nhs.DateField(label="Due date (optional)", required=False, help_text="For example, 31/03/2027")
    quarter = nhs.CharField(
        label="Quarter (optional)",
        max_length=30,
        required=False,
        width_class="nhsuk-input--width-20",
        help_text="As the plan gives it, for example Q2 or Ongoing from 17/18",
    )
    places = nhs.ModelMultipleChoiceField(
        label="Places covered", queryset=Place.objects.all(), required=False, help_text=PLACES_HINT
    )


class StatusUpdateForm(forms.Form):
    rag = nhs.ChoiceField(label="Status", choices=Rag.choices, radios=True)
    commentary = nhs.TextareaField(
        max_length=5000, required=False, help_text="Required for Red and Amber: what is wrong and what is being done"
    )
    reporting_period = nhs.ChoiceField(label="Reporting period", choices=[])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        periods = recent_periods(timezone.localdate())
        self.fields["reporting_period"].choices = [(period, period) for period in periods]
        self.fields["reporting_period"].initial = periods[0]

    def clean(self):
        cleaned = super().clean()
        rag = cleaned.get("rag")
        if rag and needs_commentary(rag) and not cleaned.get("commentary", "").strip():
            self.add_error(
                "commentary",
                f"Enter commentary: a {Rag(rag).label} status must say what is wrong and what is being done",
            )
        return cleaned


def score_field(label: str) -> nhs.ChoiceField:
    return nhs.ChoiceField(label=label, choices=[(n, str(n)) for n in range(1, 6)])


class RiskForm(VersionedForm):
    title = nhs.CharField(max_length=300)
    description = nhs.TextareaField(max_length=5000, required=False)
    owner = nhs.CharField(max_length=200, required=False)
    cause = nhs.TextareaField(max_length=2000, required=False)
    effect = nhs.TextareaField(max_length=2000, required=False)
    inherent_likelihood = score_field("Inherent likelihood (1 to 5)")
    inherent_consequence = score_field("Inherent consequence (1 to 5)")
    current_likelihood = score_field("Current likelihood (1 to 5)")
    current_consequence = score_field("Current consequence (1 to 5)")
    target_likelihood = score_field("Target likelihood (1 to 5)")
    target_consequence = score_field("Target consequence (1 to 5)")
    mitigations = nhs.TextareaField(max_length=5000, required=False)
    review_date = nhs.DateField(label="Review date (optional)", required=False, help_text="For example, 31/03/2027")
    state = nhs.ChoiceField(label="Open or closed", choices=Risk.State.choices, radios=True)
    priority = nhs.ModelChoiceField(
        label="Priority (optional)",
        queryset=Priority.objects.select_related("plan"),
        required=False,
        empty_label="None",
    )
    programme = nhs.ModelChoiceField(
        label="Programme (optional)", queryset=Programme.objects.all(), required=False, empty_label="None"
    )
    confidential = nhs.ChoiceField(
        label="Who can see it",
        choices=[("False", "Public, once its priority is published"), ("True", "Confidential: staff only")],
        radios=True,
    )

    def clean(self):
        cleaned = super().clean()
        for name in list(cleaned):
            if name.endswith(("_likelihood", "_consequence")):
                cleaned[name] = int(cleaned[name])
        if "confidential" in cleaned:
            cleaned["confidential"] = cleaned["confidential"] == "True"
        if not cleaned.get("priority") and not cleaned.get("programme"):
            self.add_error("priority", "Choose the priority or programme this risk threatens")
        return cleaned
