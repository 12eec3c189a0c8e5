"""The NHS form fields: their messages, their markup, their checks of uploaded files, and data_for."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.core import validators
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import fields as django_fields
from django.forms import models as django_model_fields
from PIL import Image

from blmk_portal import forms as nhs
from blmk_portal import uploads
from places.models import Place
from tests.factories import PlaceFactory

MB = 1024 * 1024


def form_with(field: forms.Field, name: str = "value") -> type[nhs.Form]:
    """A portal form holding just this field."""
    return type("OneFieldForm", (nhs.Form,), {name: field})


def errors_for(field: forms.Field, value: Any, name: str = "value") -> list[str]:
    """The messages a one-field form gives when its field is posted `value`."""
    data = value if isinstance(value, dict) else {name: value}
    form = form_with(field, name)(data)
    form.is_valid()
    return form.errors.get(name, [])


def cleaned(field: forms.Field, value: Any, name: str = "value") -> Any:
    data = value if isinstance(value, dict) else {name: value}
    form = form_with(field, name)(data)
    assert form.is_valid(), form.errors
    return form.cleaned_data[name]


def input_tag(page: str, element_id: str) -> str:
    found = re.search(rf'<input[^>]*\bid="{re.escape(element_id)}"[^>]*>', page)
    assert found, f"no input with id {element_id}"
    return found[0]


def compact(page: str) -> str:
    """The markup with the macros' runs of whitespace inside tags collapsed: `<legend class="x">`."""
    return re.sub(r"\s+>", ">", re.sub(r"\s+", " ", page))


