"""Form fields that render through the NHS.UK design system's own component macros.

Every form in the portal uses these fields; a template writes `{{ form.population }}` and gets the NHS
label, hint, error message and input. Errors for the page-level error summary come from `error_list(form)`.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.template import engines
from markupsafe import Markup


@cache
def _component(name: str, macro: str):
    environment = engines["jinja2"].env  # type: ignore[attr-defined]
    return environment.from_string(
        f'{{% from "nhsuk/components/{name}/macro.jinja" import {macro} %}}{{{{ {macro}(params) }}}}'
    )


class NHSBoundField(BoundField):
    """Renders its field with the NHS component the field names (input, textarea, select, radios...)."""

    def __str__(self) -> str:
        return self.__html__()

    def __html__(self) -> str:
        field = self.field
        params: dict[str, Any] = {
            "id": self.auto_id,
            "name": self.html_name,
            "label": {"text": self.label},
            "attributes": {},
        }
        if self.help_text:
            params["hint"] = {"text": self.help_text}
        if self.errors:
            params["errorMessage"] = {"text": " ".join(self.errors)}
        params.update(field.component_params(self))  # type: ignore[attr-defined]
        component, macro = field.component  # type: ignore[attr-defined]
        if component in ("radios", "checkboxes"):
            # Their macros put `id` on the wrapper; the first input takes idPrefix, which error links target.
            del params["id"]
        return Markup(_component(component, macro).render(params=params))


class NHSField:
    component = ("input", "input")
    width_class = ""

    def get_bound_field(self, form, field_name):
        return NHSBoundField(form, self, field_name)

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        value = bound.value()
        params: dict[str, Any] = {"value": "" if value is None else str(value)}
        if self.width_class:
            params["classes"] = self.width_class
        return params


class CharField(NHSField, forms.CharField):
    def __init__(self, *args: Any, width_class: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.width_class = width_class

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        params = super().component_params(bound)
        if self.max_length:
            params["attributes"] = {"maxlength": str(self.max_length)}
        return params


class TextareaField(CharField):
    component = ("textarea", "textarea")

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        return {**super().component_params(bound), "rows": 6}


class EmailField(NHSField, forms.EmailField):
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
    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        return {**super().component_params(bound), "type": "url", "spellcheck": False}


class IntegerField(NHSField, forms.IntegerField):
    width_class = "nhsuk-input--width-10"
    default_error_messages = {"invalid": "Enter a whole number, like 166000"}

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        # A text input with a numeric keyboard, as the NHS pattern advises (not type=number).
        params = super().component_params(bound)
        params["inputmode"] = "numeric"
        return params


class DateField(NHSField, forms.DateField):
    """A date typed as 31/03/2020 or 2020-03-31 (shown as a text input with a hint)."""

    width_class = "nhsuk-input--width-10"
    input_formats = ["%d/%m/%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
    default_error_messages = {"invalid": "Enter a real date, like 31/03/2020"}

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        value = bound.value()
        if isinstance(value, dt.date):
            value = value.strftime("%d/%m/%Y")
        return {"value": value or "", "classes": self.width_class}


class ChoiceField(NHSField, forms.ChoiceField):
    """A select list; with radios=True, NHS radios in a fieldset (better for a handful of choices)."""

    def __init__(self, *args: Any, radios: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.component = ("radios", "radios") if radios else ("select", "select")

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        current = str(bound.value() or "")
        choices = [(str(value), str(text)) for value, text in self.choices]
        if self.component[0] == "radios":
            return {
                "idPrefix": bound.auto_id,
                "fieldset": {"legend": {"text": bound.label, "size": "s"}},
                "label": None,
                "items": [{"value": v, "text": t, "checked": v == current} for v, t in choices],
            }
        return {"items": [{"value": v, "text": t, "selected": v == current} for v, t in choices]}


class ModelChoiceField(NHSField, forms.ModelChoiceField):
    component = ("select", "select")

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        current = str(bound.value() or "")
        return {
            "items": [
                {"value": str(value), "text": str(text), "selected": str(value) == current}
                for value, text in self.choices
            ]
        }


class ModelMultipleChoiceField(NHSField, forms.ModelMultipleChoiceField):
    component = ("checkboxes", "checkboxes")

    def component_params(self, bound: NHSBoundField) -> dict[str, Any]:
        current = {str(value) for value in (bound.value() or [])}
        return {
            "idPrefix": bound.auto_id,
            "fieldset": {"legend": {"text": bound.label, "size": "s"}},
            "label": None,
            "items": [
                {"value": str(value), "text": str(text), "checked": str(value) in current}
                for value, text in self.choices
            ],
        }


def error_list(form: forms.Form) -> list[dict[str, str]]:
    """The NHS error summary's list: each error links to its field (form-wide errors link to the form)."""
    items = []
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS:
            items += [{"text": error, "href": "#form"} for error in errors]
            continue
        # For radios and checkboxes the first item's id is the id prefix, which is the field's auto_id.
        items += [{"text": error, "href": f"#{form[name].auto_id}"} for error in errors]
    return items
