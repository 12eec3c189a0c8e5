"""Form fields that render through the NHS.UK design system's own component macros and speak its error messages.

Every portal form subclasses `Form` and uses these fields; a template writes `{{ form.population }}` and gets the NHS
label, hint, error message and input. Messages follow the NHS service manual's patterns and name the field by its
subject ("Enter the population", "The population must be a whole number, like 166,000"): Django's default wording
never reaches a page. Errors for the page-level error summary come from `error_list(form)`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.utils import pretty_name
from django.template import engines
from markupsafe import Markup

from blmk_portal import uploads
from blmk_portal.formatting import count
from blmk_portal.jinja2 import remembering

OPTIONAL = "(optional)"
# Renderings of NHS components kept for each component, by their parameters.
COMPONENTS_KEPT = 128

# Where each component takes extra HTML inside its form group, above its inputs. The input and select macros put
# formGroup.beforeInput in the flex row that holds prefixes and suffixes, beside the input rather than above it,
# so their notes go just before the component instead.
_NOTE_SLOTS = {
    "textarea": "beforeInput",
    "character-count": "beforeInput",
    "file-upload": "beforeInput",
    "radios": "beforeInputs",
    "checkboxes": "beforeInputs",
    "date-input": "beforeInputs",
}

# Numbers are accepted as they are printed: "214,000" and "214 000" are 214000.
_NUMBER_SEPARATORS = re.compile(r"[,\s]")
_WHOLE_NUMBER = re.compile(r"[-+]?\d+", re.ASCII)
_DECIMAL_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)", re.ASCII)
# 14:30, 9:30, 09.30 or 0930
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})|(\d{2})(\d{2})", re.ASCII)


@cache
def _component(name: str, macro: str) -> Callable[[Mapping], Markup]:
    """The NHS component's macro, remembered for each set of parameters: a filter's select of hundreds of options
    is rendered the same way page after page."""
    environment = engines["jinja2"].env  # type: ignore[attr-defined]
    template = environment.from_string(
        f'{{% from "nhsuk/components/{name}/macro.jinja" import {macro} %}}{{{{ {macro}(params) }}}}'
    )
    return remembering(lambda params: Markup(template.render(params=params)), COMPONENTS_KEPT)


def _render(name: str, macro: str, params: dict[str, Any]) -> Markup:
    return _component(name, macro)(params)


def subject_from_label(label: str) -> str:
    """How messages name a field with this label: "Population" gives "the population", "A reason" "a reason"."""
    text = label.strip().removesuffix(OPTIONAL).strip()
    if text.lower().startswith(("the ", "a ", "an ")):
        return text[:1].lower() + text[1:]
    if not (text[:1].isupper() and text[1:2].isupper()):  # an acronym, like NHS or RAG, keeps its capitals
        text = text[:1].lower() + text[1:]
    return f"the {text}"


def _sentence(subject: str) -> str:
    """The subject where it starts a sentence."""
    return subject[:1].upper() + subject[1:]


class NHSBoundField(BoundField):
    """Renders its field with the NHS component the field names (input, character count, date input, radios...)."""

    def __str__(self) -> str:
        return self.__html__()

    @property
    def label_text(self) -> str:
        """The label, marked "(optional)" when the field may be left empty (the NHS marks optional, not required).

        Filters are all optional by nature, so a FilterForm marks none of them.
        """
        label = str(self.label)
        if self.field.required or label.rstrip().endswith(OPTIONAL) or not getattr(self.form, "marks_optional", True):
            return label
        return f"{label} {OPTIONAL}"

    def __html__(self) -> str:
        field: NHSField = self.field  # type: ignore[assignment]
        params: dict[str, Any] = {
            "id": self.auto_id,
            "name": self.html_name,
            "label": {"text": self.label_text},
            "attributes": {},
        }
        hint = self.help_text or field.default_hint
        if hint:
            params["hint"] = {"text": hint}
        if self.errors:
            params["errorMessage"] = {"text": " ".join(self.errors)}
        params.update(field.component_params(self))
        component, macro = field.component
        if component in ("radios", "checkboxes"):
            # Their macros put `id` on the wrapper; the first input takes idPrefix, which error links target.
            del params["id"]
        note = getattr(self.form, "field_notes", {}).get(self.name)
        if not note:
            return _render(component, macro, params)
        inset = _render("inset-text", "insetText", {"text": note})
        slot = _NOTE_SLOTS.get(component)
        if slot is None:
            return inset + _render(component, macro, params)
        params["formGroup"] = {slot: {"html": inset}}
        return _render(component, macro, params)


class NHSField:
    """What every NHS field adds to its Django field: a subject for its messages, NHS wording, and a component.

    `subject` is how messages name the field ("the population", "whether the risk is confidential"); a portal
    `Form` gives one from the label to every field that has none.
    """

    component: tuple[str, str] = ("input", "input")
    width_class = ""
    default_hint = ""
    required_verb = "Enter"

    def __init__(self, *args: Any, subject: str | None = None, width_class: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subject = subject
        if width_class is not None:
            self.width_class = width_class
        # Messages the form's author wrote are kept as they are; only Django's own wording is replaced.
        self.authors_message_codes = set(kwargs.get("error_messages") or ())

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> NHSBoundField:
        return NHSBoundField(form, self, field_name)  # type: ignore[arg-type]

    @property
    def subject_text(self) -> str:
        # A form that is not a portal Form (Django's AuthenticationForm) gives no subject: the label serves.
        return self.subject or subject_from_label(self.label or "value")  # type: ignore[attr-defined]

    def clean(self, *args: Any) -> Any:
        try:
            return super().clean(*args)  # type: ignore[misc]
        except ValidationError as error:
            raise ValidationError([self._in_nhs_words(problem) for problem in error.error_list]) from error

    def _in_nhs_words(self, problem: ValidationError) -> ValidationError:
        if problem.code in self.authors_message_codes:
            return problem
        message = self.message(problem.code, problem.params or {})
        return problem if message is None else ValidationError(message, code=problem.code)

    def message(self, code: str | None, params: Mapping[str, Any]) -> str | None:
        """The NHS wording for a Django error code, or None to keep the error as it was raised."""
        subject = self.subject_text
        match code:
            case "required":
                return f"{self.required_verb} {subject}"
            case "max_length":
                return f"{_sentence(subject)} must be {count(params['limit_value'], 'character')} or fewer"
            case "min_length":
                return f"{_sentence(subject)} must be {count(params['limit_value'], 'character')} or more"
            case "null_characters_not_allowed":
                return f"{_sentence(subject)} must not contain null characters"
            case "invalid_choice" | "invalid_pk_value" | "invalid_list":
                return f"Select {subject} from the list"
        return None

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        value = bound.value()
        params: dict[str, Any] = {"value": "" if value is None else str(value)}
        if self.width_class:
            params["classes"] = self.width_class
        return params

    def data_for(self, html_name: str, value: Any) -> dict[str, str | list[str]]:
        """The POST entries that make this field show `value` (see Form.data_for)."""
        return _single_entry(self, html_name, value)  # type: ignore[arg-type]

    def error_anchor(self, bound: NHSBoundField) -> str:
        """The id the error summary links to."""
        return bound.auto_id


class Form(forms.Form):
    """The base of every portal form: each field gets a subject for its messages, and may carry a note.

    `field_notes` maps a field name to text shown in an inset above that field's input: the portal uses it to say
    what someone else changed when a save clashes with theirs.
    """

    field_notes: dict[str, str]
    marks_optional = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.field_notes = {}
        for name, field in self.fields.items():
            if isinstance(field, NHSField) and field.subject is None:
                field.subject = subject_from_label(str(field.label) if field.label is not None else pretty_name(name))

    def data_for(self, name: str, value: Any) -> dict[str, str | list[str]]:
        """The POST entries that make field `name` show `value` when the form is bound to them.

        Binding a form to them and cleaning gives `value` back: a way to rebuild a submission from saved values.
        """
        field = self.fields[name]
        html_name = self.add_prefix(name)
        if isinstance(field, NHSField):
            return field.data_for(html_name, value)
        return _single_entry(field, html_name, value)


def _single_entry(field: forms.Field, html_name: str, value: Any) -> dict[str, str | list[str]]:
    return {html_name: "" if value is None else str(field.prepare_value(value))}


class FilterForm(Form):
    """The filters above a staff list, sent over GET: every field may be left empty, so none is marked so."""

    marks_optional = False


class CharField(NHSField, forms.CharField):
    """A text input. No maxlength attribute: the browser would cut pasted text silently; the message says instead."""


class TextareaField(NHSField, forms.CharField):
    """A textarea; with a max_length, the NHS character count, which tells people how many characters are left.
    `rows` sets its height: more for a whole document than for a sentence."""

    def __init__(self, *args: Any, rows: int = 6, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows

    @property
    def component(self) -> tuple[str, str]:  # type: ignore[override]
        return ("character-count", "characterCount") if self.max_length else ("textarea", "textarea")

    def to_python(self, value: Any) -> str:
        # Browsers send a textarea's line breaks as CRLF: saved as sent, text nobody changed would read as
        # changed in its History, and count two characters a line against the limit.
        text = super().to_python(value)
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        params = {**super().component_params(bound), "rows": self.rows}
        if self.max_length:
            params["maxlength"] = self.max_length
            params["textareaDescriptionText"] = f"You can enter up to {count(self.max_length, 'character')}"
        return params


class EmailField(NHSField, forms.EmailField):
    def message(self, code: str | None, params: Mapping[str, Any]) -> str | None:
        if code == "invalid":
            return "Enter an email address in the correct format, like name@example.com"
        return super().message(code, params)

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        return {**super().component_params(bound), "type": "email", "autocomplete": "email", "spellcheck": False}


class PasswordField(NHSField, forms.CharField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("strip", False)
        super().__init__(*args, **kwargs)

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        # Never echo a password back into the page.
        return {"type": "password", "autocomplete": "current-password", "value": ""}


class URLField(NHSField, forms.URLField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(*args, **kwargs)

    def message(self, code: str | None, params: Mapping[str, Any]) -> str | None:
        if code == "invalid":
            return f"Enter {self.subject_text} in the correct format, like https://www.example.nhs.uk"
        return super().message(code, params)

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        return {**super().component_params(bound), "type": "url", "spellcheck": False}


class _NumberField(NHSField):
    """What whole and decimal numbers share: typed as printed, and messages for min_value, max_value, step_size."""

    width_class = "nhsuk-input--width-10"
    inputmode = ""
    number_pattern: re.Pattern[str]
    number_type: type
    invalid_example = ""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, self.number_type):
            return value
        text = self._typed_number(value)
        return None if text is None else self.number_type(text)

    def _shown(self, number: Any) -> str:
        """A limit as a message prints it: "166,000" (a year overrides this: 1900, not 1,900)."""
        return f"{number:,}"

    def _typed_number(self, value: Any) -> str | None:
        """The number as typed, without the commas and spaces that print it ("214,000"), or None if empty."""
        text = "" if value is None else _NUMBER_SEPARATORS.sub("", str(value))
        if not text:
            return None
        if not self.number_pattern.fullmatch(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")  # type: ignore[attr-defined]
        return text

    def message(self, code: str | None, params: Mapping[str, Any]) -> str | None:
        subject = _sentence(self.subject_text)
        low, high = self.min_value, self.max_value  # type: ignore[attr-defined]
        match code:
            case "invalid":
                return f"{subject} must be {self.invalid_example}"
            case "min_value" | "max_value" if low is not None and high is not None:
                return f"{subject} must be between {self._shown(low)} and {self._shown(high)}"
            case "min_value":
                return f"{subject} must be {self._shown(low)} or more"
            case "max_value":
                return f"{subject} must be {self._shown(high)} or fewer"
            case "step_size" if params.get("offset") is not None:
                examples = (params["offset"] + params["limit_value"] * step for step in range(3))
                return f"{subject} must be {', '.join(f'{example:,}' for example in examples)} and so on"
            case "step_size":
                return f"{subject} must be a multiple of {params['limit_value']:,}"
        return super().message(code, params)

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        # A text input with a numeric keyboard, as the NHS pattern advises (type=number mangles typed numbers).
        return {**super().component_params(bound), "inputmode": self.inputmode, "spellcheck": False}


class IntegerField(_NumberField, forms.IntegerField):
    inputmode = "numeric"
    number_pattern = _WHOLE_NUMBER
    number_type = int
    invalid_example = "a whole number, like 166,000"


class YearField(IntegerField):
    """A year, like 2015: four digits, printed without a comma, between 1900 and 2100 unless told otherwise."""

    width_class = "nhsuk-input--width-4"
    invalid_example = "a year, like 2015"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)

    def _shown(self, number: Any) -> str:
        return str(number)


class DecimalField(_NumberField, forms.DecimalField):
    inputmode = "decimal"
    number_pattern = _DECIMAL_NUMBER
    number_type = Decimal
    invalid_example = "a number, like 12.5"

    def message(self, code: str | None, params: Mapping[str, Any]) -> str | None:
        subject = _sentence(self.subject_text)
        match code:
            case "max_decimal_places":
                return f"{subject} must have {count(params['max'], 'decimal place')} or fewer"
            case "max_digits":
                return f"{subject} must have {count(params['max'], 'digit')} or fewer"
            case "max_whole_digits":
                return f"{subject} must have {count(params['max'], 'digit')} or fewer before the decimal point"
        return super().message(code, params)


class TimeField(NHSField, forms.TimeField):
    """A time on the 24-hour clock, typed as 14:30, 9:30, 09.30 or 0930."""

    width_class = "nhsuk-input--width-5"
    default_hint = "For example, 14:30"

    def to_python(self, value: Any) -> dt.time | None:
        if isinstance(value, dt.time):
            return value
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        typed = _TIME.fullmatch(text)
        if typed:
            hour, minute = (int(part) for part in typed.groups() if part is not None)
            if hour < 24 and minute < 60:
                return dt.time(hour, minute)
        raise ValidationError(self.error_messages["invalid"], code="invalid")

    def prepare_value(self, value: Any) -> Any:
        return value.strftime("%H:%M") if isinstance(value, dt.time) else value

    def message(self, code: str | None, params: Mapping[str, Any]) -> str | None:
        if code == "invalid":
            return f"Enter {self.subject_text} as a time on the 24-hour clock, like 14:30"
        return super().message(code, params)


class DateParts(NamedTuple):
    """A date as typed into the day, month and year boxes, kept as typed so the page can show it back."""

    day: str
    month: str
    year: str


_DATE_PARTS = DateParts._fields
_EMPTY_DATE = DateParts("", "", "")


class DatePartsInput(forms.Widget):
    """Reads the `{name}-day`, `{name}-month` and `{name}-year` boxes (the NHS date input renders them)."""

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> DateParts:
        return DateParts(*(data.get(f"{name}-{part}") or "" for part in _DATE_PARTS))

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        return all(f"{name}-{part}" not in data for part in _DATE_PARTS)


@dataclass(frozen=True)
class _DateProblem:
    code: str
    parts: tuple[str, ...]  # the boxes in error, in page order


def _read_date(typed: DateParts) -> dt.date | _DateProblem | None:
    """The date the boxes hold, None if all are empty, or the first thing a person should fix."""
    values = {part: getattr(typed, part).strip() for part in _DATE_PARTS}
    missing = tuple(part for part in _DATE_PARTS if not values[part])
    if len(missing) == len(_DATE_PARTS):
        return None
    if missing:
        return _DateProblem("date_incomplete", missing)
    not_numbers = tuple(part for part in _DATE_PARTS if not (values[part].isascii() and values[part].isdigit()))
    if not_numbers:
        return _DateProblem("date_not_real", not_numbers)
    if len(values["year"]) != 4:
        return _DateProblem("year_digits", ("year",))
    day, month, year = (int(values[part]) for part in _DATE_PARTS)
    impossible = tuple(part for part, number, top in (("day", day, 31), ("month", month, 12)) if not 1 <= number <= top)
    if impossible:
        return _DateProblem("date_not_real", impossible)
    if not 1900 <= year <= 2100:
        return _DateProblem("date_out_of_range", ("year",))
    try:
        return dt.date(year, month, day)
    except ValueError:  # 31 February, or 29 February outside a leap year: the parts are only wrong together
        return _DateProblem("date_not_real", _DATE_PARTS)


class DateField(NHSField, forms.DateField):
    """The NHS date input: day, month and year boxes in a fieldset whose legend is the label."""

    component = ("date-input", "dateInput")
    widget = DatePartsInput
    default_hint = "For example, 15 3 2025"

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if value in self.empty_values:
            return None
        read = _read_date(value) if isinstance(value, DateParts) else _DateProblem("date_not_real", _DATE_PARTS)
        if isinstance(read, _DateProblem):
            raise ValidationError(self._date_message(read), code=read.code)
        return read

    def _date_message(self, problem: _DateProblem) -> str:
        subject = _sentence(self.subject_text)
        match problem.code:
            case "date_incomplete":
                return f"{subject} must include a {' and '.join(problem.parts)}"
            case "year_digits":
                return "Year must include 4 numbers"
            case "date_out_of_range":
                return f"{subject} must be between 1900 and 2100"
        return f"{subject} must be a real date"

    def prepare_value(self, value: Any) -> DateParts:
        if isinstance(value, DateParts):
            return value
        if isinstance(value, dt.date):
            return DateParts(str(value.day), str(value.month), str(value.year))
        return _EMPTY_DATE

    def _parts_in_error(self, bound: NHSBoundField) -> tuple[str, ...]:
        # An error from elsewhere (the form's own checks) is about the whole date.
        problem = _read_date(bound.value())
        return problem.parts if isinstance(problem, _DateProblem) else _DATE_PARTS

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        typed = bound.value()
        in_error = self._parts_in_error(bound) if bound.errors else ()
        return {
            "fieldset": {"legend": {"text": bound.label_text, "size": "s"}},
            "items": [
                {
                    "id": f"{bound.auto_id}-{part}",
                    "name": f"{bound.html_name}-{part}",
                    "label": {"text": part.capitalize()},
                    "value": getattr(typed, part),
                    "width": 4 if part == "year" else 2,
                    "error": part in in_error,
                }
                for part in _DATE_PARTS
            ],
        }

    def data_for(self, html_name: str, value: Any) -> dict[str, str | list[str]]:
        typed = self.prepare_value(value)
        return {f"{html_name}-{part}": getattr(typed, part) for part in _DATE_PARTS}

    def error_anchor(self, bound: NHSBoundField) -> str:
        return f"{bound.auto_id}-{self._parts_in_error(bound)[0]}"


def _choice_items(field: forms.ChoiceField, current: str, mark: str) -> list[dict[str, Any]]:
    return [{"value": str(value), "text": str(text), mark: str(value) == current} for value, text in field.choices]


def _current(bound: NHSBoundField) -> str:
    value = bound.value()
    return "" if value is None else str(value)


def _fieldset(bound: NHSBoundField) -> dict[str, Any]:
    return {"idPrefix": bound.auto_id, "fieldset": {"legend": {"text": bound.label_text, "size": "s"}}}


class ChoiceField(NHSField, forms.ChoiceField):
    """A select list; with radios=True, NHS radios in a fieldset (better for a handful of choices)."""

    required_verb = "Select"

    def __init__(self, *args: Any, radios: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.component = ("radios", "radios") if radios else ("select", "select")

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        if self.component[0] == "radios":
            # A select needs its empty "choose one" option; radios show nothing for it.
            items = [item for item in _choice_items(self, _current(bound), "checked") if item["value"]]
            return {**_fieldset(bound), "items": items}
        return {"items": _choice_items(self, _current(bound), "selected"), "classes": self.width_class}


class ModelChoiceField(NHSField, forms.ModelChoiceField):
    component = ("select", "select")
    required_verb = "Select"

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        return {"items": _choice_items(self, _current(bound), "selected")}


class _Checkboxes(NHSField):
    """NHS checkboxes in a fieldset: any number of the choices may be ticked."""

    component = ("checkboxes", "checkboxes")
    required_verb = "Select"

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        current = {str(value) for value in (bound.value() or [])}
        items = [
            {"value": str(value), "text": str(text), "checked": str(value) in current} for value, text in self.choices
        ]
        return {**_fieldset(bound), "items": items}

    def data_for(self, html_name: str, value: Any) -> dict[str, str | list[str]]:
        return {html_name: [str(key) for key in self.prepare_value(value or [])]}


class ModelMultipleChoiceField(_Checkboxes, forms.ModelMultipleChoiceField):
    """Records to tick, such as a seat's deputies."""