def text_of(page: str) -> str:
    """The page as a person reads it: tags removed, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


class TestSubjects:
    def test_a_label_becomes_the_subject_with_the(self):
        assert errors_for(nhs.CharField(label="Population"), "") == ["Enter the population"]

    def test_a_label_starting_with_an_article_keeps_it(self):
        assert errors_for(nhs.CharField(label="A reason for the change"), "") == ["Enter a reason for the change"]
        assert errors_for(nhs.CharField(label="The title"), "") == ["Enter the title"]
        assert errors_for(nhs.CharField(label="An aim"), "") == ["Enter an aim"]

    def test_a_label_starting_with_an_acronym_keeps_its_capitals(self):
        assert errors_for(nhs.CharField(label="NHS number"), "") == ["Enter the NHS number"]

    def test_a_field_without_a_label_is_named_from_its_name(self):
        assert errors_for(nhs.CharField(), "", name="population_year") == ["Enter the population year"]

    def test_an_optional_mark_in_the_label_is_not_part_of_the_subject(self):
        field = nhs.IntegerField(label="Population (optional)", required=False)
        assert errors_for(field, "lots") == ["The population must be a whole number, like 166,000"]

    def test_a_subject_given_to_the_field_is_kept(self):
        assert errors_for(nhs.CharField(label="Name", subject="the place's name"), "") == ["Enter the place's name"]

    def test_a_subject_that_starts_the_message_is_capitalised(self):
        field = nhs.CharField(max_length=3, subject="whose idea it was")
        assert errors_for(field, "Sam and Alex") == ["Whose idea it was must be 3 characters or fewer"]

    def test_a_form_that_is_not_a_portal_form_names_fields_by_their_label(self):
        class PlainForm(forms.Form):
            email = nhs.EmailField(label="Email address")

        form = PlainForm({"email": ""})
        assert form.errors["email"] == ["Enter the email address"]


class TestRequiredMessages:
    @pytest.mark.parametrize(
        "field",
        [
            nhs.CharField(label="Title"),
            nhs.TextareaField(label="Title", max_length=100),
            nhs.EmailField(label="Title"),
            nhs.PasswordField(label="Title"),
            nhs.URLField(label="Title"),
            nhs.IntegerField(label="Title"),
            nhs.DecimalField(label="Title"),
            nhs.TimeField(label="Title"),
        ],
        ids=lambda field: type(field).__name__,
    )
    def test_an_empty_text_field_asks_to_enter_it(self, field):
        assert errors_for(field, "") == ["Enter the title"]

    def test_only_spaces_are_empty(self):
        assert errors_for(nhs.CharField(label="Title"), "   ") == ["Enter the title"]

    def test_an_empty_date_asks_to_enter_it(self):
        data = {"value-day": "", "value-month": "", "value-year": ""}
        assert errors_for(nhs.DateField(label="Due date"), data) == ["Enter the due date"]

    @pytest.mark.parametrize(
        "field",
        [
            nhs.ChoiceField(label="Kind", choices=[("a", "A")]),
            nhs.ChoiceField(label="Kind", choices=[("a", "A")], radios=True),
            nhs.YesNoField(label="Kind"),
        ],
        ids=["select", "radios", "yes-no"],
    )
    def test_an_empty_choice_asks_to_select_it(self, field):
        assert errors_for(field, "") == ["Select the kind"]

    @pytest.mark.django_db
    def test_empty_model_choices_ask_to_select_them(self):
        assert errors_for(nhs.ModelChoiceField(label="Place", queryset=Place.objects.all()), "") == ["Select the place"]
        assert errors_for(nhs.ModelMultipleChoiceField(label="Places", queryset=Place.objects.all()), []) == [
            "Select the places"
        ]

    def test_a_missing_file_asks_to_select_it(self):
        field = nhs.FileField(label="Report", allowed={"pdf"}, max_size=MB)
        form = form_with(field)({}, {})
        assert form.errors["value"] == ["Select the report"]

    def test_messages_the_form_wrote_itself_are_kept(self):
        field = nhs.CharField(label="Title", error_messages={"required": "Give the plan a title"})
        assert errors_for(field, "") == ["Give the plan a title"]


class TestLengthMessages:
    def test_text_over_the_maximum_says_how_long_it_may_be(self):
        assert errors_for(nhs.TextareaField(label="Profile", max_length=2000), "x" * 2001) == [
            "The profile must be 2,000 characters or fewer"
        ]

    def test_text_under_the_minimum_says_how_long_it_must_be(self):
        assert errors_for(nhs.CharField(label="Code", min_length=1500), "x") == [
            "The code must be 1,500 characters or more"
        ]

    def test_a_limit_of_one_is_one_character(self):
        assert errors_for(nhs.CharField(label="Initial", max_length=1), "AB") == [
            "The initial must be 1 character or fewer"
        ]

    def test_text_at_the_maximum_is_accepted(self):
        assert cleaned(nhs.CharField(label="Code", max_length=3), "abc") == "abc"


class TestIntegerField:
    @pytest.mark.parametrize("typed", ["214,000", " 214 000 ", "214000", "214\u00a0000"])
    def test_a_number_typed_as_printed_is_accepted(self, typed):
        assert cleaned(nhs.IntegerField(label="Population"), typed) == 214_000

    @pytest.mark.parametrize("typed", ["214_000", "12.5", "1e5", "lots", "£200", "٣"])
    def test_anything_but_digits_commas_and_spaces_is_not_a_whole_number(self, typed):
        assert errors_for(nhs.IntegerField(label="Population"), typed) == [
            "The population must be a whole number, like 166,000"
        ]

    def test_a_number_outside_both_limits_says_the_range(self):
        field = nhs.IntegerField(label="Population", min_value=1000, max_value=10_000_000)
        assert errors_for(field, "12") == ["The population must be between 1,000 and 10,000,000"]
        assert errors_for(field, "20,000,000") == ["The population must be between 1,000 and 10,000,000"]

    def test_a_number_under_the_only_limit_says_the_least(self):
        assert errors_for(nhs.IntegerField(label="Population", min_value=1000), "12") == [
            "The population must be 1,000 or more"
        ]

    def test_a_number_over_the_only_limit_says_the_most(self):
        assert errors_for(nhs.IntegerField(label="Population", max_value=1000), "1,001") == [
            "The population must be 1,000 or fewer"
        ]

    def test_a_number_off_the_step_says_which_numbers_will_do(self):
        assert errors_for(nhs.IntegerField(label="Beds", step_size=5), "12") == ["The beds must be a multiple of 5"]
        assert errors_for(nhs.IntegerField(label="Beds", step_size=5, min_value=1), "12") == [
            "The beds must be 1, 6, 11 and so on"
        ]

    def test_it_is_a_text_input_with_a_numeric_keyboard(self):
        page = str(form_with(nhs.IntegerField(label="Population"))()["value"])
        tag = input_tag(page, "id_value")
        assert 'type="text"' in tag
        assert 'inputmode="numeric"' in tag
        assert "nhsuk-input--width-10" in tag
        assert 'type="number"' not in page

    def test_what_was_typed_is_shown_back_after_an_error(self):
        form = form_with(nhs.IntegerField(label="Population", max_value=10))({"value": "214,000"})
        assert not form.is_valid()
        assert 'value="214,000"' in input_tag(str(form["value"]), "id_value")


class TestDecimalField:
    def test_a_number_with_commas_and_a_point_is_accepted(self):
        assert cleaned(nhs.DecimalField(label="Rate"), "1,234.5") == Decimal("1234.5")

    @pytest.mark.parametrize("typed", ["12,5x", "NaN", "Infinity", "1.2.3", "."])
    def test_something_that_is_not_a_number_says_so(self, typed):
        assert errors_for(nhs.DecimalField(label="Rate"), typed) == ["The rate must be a number, like 12.5"]

    def test_too_many_decimal_places_says_how_many_are_allowed(self):
        assert errors_for(nhs.DecimalField(label="Rate", decimal_places=1), "12.25") == [
            "The rate must have 1 decimal place or fewer"
        ]
        assert errors_for(nhs.DecimalField(label="Rate", decimal_places=2), "12.255") == [
            "The rate must have 2 decimal places or fewer"
        ]

    def test_too_many_digits_says_how_many_are_allowed(self):
        field = nhs.DecimalField(label="Rate", max_digits=4, decimal_places=1)
        assert errors_for(field, "1,234") == ["The rate must have 3 digits or fewer before the decimal point"]
        assert errors_for(field, "12,345") == ["The rate must have 4 digits or fewer"]

    def test_limits_read_like_the_whole_number_ones(self):
        assert errors_for(nhs.DecimalField(label="Rate", min_value=0, max_value=100), "100.5") == [
            "The rate must be between 0 and 100"
        ]

    def test_it_is_a_text_input_with_a_decimal_keyboard(self):
        tag = input_tag(str(form_with(nhs.DecimalField(label="Rate"))()["value"]), "id_value")
        assert 'type="text"' in tag
        assert 'inputmode="decimal"' in tag


class TestTimeField:
    @pytest.mark.parametrize(
        ("typed", "time"),
        [("14:30", dt.time(14, 30)), ("9:30", dt.time(9, 30)), ("09.30", dt.time(9, 30)), ("0930", dt.time(9, 30))],
    )
    def test_a_24_hour_time_is_accepted_as_people_type_it(self, typed, time):
        assert cleaned(nhs.TimeField(label="Start time"), typed) == time

    @pytest.mark.parametrize("typed", ["24:00", "14:60", "2:30pm", "14:3", "930", "half past two"])
    def test_anything_else_asks_for_a_24_hour_time(self, typed):
        assert errors_for(nhs.TimeField(label="Start time"), typed) == [
            "Enter the start time as a time on the 24-hour clock, like 14:30"
        ]

    def test_it_is_a_narrow_input_with_an_example(self):
        page = str(form_with(nhs.TimeField(label="Start time"))(initial={"value": dt.time(9, 5)})["value"])
        tag = input_tag(page, "id_value")
        assert "nhsuk-input--width-5" in tag
        assert 'value="09:05"' in tag
        assert "For example, 14:30" in text_of(page)

    def test_its_own_help_text_replaces_the_example(self):
        page = str(form_with(nhs.TimeField(label="Start time", help_text="When the meeting starts"))()["value"])
        assert "When the meeting starts" in text_of(page)
        assert "For example, 14:30" not in text_of(page)


class TestChoiceFields:
    def test_a_choice_not_in_the_list_asks_to_select_from_the_list(self):
        field = nhs.ChoiceField(label="Kind", choices=[("a", "A")], radios=True)
        assert errors_for(field, "zzz") == ["Select the kind from the list"]

    @pytest.mark.django_db
    def test_a_place_not_in_the_list_asks_to_select_from_the_list(self):
        field = nhs.ModelChoiceField(label="Place", queryset=Place.objects.all())
        assert errors_for(field, "999999") == ["Select the place from the list"]
        assert errors_for(field, "abc") == ["Select the place from the list"]

    @pytest.mark.django_db
    def test_places_not_in_the_list_ask_to_select_from_the_list(self):
        field = nhs.ModelMultipleChoiceField(label="Places", queryset=Place.objects.all())
        assert errors_for(field, ["999999"]) == ["Select the places from the list"]
        assert errors_for(field, ["abc"]) == ["Select the places from the list"]

    def test_radios_are_in_a_fieldset_with_the_label_as_legend(self):
        field = nhs.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")], radios=True)
        page = compact(str(form_with(field)()["value"]))
        assert '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s"> Kind </legend>' in page
        assert 'value="a"' in input_tag(page, "id_value"), "the first radio has the field's id, for error links"
        assert "<label" not in page.split("<fieldset")[0]

    def test_radios_leave_out_the_empty_choice_a_select_needs(self):
        field = nhs.ChoiceField(label="Kind", choices=[("", "Choose a kind"), ("a", "A")], radios=True)
        page = str(form_with(field)()["value"])
        assert 'value=""' not in page
        assert "Choose a kind" not in page
        select = str(form_with(nhs.ChoiceField(label="Kind", choices=[("", "Choose a kind"), ("a", "A")]))()["value"])
        assert "Choose a kind" in select


class TestURLAndEmail:
    def test_a_web_address_in_the_wrong_format_shows_one_in_the_right_format(self):
        assert errors_for(nhs.URLField(label="Website"), "not a web address") == [
            "Enter the website in the correct format, like https://www.example.nhs.uk"
        ]

    def test_a_web_address_without_a_scheme_is_taken_as_https(self):
        assert cleaned(nhs.URLField(label="Website"), "www.example.nhs.uk") == "https://www.example.nhs.uk"

    def test_an_email_address_in_the_wrong_format_shows_one_in_the_right_format(self):
        assert errors_for(nhs.EmailField(label="Email address"), "sam at example") == [
            "Enter an email address in the correct format, like name@example.com"
        ]


class TestYesNoField:
    def field(self, **kwargs: Any) -> nhs.YesNoField:
        return nhs.YesNoField(label="Is the risk confidential?", subject="whether the risk is confidential", **kwargs)

    def test_no_answer_asks_to_select(self):
        assert errors_for(self.field(), "") == ["Select whether the risk is confidential"]

    def test_an_answer_that_is_neither_asks_to_select(self):
        assert errors_for(self.field(), "maybe") == ["Select whether the risk is confidential"]

    def test_yes_is_true_and_no_is_false_even_when_required(self):
        assert cleaned(self.field(), "yes") is True
        assert cleaned(self.field(), "no") is False

    def test_an_optional_unanswered_question_is_none(self):
        assert cleaned(self.field(required=False), "") is None

    def test_it_renders_inline_yes_and_no_radios(self):
        page = str(form_with(self.field())()["value"])
        assert "nhsuk-radios--inline" in page
        assert 'value="yes"' in input_tag(page, "id_value")
        assert 'value="no"' in input_tag(page, "id_value-2")
        assert "checked" not in page

    @pytest.mark.parametrize(
        ("initial", "checked_id", "unchecked_id"),
        [(True, "id_value", "id_value-2"), (False, "id_value-2", "id_value")],
    )
    def test_an_initial_answer_shows_its_radio_checked(self, initial, checked_id, unchecked_id):
        page = str(form_with(self.field())(initial={"value": initial})["value"])
        assert "checked" in input_tag(page, checked_id)
        assert "checked" not in input_tag(page, unchecked_id)

    def test_a_posted_answer_is_shown_back(self):
        form = form_with(self.field())({"value": "no"})
        assert "checked" in input_tag(str(form["value"]), "id_value-2")


class TestDateField:
    def field(self, **kwargs: Any) -> nhs.DateField:
        return nhs.DateField(label="Review date", **kwargs)

    def post(self, day: str, month: str, year: str) -> dict[str, str]:
        return {"value-day": day, "value-month": month, "value-year": year}

    def test_a_real_date_is_accepted(self):
        assert cleaned(self.field(), self.post("31", "3", "2026")) == dt.date(2026, 3, 31)

    def test_leading_zeros_and_spaces_are_fine(self):
        assert cleaned(self.field(), self.post(" 01 ", "04", "2026")) == dt.date(2026, 4, 1)

    def test_29_february_in_a_leap_year_is_accepted(self):
        assert cleaned(self.field(), self.post("29", "2", "2028")) == dt.date(2028, 2, 29)

    def test_29_february_outside_a_leap_year_is_not_a_real_date(self):
        assert errors_for(self.field(), self.post("29", "2", "2027")) == ["The review date must be a real date"]

    def test_31_february_is_not_a_real_date(self):
        assert errors_for(self.field(), self.post("31", "2", "2026")) == ["The review date must be a real date"]

    @pytest.mark.parametrize("post", [("1", "13", "2026"), ("32", "1", "2026"), ("a", "1", "2026"), ("1", "1", "20x6")])
    def test_impossible_parts_are_not_a_real_date(self, post):
        assert errors_for(self.field(), self.post(*post)) == ["The review date must be a real date"]

    @pytest.mark.parametrize(
        ("post", "message"),
        [
            (("", "3", "2026"), "The review date must include a day"),
            (("31", "", "2026"), "The review date must include a month"),
            (("31", "3", ""), "The review date must include a year"),
            (("", "", "2026"), "The review date must include a day and month"),
            (("", "3", ""), "The review date must include a day and year"),
            (("31", "", ""), "The review date must include a month and year"),
        ],
    )
    def test_a_date_missing_parts_says_which(self, post, message):
        assert errors_for(self.field(), self.post(*post)) == [message]

    def test_a_date_missing_its_month_says_so(self):
        assert errors_for(self.field(), self.post("31", " ", "2026")) == ["The review date must include a month"]

    @pytest.mark.parametrize("year", ["26", "202", "20266"])
    def test_a_year_that_is_not_4_digits_says_so(self, year):
        assert errors_for(self.field(), self.post("31", "3", year)) == ["Year must include 4 numbers"]

    @pytest.mark.parametrize("year", ["1899", "2101", "0000"])
    def test_a_year_before_1900_or_after_2100_is_refused(self, year):
        assert errors_for(self.field(), self.post("1", "1", year)) == ["The review date must be between 1900 and 2100"]

    def test_the_first_and_last_years_are_accepted(self):
        assert cleaned(self.field(), self.post("1", "1", "1900")) == dt.date(1900, 1, 1)
        assert cleaned(self.field(), self.post("31", "12", "2100")) == dt.date(2100, 12, 31)

    def test_an_optional_empty_date_is_none(self):
        assert cleaned(self.field(required=False), self.post("", "", "")) is None
        assert cleaned(self.field(required=False), {}) is None

    def test_it_renders_day_month_and_year_boxes_in_a_fieldset(self):
        page = str(form_with(self.field())()["value"])
        assert 'class="nhsuk-date-input"' in page
        assert "Review date" in re.search(r"<legend.*?</legend>", page, re.S)[0]
        for part, width in (("day", 2), ("month", 2), ("year", 4)):
            tag = input_tag(page, f"id_value-{part}")
            assert f'name="value-{part}"' in tag
            assert f"nhsuk-input--width-{width}" in tag
            assert 'inputmode="numeric"' in tag
        assert 'type="date"' not in page

    def test_an_initial_date_shows_its_parts(self):
        page = str(form_with(self.field())(initial={"value": dt.date(2026, 3, 9)})["value"])
        assert 'value="9"' in input_tag(page, "id_value-day")
        assert 'value="3"' in input_tag(page, "id_value-month")
        assert 'value="2026"' in input_tag(page, "id_value-year")

    def test_the_parts_typed_are_kept_after_an_error(self):
        form = form_with(self.field())(self.post("31", "2", "2026"))
        assert not form.is_valid()
        assert form.data["value-day"] == "31"
        page = str(form["value"])
        assert 'value="31"' in input_tag(page, "id_value-day")
        assert 'value="2"' in input_tag(page, "id_value-month")
        assert 'value="2026"' in input_tag(page, "id_value-year")

    def test_only_the_box_in_error_is_marked(self):
        form = form_with(self.field())(self.post("31", "", "2026"))
        page = str(form["value"])
        assert "nhsuk-input--error" in input_tag(page, "id_value-month")
        assert "nhsuk-input--error" not in input_tag(page, "id_value-day")
        assert "nhsuk-input--error" not in input_tag(page, "id_value-year")
        assert "nhsuk-form-group--error" in page

    def test_a_year_of_the_wrong_length_marks_only_the_year(self):
        page = str(form_with(self.field())(self.post("31", "3", "26"))["value"])
        assert "nhsuk-input--error" in input_tag(page, "id_value-year")
        assert "nhsuk-input--error" not in input_tag(page, "id_value-day")
        assert "nhsuk-input--error" not in input_tag(page, "id_value-month")

    def test_a_date_wrong_as_a_whole_marks_every_box(self):
        page = str(form_with(self.field())(self.post("29", "2", "2027"))["value"])
        for part in ("day", "month", "year"):
            assert "nhsuk-input--error" in input_tag(page, f"id_value-{part}")

    def test_a_date_left_empty_marks_every_box(self):
        page = str(form_with(self.field())(self.post("", "", ""))["value"])
        for part in ("day", "month", "year"):
            assert "nhsuk-input--error" in input_tag(page, f"id_value-{part}")

    def test_an_error_the_form_adds_marks_every_box(self):
        form = form_with(self.field())(self.post("1", "4", "2026"))
        assert form.is_valid()
        form.add_error("value", "The review date must be after the start date")
        page = str(form["value"])
        for part in ("day", "month", "year"):
            assert "nhsuk-input--error" in input_tag(page, f"id_value-{part}")

    def test_no_box_is_marked_without_an_error(self):
        page = str(form_with(self.field())(self.post("1", "4", "2026"))["value"])
        assert "nhsuk-input--error" not in page

    def test_the_error_summary_links_to_the_first_box_in_error(self):
        form = form_with(self.field())(self.post("31", "", ""))
        assert nhs.error_list(form) == [
            {"text": "The review date must include a month and year", "href": "#id_value-month"}
        ]

    def test_boxes_are_named_after_the_prefixed_field(self):
        form_class = form_with(self.field())
        form = form_class({"plan-value-day": "1", "plan-value-month": "4", "plan-value-year": "2026"}, prefix="plan")
        assert form.is_valid()
        assert form.cleaned_data["value"] == dt.date(2026, 4, 1)
        assert 'name="plan-value-day"' in input_tag(str(form["value"]), "id_plan-value-day")


class TestTextareaField:
    def test_a_limited_textarea_is_an_nhs_character_count(self):
        page = str(form_with(nhs.TextareaField(label="Profile", max_length=2000))()["value"])
        assert 'data-module="nhsuk-character-count"' in page
        assert 'data-maxlength="2000"' in page
        assert "nhsuk-js-character-count" in page
        assert "You can enter up to 2,000 characters" in text_of(page)

    def test_no_input_has_a_maxlength_attribute(self):
        form_class = type(
            "TextForm",
            (nhs.Form,),
            {
                "profile": nhs.TextareaField(max_length=2000),
                "title": nhs.CharField(max_length=300),
                "email": nhs.EmailField(max_length=254),
                "website": nhs.URLField(max_length=200),
            },
        )
        page = "".join(str(bound) for bound in form_class({"profile": "x" * 2100, "title": "y"}))
        assert not re.search(r"\smaxlength=", page)

    def test_text_over_the_limit_is_shown_back_whole(self):
        form = form_with(nhs.TextareaField(label="Profile", max_length=10))({"value": "x" * 15})
        assert not form.is_valid()
        assert "x" * 15 in str(form["value"])

    def test_an_unlimited_textarea_is_a_plain_textarea(self):
        page = str(form_with(nhs.TextareaField(label="Notes"))()["value"])
        assert "<textarea" in page
        assert "character-count" not in page


class TestOptionalLabels:
    def test_an_optional_field_says_optional_after_its_label(self):
        page = str(form_with(nhs.CharField(label="Aim", required=False))()["value"])
        assert re.search(r"<label[^>]*>\s*Aim \(optional\)\s*</label>", page)

    def test_a_required_field_does_not(self):
        assert "(optional)" not in str(form_with(nhs.CharField(label="Aim"))()["value"])

    def test_a_label_that_already_says_optional_does_not_say_it_twice(self):
        page = str(form_with(nhs.CharField(label="Aim (optional)", required=False))()["value"])
        assert "Aim (optional)" in page
        assert "(optional) (optional)" not in page

    @pytest.mark.parametrize(
        "field",
        [
            nhs.DateField(label="Due date", required=False),
            nhs.ChoiceField(label="Due date", choices=[("a", "A")], radios=True, required=False),
            nhs.YesNoField(label="Due date", required=False),
            nhs.ModelMultipleChoiceField(label="Due date", queryset=Place.objects.none(), required=False),
        ],
        ids=["date", "radios", "yes-no", "checkboxes"],
    )
    def test_an_optional_fieldset_says_optional_in_its_legend(self, field):
        page = str(form_with(field)()["value"])
        assert re.search(r"<legend[^>]*>\s*Due date \(optional\)\s*</legend>", page)


def pdf(*objects: bytes) -> bytes:
    """A small PDF whose catalogue holds the given extra entries."""
    body = b"".join(objects)
    return (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R " + body + b">>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def real_pdf() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PDF")
    return buffer.getvalue()


def image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, kind)
    return buffer.getvalue()


def office_zip(*parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in parts:
            archive.writestr(part, "<xml/>")
    return buffer.getvalue()


DOCX = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")
XLSX = ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml")


class TestFileField:
    def upload(self, content: bytes, name: str = "report.pdf", allowed: set[str] | None = None, **kwargs: Any):
        """The bound form after uploading `content` as `name`."""
        field = nhs.FileField(
            label="Report", allowed=allowed or set(uploads.KINDS), max_size=kwargs.pop("max_size", MB)
        )
        form = form_with(field)({}, {"value": SimpleUploadedFile(name, content, content_type="application/pdf")})
        form.is_valid()
        return form

    def test_a_real_pdf_is_accepted_as_a_pdf(self):
        form = self.upload(real_pdf())
        assert form.errors == {}
        assert form.cleaned_data["value"].kind == "pdf"
        assert form.cleaned_data["value"].read(5) == b"%PDF-", "the file is left ready to read from the start"

    def test_a_pdf_with_javascript_is_refused(self):
        content = pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ")
        assert self.upload(content).errors["value"] == [
            "The report is a PDF with JavaScript in it, which is not allowed"
        ]

    def test_a_pdf_hiding_javascript_in_a_hex_escaped_name_is_refused(self):
        content = pdf(b"/AA << /O << /S /Java#53cript /J#53 (app.alert(1)) >> >> ")
        assert self.upload(content).errors["value"] == [
            "The report is a PDF with JavaScript in it, which is not allowed"
        ]

    def test_a_pdf_that_launches_a_program_is_refused(self):
        content = pdf(b"/OpenAction << /S /Launch /F (cmd.exe) >> ")
        assert self.upload(content).errors["value"] == [
            "The report is a PDF that can start other programs, which is not allowed"
        ]

    def test_a_pdf_with_an_ordinary_open_action_is_accepted(self):
        assert self.upload(pdf(b"/OpenAction [3 0 R /Fit] ")).errors == {}

    def test_bytes_inside_a_pdf_stream_that_look_like_javascript_are_data(self):
        stream = b"4 0 obj\n<< /Length 8 >>\nstream\n\x01/JS (\x02\nendstream\nendobj\n"
        content = real_pdf().replace(b"%%EOF", stream + b"%%EOF")
        assert self.upload(content).errors == {}

    def test_a_javascript_name_cut_by_a_chunk_boundary_is_still_found(self):
        content = pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ")
        for chunk_size in (3, 7, 11, 64):
            upload = SimpleUploadedFile("report.pdf", content)
            assert uploads.pdf_active_content(upload, chunk_size=chunk_size) == "javascript"

    def test_a_script_after_a_stream_is_found_and_the_stream_skipped_at_any_chunk_size(self):
        stream = b"4 0 obj\n<< /Length 8 >>\nstream\n\x01/JS (\x02\nendstream\nendobj\n"
        harmless = real_pdf().replace(b"%%EOF", stream + b"%%EOF")
        script = harmless.replace(b"%%EOF", b"5 0 obj\n<< /S /JavaScript /JS (x) >>\nendobj\n%%EOF")
        for size in (3, 7, 11, 64, 4096):
            assert uploads.pdf_active_content(SimpleUploadedFile("a.pdf", harmless), chunk_size=size) is None
            assert uploads.pdf_active_content(SimpleUploadedFile("a.pdf", script), chunk_size=size) == "javascript"

    def test_a_renamed_program_is_refused_whatever_its_name(self):
        for program in (b"MZ\x90\x00\x03" + b"\x00" * 60, b"MZ this is text", b"\x7fELF\x02\x01\x01"):
            assert self.upload(program, name="report.pdf").errors["value"] == [
                "The report must be a PDF, Word document, Excel spreadsheet, CSV file, PNG or JPEG image"
            ]

    def test_the_message_lists_only_the_allowed_kinds(self):
        assert self.upload(image("PNG"), allowed={"pdf", "docx"}).errors["value"] == [
            "The report must be a PDF or Word document"
        ]
        assert self.upload(real_pdf(), allowed={"xlsx"}).errors["value"] == ["The report must be an Excel spreadsheet"]
        assert self.upload(real_pdf(), allowed={"png", "jpeg"}).errors["value"] == [
            "The report must be a PNG or JPEG image"
        ]

    def test_a_pdf_name_on_a_png_is_a_png(self):
        form = self.upload(image("PNG"), name="report.pdf", allowed={"png"})
        assert form.cleaned_data["value"].kind == "png"

    def test_a_jpeg_is_a_jpeg(self):
        assert self.upload(image("JPEG"), name="photo.jpg", allowed={"jpeg"}).cleaned_data["value"].kind == "jpeg"

    def test_a_file_over_the_size_limit_says_the_limit(self):
        form = self.upload(b"%PDF-" + b"x" * (20 * MB), max_size=20 * MB)
        assert form.errors["value"] == ["The report must be smaller than 20 MB"]

    def test_sizes_read_as_people_say_them(self):
        assert uploads.size_in_words(20 * MB) == "20 MB"
        assert uploads.size_in_words(500 * 1024) == "500 KB"
        assert uploads.size_in_words(int(1.5 * MB)) == "1.5 MB"
        assert uploads.size_in_words(300) == "300 bytes"

    def test_a_limit_written_in_decimal_megabytes_reads_as_round_as_it_was_written(self):
        assert uploads.size_in_words(1_000_000) == "1 MB"
        assert uploads.size_in_words(20_000_000) == "20 MB"
        assert uploads.size_in_words(250_000) == "250 KB"

    def test_an_empty_file_says_it_is_empty(self):
        assert self.upload(b"").errors["value"] == ["The report is empty"]

    def test_a_minimal_word_document_is_a_docx(self):
        form = self.upload(office_zip(*DOCX), name="plan.docx", allowed={"docx"})
        assert form.cleaned_data["value"].kind == "docx"

    def test_a_minimal_workbook_is_an_xlsx(self):
        form = self.upload(office_zip(*XLSX), name="plan.xlsx", allowed={"xlsx"})
        assert form.cleaned_data["value"].kind == "xlsx"

    def test_a_workbook_named_docx_is_not_a_word_document(self):
        assert self.upload(office_zip(*XLSX), name="plan.docx", allowed={"docx"}).errors["value"] == [
            "The report must be a Word document"
        ]

    def test_a_zip_without_content_types_is_not_a_word_document(self):
        assert self.upload(office_zip("word/document.xml"), name="plan.docx", allowed={"docx"}).errors["value"] == [
            "The report must be a Word document"
        ]

    def test_a_macro_enabled_document_is_not_a_word_document(self):
        content = office_zip(*DOCX, "word/vbaProject.bin")
        assert self.upload(content, name="plan.docx", allowed={"docx"}).errors["value"] == [
            "The report must be a Word document"
        ]

    def test_a_broken_zip_is_not_a_word_document(self):
        content = office_zip(*DOCX)[:30]
        assert self.upload(content, name="plan.docx", allowed={"docx"}).errors["value"] == [
            "The report must be a Word document"
        ]

    def test_a_csv_with_a_byte_order_mark_is_a_csv(self):
        form = self.upload("\ufeffplace,population\nLuton,225262\n".encode(), name="data.csv", allowed={"csv"})
        assert form.cleaned_data["value"].kind == "csv"

    def test_a_csv_with_a_nul_byte_is_not_a_csv(self):
        form = self.upload(b"place,population\nLuton,\x00225262\n", name="data.csv", allowed={"csv"})
        assert form.errors["value"] == ["The report must be a CSV file"]

    def test_a_csv_that_is_not_utf8_is_not_a_csv(self):
        form = self.upload("place\nSaint-Étienne\n".encode("latin-1"), name="data.csv", allowed={"csv"})
        assert form.errors["value"] == ["The report must be a CSV file"]

    def test_a_file_name_too_long_says_so(self):
        field = nhs.FileField(label="Report", allowed={"pdf"}, max_size=MB, max_length=10)
        form = form_with(field)({}, {"value": SimpleUploadedFile("a-long-report-name.pdf", real_pdf())})
        assert form.errors["value"] == ["The name of the report must be 10 characters or fewer"]

    def test_an_unknown_kind_or_none_at_all_is_a_mistake_in_the_form(self):
        with pytest.raises(ValueError, match="exe"):
            nhs.FileField(allowed={"pdf", "exe"}, max_size=MB)
        with pytest.raises(ValueError):
            nhs.FileField(allowed=set(), max_size=MB)

    def test_it_renders_the_nhs_file_upload_with_a_hint(self):
        field = nhs.FileField(label="Report", allowed={"pdf", "docx"}, max_size=20 * MB)
        page = str(form_with(field)()["value"])
        assert 'data-module="nhsuk-file-upload"' in page
        assert 'accept=".pdf,.docx"' in input_tag(page, "id_value")
        assert 'type="file"' in input_tag(page, "id_value")
        assert "A PDF or Word document, smaller than 20 MB" in text_of(page)


class TestDataFor:
    """Binding a form to data_for(name, value) gives `value` back: each field type round trips."""

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            (nhs.CharField(), "Luton"),
            (nhs.CharField(required=False), ""),
            (nhs.TextareaField(max_length=100), "A line\nand another"),
            (nhs.EmailField(), "sam@example.org"),
            (nhs.PasswordField(), " secret "),
            (nhs.URLField(), "https://www.example.nhs.uk"),
            (nhs.IntegerField(), 214_000),
            (nhs.IntegerField(required=False), None),
            (nhs.DecimalField(), Decimal("12.5")),
            (nhs.TimeField(), dt.time(9, 30)),
            (nhs.TimeField(required=False), None),
            (nhs.DateField(), dt.date(2028, 2, 29)),
            (nhs.DateField(required=False), None),
            (nhs.ChoiceField(choices=[("a", "A"), ("b", "B")]), "b"),
            (nhs.ChoiceField(choices=[("a", "A"), ("b", "B")], radios=True), "a"),
            (nhs.YesNoField(), True),
            (nhs.YesNoField(), False),
            (nhs.YesNoField(required=False), None),
        ],
        ids=lambda item: type(item).__name__ if isinstance(item, forms.Field) else repr(item),
    )
    def test_a_value_round_trips(self, field, value):
        form_class = form_with(field)
        form = form_class(form_class().data_for("value", value))
        assert form.is_valid(), form.errors
        assert form.cleaned_data["value"] == value

    @pytest.mark.django_db
    def test_model_choices_round_trip(self):
        luton, bedford = PlaceFactory(), PlaceFactory()
        form_class = type(
            "PlacesForm",
            (nhs.Form,),
            {
                "place": nhs.ModelChoiceField(queryset=Place.objects.all()),
                "places": nhs.ModelMultipleChoiceField(queryset=Place.objects.all(), required=False),
            },
        )
        for places in ([luton, bedford], []):
            unbound = form_class()
            form = form_class({**unbound.data_for("place", bedford), **unbound.data_for("places", places)})
            assert form.is_valid(), form.errors
            assert form.cleaned_data["place"] == bedford
            assert list(form.cleaned_data["places"]) == places

    def test_entries_use_the_fields_html_names(self):
        form_class = type(
            "PlanForm", (nhs.Form,), {"title": nhs.CharField(), "start": nhs.DateField(), "count": nhs.IntegerField()}
        )
        form = form_class(prefix="plan")
        assert form.data_for("title", "Plan") == {"plan-title": "Plan"}
        assert form.data_for("start", dt.date(2026, 4, 1)) == {
            "plan-start-day": "1",
            "plan-start-month": "4",
            "plan-start-year": "2026",
        }
        assert form.data_for("start", None) == {"plan-start-day": "", "plan-start-month": "", "plan-start-year": ""}
        assert form.data_for("count", None) == {"plan-count": ""}

    def test_yes_and_no_are_posted_as_yes_and_no(self):
        form = form_with(nhs.YesNoField())()
        assert form.data_for("value", True) == {"value": "yes"}
        assert form.data_for("value", False) == {"value": "no"}

    def test_a_file_cannot_be_posted_as_data(self):
        form = form_with(nhs.FileField(allowed={"pdf"}, max_size=MB))()
        with pytest.raises(TypeError):
            form.data_for("value", None)


class TestFieldNotes:
    NOTE = "Sam Jones changed this to <b>Bedford</b> while you were editing"

    def page_with_note(self, field: forms.Field) -> str:
        form = form_with(field)()
        form.field_notes["value"] = self.NOTE
        return compact(str(form["value"]))

    def test_forms_start_with_no_notes(self):
        form = form_with(nhs.CharField())()
        assert form.field_notes == {}
        assert "nhsuk-inset-text" not in str(form["value"])

    def test_each_form_has_its_own_notes(self):
        form_class = form_with(nhs.CharField())
        form_class().field_notes["value"] = self.NOTE
        assert form_class().field_notes == {}

    @pytest.mark.parametrize(
        ("field", "input_start"),
        [
            (nhs.TextareaField(max_length=100), "<textarea"),
            (nhs.TextareaField(), "<textarea"),
            (nhs.FileField(allowed={"pdf"}, max_size=MB), '<input class="nhsuk-file-upload__input"'),
            (nhs.ChoiceField(choices=[("a", "A")], radios=True), '<div class="nhsuk-radios__item"'),
            (nhs.YesNoField(), '<div class="nhsuk-radios__item"'),
            (nhs.DateField(), '<div class="nhsuk-date-input__item"'),
        ],
        ids=lambda item: type(item).__name__ if isinstance(item, forms.Field) else None,
    )
    def test_a_note_shows_as_inset_text_in_the_form_group_above_the_input(self, field, input_start):
        page = self.page_with_note(field)
        inset = page.index('class="nhsuk-inset-text"')
        assert page.index('class="nhsuk-form-group') < inset < page.index(input_start)

    @pytest.mark.django_db
    def test_a_note_on_checkboxes_comes_above_the_first_checkbox(self):
        PlaceFactory()
        page = self.page_with_note(nhs.ModelMultipleChoiceField(queryset=Place.objects.all()))
        inset = page.index('class="nhsuk-inset-text"')
        assert page.index('class="nhsuk-checkboxes"') < inset < page.index('class="nhsuk-checkboxes__item"')

    @pytest.mark.parametrize("field", [nhs.CharField(), nhs.ChoiceField(choices=[("a", "A")])], ids=["input", "select"])
    def test_a_note_on_an_input_or_select_comes_just_before_it(self, field):
        # Their macros put beforeInput beside the input, in the prefix and suffix row.
        page = self.page_with_note(field)
        assert page.index('class="nhsuk-inset-text"') < page.index('class="nhsuk-form-group')
        assert "nhsuk-input-wrapper" not in page

    def test_the_note_is_escaped_text(self):
        page = self.page_with_note(nhs.TextareaField())
        assert "Sam Jones changed this to &lt;b&gt;Bedford&lt;/b&gt; while you were editing" in page
        assert "<b>Bedford</b>" not in page


class TestErrorList:
    def test_each_error_links_to_its_field(self):
        form_class = type(
            "PlanForm",
            (nhs.Form,),
            {
                "title": nhs.CharField(),
                "kind": nhs.ChoiceField(choices=[("a", "A")], radios=True),
                "due": nhs.DateField(),
            },
        )
        form = form_class({"due-day": "1", "due-month": "1", "due-year": "26"})
        form.is_valid()
        assert nhs.error_list(form) == [
            {"text": "Enter the title", "href": "#id_title"},
            {"text": "Select the kind", "href": "#id_kind"},
            {"text": "Year must include 4 numbers", "href": "#id_due-year"},
        ]

    def test_form_wide_errors_link_to_the_form(self):
        form = form_with(nhs.CharField(required=False))({})
        form.is_valid()
        form.add_error(None, "Someone else saved first")
        assert nhs.error_list(form) == [{"text": "Someone else saved first", "href": "#form"}]


def django_default_messages() -> list[re.Pattern[str]]:
    """Every message Django's form fields and validators would show, as patterns matching it with any values."""

    class AnyValue(dict):
        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

        def __missing__(self, key: str) -> int:
            return self.number

    # A list, not a set: lazy plural messages all hash and compare as "" until formatted.
    templates: list[Any] = []
    for module in (django_fields, django_model_fields):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.Field):
                for cls in value.__mro__:
                    templates += vars(cls).get("default_error_messages", {}).values()
    for value in vars(validators).values():
        if isinstance(value, type) and value.__module__ == validators.__name__:
            message, messages = getattr(value, "message", None), getattr(value, "messages", {})
            templates += [message] if message is not None else []
            templates += messages.values()
    # A stand-in number fills every placeholder (and picks singular or plural); it becomes a wildcard again.
    patterns = []
    for template in templates:
        for number in (1, 987654321):
            text = template % AnyValue(number)
            literal = [re.escape(piece) for piece in re.split(rf"(?<!\d){number}(?!\d)", text)]
            if sum(len(piece) for piece in literal) > 8:
                patterns.append(re.compile(".+?".join(literal)))
    assert len(patterns) > 40, "the walk must know Django's messages"
    return patterns


