"""The forms staff fill in for places and organisations. The rules are the services' (places/services.py)."""

from __future__ import annotations

from blmk_portal import forms as nhs
from places.models import Organisation, Place


class PlaceForm(nhs.Form):
    name = nhs.CharField(max_length=100, subject="the place's name")
    population = nhs.IntegerField(
        required=False,
        min_value=0,
        max_value=10_000_000,
        help_text="A whole number of people, like 166,000",
        subject="the population",
    )
    population_year = nhs.YearField(
        label="Year of the population estimate", required=False, help_text="For example, 2015 for a mid-2015 estimate"
    )
    population_source = nhs.CharField(label="Source of the population figure", max_length=300, required=False)
    profile = nhs.TextareaField(max_length=2000, required=False, help_text="A short description of the place")


class OrganisationForm(nhs.Form):
    name = nhs.CharField(max_length=200, subject="the organisation's name")
    short_name = nhs.CharField(
        max_length=50,
        width_class="nhsuk-input--width-10",
        help_text="The abbreviation papers use, like ELFT",
        subject="the short name",
    )
    kind = nhs.ChoiceField(label="Kind of organisation", choices=Organisation.Kind.choices, radios=True)
    website = nhs.URLField(
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text="The full address, like https://www.example.nhs.uk",
        subject="the website",
    )
    places = nhs.ModelMultipleChoiceField(label="Places it serves", queryset=Place.objects.all(), required=False)
    active_from = nhs.DateField(label="Active from", required=False, subject="the date it started")


class RetireForm(nhs.Form):
    active_to = nhs.DateField(label="Last day it existed", subject="the last day it existed")
    succeeded_by = nhs.ModelChoiceField(
        label="Succeeded by", queryset=Organisation.objects.none(), required=False, empty_label="No successor"
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["succeeded_by"].queryset = Organisation.objects.exclude(pk=organisation.pk)
