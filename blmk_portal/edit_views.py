"""The one way staff pages edit a record: validate, save through a service, refuse a stale save clearly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from blmk_portal.editing import EditConflict
from blmk_portal.forms import error_list
from blmk_portal.history import history_for


class VersionedForm(forms.Form):
    """Carries the version the record had when the form was opened (see blmk_portal.editing)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def form_page(
    request: HttpRequest,
    *,
    form_class: type[forms.Form],
    save: Callable[[dict[str, Any]], Any],
    done: Callable[[Any], tuple[str, str]],
    context: dict[str, Any],
    initial: dict[str, Any] | None = None,
    form_kwargs: dict[str, Any] | None = None,
    template: str = "manage/form.jinja",
) -> HttpResponse:
    """Show the form; on a valid POST call `save(cleaned_data)`, then `done(result)` gives (message, next URL).

    A save refused because someone else saved first keeps what this person typed, at the new version, and
    says who changed what. A service's ValidationError shows at the field it names, like any form error.
    """
    form_kwargs = form_kwargs or {}
    form = form_class(request.POST or None, initial=initial, **form_kwargs)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except EditConflict as error:
            conflict = error
            data = request.POST.copy()
            data["version"] = str(error.current.version)
            form = form_class(data, **form_kwargs)
            form.is_valid()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message, next_url = done(result)
            messages.success(request, message)
            return redirect(next_url)
    return render(request, template, {**context, "form": form, "errors": error_list(form), "conflict": conflict})


def initial_from(instance, form_class: type[forms.Form]) -> dict[str, Any]:
    """A form's starting values from the record, including its version."""
    values = {}
    for name in form_class.base_fields:
        if hasattr(instance, f"{name}_id"):
            values[name] = getattr(instance, f"{name}_id")
        elif name == "places":
            values[name] = list(instance.places.all())
        elif hasattr(instance, name):
            values[name] = getattr(instance, name)
    return values


def history_page(request: HttpRequest, item, *, caption: str, heading: str, tabs, breadcrumbs) -> HttpResponse:
    """A record's History tab: who changed what, from what to what, newest first."""
    return render(
        request,
        "manage/history.jinja",
        {
            "caption": caption,
            "heading": heading,
            "tabs": tabs,
            "history": history_for(item),
            "breadcrumbs": breadcrumbs,
        },
    )