class EveryField(nhs.Form):
    text = nhs.CharField(label="Title", max_length=5, min_length=2)
    notes = nhs.TextareaField(label="Notes", max_length=5)
    email = nhs.EmailField(label="Email address", max_length=20)
    password = nhs.PasswordField(label="Password", max_length=5)
    website = nhs.URLField(label="Website", max_length=30)
    count = nhs.IntegerField(label="Count", min_value=0, max_value=10, step_size=2)
    steps = nhs.IntegerField(label="Steps", step_size=2)
    ratio = nhs.DecimalField(label="Ratio", max_digits=4, decimal_places=1, min_value=0)
    start = nhs.TimeField(label="Start time")
    when = nhs.DateField(label="Review date")
    kind = nhs.ChoiceField(label="Kind", choices=[("a", "A")])
    colour = nhs.ChoiceField(label="Colour", choices=[("red", "Red")], radios=True)
    confidential = nhs.YesNoField(label="Confidential", subject="whether it is confidential")
    report = nhs.FileField(label="Report", allowed={"pdf"}, max_size=1024, max_length=12)
    place = nhs.ModelChoiceField(label="Place", queryset=Place.objects.all())
    places = nhs.ModelMultipleChoiceField(label="Places", queryset=Place.objects.all())


def date_post(day: str, month: str, year: str) -> dict[str, str]:
    return {"when-day": day, "when-month": month, "when-year": year}