class MultipleChoiceField(_Checkboxes, forms.MultipleChoiceField):
    """Fixed choices to tick, such as a cover sheet's purposes."""


class YesNoField(NHSField, forms.Field):
    """Inline "Yes" and "No" radios, cleaned to True or False (No is an answer, so a required field accepts it).

    Give it a subject that reads like "whether the risk is confidential": its message is "Select {subject}".
    """

    component = ("radios", "radios")
    required_verb = "Select"
    _ANSWERS = {"yes": True, "no": False}

    def to_python(self, value: Any) -> bool | None:
        if isinstance(value, bool):
            return value
        if value in self.empty_values:
            return None
        if value not in self._ANSWERS:
            raise ValidationError(self.message("invalid", {}), code="invalid")
        return self._ANSWERS[value]

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value if value in self._ANSWERS else ""

    def message(self, code: str | None, params: Mapping[str, Any]) -> str | None:
        # An answer that is neither yes nor no (a tampered post) gets the same ask as no answer.
        return f"Select {self.subject_text}" if code == "invalid" else super().message(code, params)

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        current = bound.value()
        items = [{"value": value, "text": value.capitalize(), "checked": value == current} for value in self._ANSWERS]
        return {**_fieldset(bound), "classes": "nhsuk-radios--inline", "items": items}


