from __future__ import annotations

from django import forms
from django.utils import timezone

from blmk_portal import forms as nhs
from blmk_portal.edit_views import VersionedForm
from places.models import Organisation, Place


class PlaceForm(VersionedForm):
    name = nhs.CharField(max_length=100)
    population = nhs.IntegerField(
        required=False, min_value=0, max_value=10_000_000, help_text="A whole number of people, like 166000"
    )
    population_year = nhs.IntegerField(
        label="Year of the population estimate",
        required=False,
        min_value=1800,
        max_value=2100,
        help_text="For example, 2015 for a mid-2015 estimate",
    )
    population_source = nhs.CharField(label="Source of the population figure", max_length=300, required=False)
    profile = nhs.TextareaField(
        max_length=2000, required=False, help_text="A short description, up to 2,000 characters"
    )

    def __init__(self, *args, place: Place, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.place = place

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if Place.objects.exclude(pk=self.place.pk).filter(name__iexact=name).exists():
            raise forms.ValidationError(f"There is already a place called {name}")
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("population") and not cleaned.get("population_year"):
            self.add_error("population_year", "Enter the year the population estimate is for")
        return cleaned


class OrganisationForm(VersionedForm):
    name = nhs.CharField(max_length=200)
    short_name = nhs.CharField(
        max_length=50, width_class="nhsuk-input--width-10", help_text="The abbreviation papers use, like ELFT"
    )
    kind = nhs.ChoiceField(label="Kind of organisation", choices=Organisation.Kind.choices, radios=True)
    website = nhs.URLField(
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="The full address, like https://www.example.nhs.uk",
    )
    places = nhs.ModelMultipleChoiceField(label="Places it serves", queryset=Place.objects.all(), required=False)
    active_from = nhs.DateField(required=False, label="Active from", help_text="For example, 01/04/2020")

    def __init__(self, *args, organisation: Organisation | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def _others(self):
        others = Organisation.objects.all()
        return others.exclude(pk=self.organisation.pk) if self.organisation else others

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if self._others().filter(name__iexact=name).exists():
            raise forms.ValidationError(f"There is already an organisation called {name}")
        return name

    def clean_short_name(self) -> str:
        short_name = self.cleaned_data["short_name"]
        clash = self._others().filter(short_name__iexact=short_name).first()
        if clash:
            raise forms.ValidationError(f"{clash.name} already has the short name {short_name}: choose another")
        return short_name


class RetireForm(VersionedForm):
    active_to = nhs.DateField(label="Last day it existed", help_text="For example, 31/03/2020")
    succeeded_by = nhs.ModelChoiceField(
        label="Succeeded by (optional)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="No successor",
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["succeeded_by"].queryset = Organisation.objects.exclude(pk=organisation.pk)

    def clean_active_to(self):
        active_to = self.cleaned_data["active_to"]
        if self.organisation.active_from and active_to < self.organisation.active_from:
            raise forms.ValidationError(
                f"The last day must be on or after the day it started ({self.organisation.active_from:%d/%m/%Y})"
            )
        if active_to > timezone.localdate().replace(year=timezone.localdate().year + 5):
            raise forms.ValidationError("The last day must be within the next five years")
        return active_to