SUBMISSIONS: list[tuple[dict[str, Any], dict[str, Any]]] = [
    # Empty
    ({}, {}),
    # Too long, too big, too many
    (
        {
            "text": "abcdefgh",
            "notes": "abcdefgh",
            "email": "someone.long@example.org",
            "password": "abcdefgh",
            "website": "https://www.example.nhs.uk/a/long/path",
            "count": "12",
            "steps": "3",
            "ratio": "12.25",
            **date_post("1", "1", "2101"),
        },
        {"report": SimpleUploadedFile("report.pdf", b"%PDF-" + b"x" * 2048)},
    ),
    # Too short, too small, wrong digits
    (
        {"text": "a", "count": "-1", "ratio": "1234", **date_post("1", "1", "26")},
        {"report": SimpleUploadedFile("a-long-report-name.pdf", b"%PDF-1.7")},
    ),
    # Not what the field takes
    (
        {
            "text": "a\x00b",
            "email": "nope",
            "website": "not a web address",
            "count": "lots",
            "ratio": "x",
            "start": "25:00",
            **date_post("29", "2", "2027"),
            "kind": "zzz",
            "colour": "zzz",
            "confidential": "maybe",
            "place": "999999",
            "places": ["abc"],
        },
        {"report": SimpleUploadedFile("report.pdf", b"MZ\x90\x00")},
    ),
    (
        {**date_post("a", "", "2026"), "place": "abc", "places": "abc", "ratio": "NaN"},
        {"report": "not a file"},
    ),
    (
        {**date_post("", "1", ""), "places": ["999999"], "ratio": "12345"},
        {"report": SimpleUploadedFile("report.pdf", b"")},
    ),
]