class FileField(NHSField, forms.FileField):
    """A file of the `allowed` kinds (see uploads.KINDS), at most `max_size` bytes, checked by its content.

    The cleaned value is the uploaded file with a `kind` attribute: the kind its content showed it to be.
    """

    component = ("file-upload", "fileUpload")
    widget = forms.FileInput  # no "clear" checkbox: a new file replaces the old
    required_verb = "Select"

    def __init__(self, *, allowed: set[str], max_size: int, **kwargs: Any) -> None:
        unknown = set(allowed) - set(uploads.KINDS)
        if unknown or not allowed:
            raise ValueError(f"allowed takes kinds from {', '.join(uploads.KINDS)}; not {sorted(unknown)}")
        super().__init__(**kwargs)
        self.allowed = frozenset(allowed)
        self.max_size = max_size

    @property
    def default_hint(self) -> str:  # type: ignore[override]
        return f"{_sentence(uploads.kinds_in_words(self.allowed))}, smaller than {uploads.size_in_words(self.max_size)}"

    def to_python(self, data: Any) -> Any:
        upload = super().to_python(data)
        if upload is None:
            return None
        subject = _sentence(self.subject_text)
        # The size is checked first, so an oversize file is never read.
        if upload.size > self.max_size:
            raise ValidationError(
                f"{subject} must be smaller than {uploads.size_in_words(self.max_size)}", code="file_too_big"
            )
        kind = uploads.kind_of(upload)
        if kind not in self.allowed:
            raise ValidationError(f"{subject} must be {uploads.kinds_in_words(self.allowed)}", code="file_kind")
        if kind == "pdf":
            active = uploads.pdf_active_content(upload)
            if active == "javascript":
                raise ValidationError(
                    f"{subject} is a PDF with JavaScript in it, which is not allowed", code="pdf_javascript"
                )
            if active == "launch":
                raise ValidationError(
                    f"{subject} is a PDF that can start other programs, which is not allowed", code="pdf_launch"
                )
        upload.kind = kind
        return upload

    def message(self, code: str | None, params: Mapping[str, Any]) -> str | None:
        subject = self.subject_text
        match code:
            case "invalid":  # what was posted is not a file: a form without enctype="multipart/form-data"
                return f"Select {subject}"
            case "empty":
                return f"{_sentence(subject)} is empty"
            case "max_length":
                return f"The name of {subject} must be {count(params['max'], 'character')} or fewer"
        return super().message(code, params)

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        accept = ",".join(
            extension for kind in uploads.KINDS if kind in self.allowed for extension in uploads.EXTENSIONS[kind]
        )
        return {"attributes": {"accept": accept}}

    def data_for(self, html_name: str, value: Any) -> dict[str, str | list[str]]:
        raise TypeError("A file travels in request.FILES, not in POST data: bind the form with files=")


def error_list(form: forms.BaseForm) -> list[dict[str, str]]:
    """The NHS error summary's list: each error links to its field (form-wide errors link to the form)."""
    items = []
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS:
            items += [{"text": error, "href": "#form"} for error in errors]
            continue
        bound = form[name]
        anchor = bound.field.error_anchor(bound) if isinstance(bound.field, NHSField) else bound.auto_id
        items += [{"text": error, "href": f"#{anchor}"} for error in errors]
    return items