@pytest.mark.django_db
class TestNoDjangoWording:
    def test_no_field_ever_shows_a_django_default_message(self):
        PlaceFactory()
        patterns = django_default_messages()
        codes_seen = set()
        for data, files in SUBMISSIONS:
            form = EveryField(data, files)
            assert not form.is_valid()
            codes_seen.update(error.code for errors in form.errors.as_data().values() for error in errors)
            shown = [message for errors in form.errors.values() for message in errors]
            shown += [text_of(str(bound)) for bound in form]
            for text in shown:
                leaked = [pattern.pattern for pattern in patterns if pattern.search(text)]
                assert not leaked, f"{text!r} shows Django's wording"
        # The walk met every kind of problem a field reports, so the check above was not vacuous.
        assert codes_seen >= {
            "required",
            "max_length",
            "min_length",
            "null_characters_not_allowed",
            "invalid",
            "min_value",
            "max_value",
            "step_size",
            "max_decimal_places",
            "max_whole_digits",
            "max_digits",
            "invalid_choice",
            "invalid_pk_value",
            "invalid_list",
            "empty",
            "file_too_big",
            "file_kind",
            "date_incomplete",
            "date_not_real",
            "year_digits",
            "date_out_of_range",
        }

    def test_the_patterns_catch_django_wording(self):
        patterns = django_default_messages()
        for text in (
            "This field is required.",
            "Ensure this value has at most 5 characters (it has 8).",
            "Ensure this value has at most 1 character (it has 2).",
            "Enter a whole number.",
            "Select a valid choice. zzz is not one of the available choices.",
            "Enter a valid date.",
            "Enter a valid URL.",
            "Enter a valid email address.",
        ):
            assert any(pattern.search(text) for pattern in patterns), text
