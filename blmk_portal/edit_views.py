"""The one way a page presents a form: validate, save through a service, and never lose what was typed.

- Editing a record: the form carries the version it was opened at. A save refused because someone else
  changed the same fields meanwhile shows their values in those fields, marked, with what this person had
  typed; their own other changes stay in the form. A missing or garbled version is a form error, never a
  500 and never a false "someone else saved".
- Adding a record: the form carries a one-time token, so the same form sent twice makes one record.
- A "work it out" button (named WORK_OUT) that shows the form again as typed, with what the page works out
  from it (a risk's scores), saving and refusing nothing: the way to see a worked-out value without JavaScript.
- Uploaded files, formsets, and an htmx mode in which the same template renders only the named block (the
  page and its fragment from one template, as django-htmx's example does).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.forms.formsets import BaseFormSet
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import engines
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from django.utils import timezone
from jinja2_fragments import render_block

from blmk_portal.editing import EditConflict
from blmk_portal.forms import error_list
from blmk_portal.models import Submission

VERSION, TOKEN, WORK_OUT = "version", "submission", "work_out"
# Tokens only need to outlive a person's retries; older ones are cleared as new ones arrive.
TOKEN_LIFETIME = dt.timedelta(days=30)
STALE_FORM = (
    "This page was missing the version of the record it was opened at, so it could not be checked against "
    "other people's changes. Check the details below, then save again."
)
EXPIRED_FORM = "This form has expired. Check the details below, then save again."
ALREADY_SAVED = "This was saved already, when the form was first sent. Nothing was added twice."


def form_page(
    request: HttpRequest,
    *,
    form_class: type[forms.Form],
    save: Callable[..., Any],
    done: Callable[[Any], tuple[str, str]],
    context: dict[str, Any] | Callable[[], dict[str, Any]],
    item: models.Model | None = None,
    initial: dict[str, Any] | None = None,
    form_kwargs: dict[str, Any] | None = None,
    formsets: dict[str, type[BaseFormSet]] | None = None,
    formset_initial: dict[str, list[dict[str, Any]]] | None = None,
    template: str = "manage/form.jinja",
    fragment: str | None = None,
) -> HttpResponse:
    """Show the form; on a valid POST save it, then `done(result)` gives (message, next URL).

    With `item` (an edit), `save(values, opened_at_version=...)`; without (an addition), `save(values)`.
    `values` is the form's cleaned data with each formset's rows (deleted rows left out) under its name.
    A service's ValidationError shows at the field it names, like any form error. With `fragment` and an
    htmx request, only that block of the template is rendered; a save then renders it again with `saved`.
    `context` may be a function, called when the page is drawn (after a save, so it shows the result).
    """
    form_kwargs = form_kwargs or {}
    data = request.POST.copy() if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None

    def build(data):
        form = form_class(data, files, initial=initial, **form_kwargs)
        _add_guard(form, item)
        sets = {
            name: formset(data, files, prefix=name, initial=(formset_initial or {}).get(name))
            for name, formset in (formsets or {}).items()
        }
        return form, sets

    form, sets = build(data)
    conflict = None
    worked_out = data is not None and WORK_OUT in data
    if worked_out:
        # Nothing is checked (Django's own way to mark a bound form's checks as done), so boxes not filled in yet
        # show no errors; the form still shows what was typed, and the version or token it was sent with.
        form._errors = ErrorDict()
        data = None
    elif data is not None:
        guard_error = _guard_error(form, item)
        if guard_error:
            data[form.add_prefix(VERSION if item else TOKEN)] = str(item.version) if item else str(uuid.uuid4())
            form, sets = build(data)
            form.is_valid()
            form.add_error(None, guard_error)
        elif form.is_valid() and all(formset.is_valid() for formset in sets.values()):
            values = {name: value for name, value in form.cleaned_data.items() if name not in (VERSION, TOKEN)}
            values |= {name: _rows(formset) for name, formset in sets.items()}
            try:
                if item is not None:
                    result, first_time = save(values, opened_at_version=form.cleaned_data[VERSION]), True
                else:
                    result, first_time = once(form.cleaned_data[TOKEN], lambda: save(values))
            except EditConflict as error:
                conflict = error
                theirs = form_class(initial=initial_from(error.current, form_class), **form_kwargs)
                data, notes = _with_their_changes(form, theirs, data, error)
                form, sets = build(data)
                form.field_notes = notes
                form.is_valid()
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if fragment and request.htmx:
                    fresh, fresh_sets = build(None)
                    page = {**_read(context), "form": fresh, "formsets": fresh_sets, "saved": result, "errors": []}
                    return render_page(request, template, page, fragment=fragment)
                message, next_url = done(result)
                messages.success(request, message if first_time else ALREADY_SAVED)
                return redirect(next_url)
    errors = error_list(form) + [error for formset in sets.values() for error in _formset_errors(formset)]
    page = {
        **_read(context),
        "form": form,
        "formsets": sets,
        "errors": errors if data is not None else [],
        "conflict": conflict,
        "worked_out": worked_out,
    }
    return render_page(request, template, page, fragment=fragment)


def _read(context: dict[str, Any] | Callable[[], dict[str, Any]]) -> dict[str, Any]:
    return context() if callable(context) else context


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, fragment: str | None = None, status: int = 200
) -> HttpResponse:
    """The whole page, or with htmx only the `fragment` block of the same template.

    A block rendered alone does not run the template's top-level imports: blocks that are fragments
    import the macros they use inside themselves.
    """
    if not (fragment and request.htmx):
        return render(request, template, context, status=status)
    backend = engines["jinja2"]
    full = dict(context)
    for processor in backend.template_context_processors:
        full |= processor(request)
    # As Django's Jinja2 backend adds them to every page.
    full |= {"request": request, "csrf_token": csrf_token_lazy(request), "csrf_input": csrf_input_lazy(request)}
    return HttpResponse(render_block(backend.env, template, fragment, full), status=status)


def once(token: uuid.UUID, create: Callable[[], models.Model]) -> tuple[models.Model, bool]:
    """Run `create` for this token only once: (what it made, True), or (what the first run made, False).

    The token's row is claimed before anything is made, in the same transaction, so two sends at the same
    moment queue on it: the second finds the first's record once the first commits.
    """
    try:
        with transaction.atomic():
            Submission.objects.filter(created_at__lt=timezone.now() - TOKEN_LIFETIME).delete()
            claim = Submission.objects.create(token=token)
            result = create()
            claim.content_type = ContentType.objects.get_for_model(result)
            claim.object_id = str(result.pk)
            claim.save(update_fields=["content_type", "object_id"])
            return result, True
    except IntegrityError:
        earlier = Submission.objects.filter(token=token).first()
        if earlier is None or earlier.result is None:
            raise
        return earlier.result, False


def initial_from(instance: models.Model, form_class: type[forms.Form]) -> dict[str, Any]:
    """A form's starting values from the record: related records by key, many-to-many as lists."""
    values: dict[str, Any] = {}
    for name in form_class.base_fields:
        try:
            model_field = instance._meta.get_field(name)
        except Exception:  # a form field with no model field of the same name
            continue
        if model_field.many_to_many:
            values[name] = list(getattr(instance, name).all())
        elif model_field.is_relation:
            values[name] = getattr(instance, model_field.attname)
        else:
            values[name] = getattr(instance, name)
    return values


def _add_guard(form: forms.Form, item: models.Model | None) -> None:
    if item is not None:
        form.fields[VERSION] = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=item.version)
    else:
        form.fields[TOKEN] = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)


def _guard_error(form: forms.Form, item: models.Model | None) -> str | None:
    """A form sent without a usable version or token cannot be checked: say so, rather than guess."""
    raw = form.data.get(form.add_prefix(VERSION if item else TOKEN), "")
    try:
        int(raw) if item else uuid.UUID(raw)
    except (TypeError, ValueError):
        return STALE_FORM if item else EXPIRED_FORM
    return None


def _with_their_changes(form: forms.Form, theirs: forms.Form, data, conflict: EditConflict) -> tuple[Any, dict]:
    """What this person sent, with the fields the other person changed showing the other person's values,
    and a note at each of those fields saying so (and what this person had typed there, if different)."""
    data = data.copy()
    notes = {}
    who = ", ".join(conflict.changed_by) or "Someone else"
    for name in (name for name in conflict.fields if name in form.fields):
        if isinstance(form.fields[name], forms.FileField):
            continue  # a file cannot be put back into a form; the note below says what changed
        their_value = theirs[name].initial
        for key, value in form.data_for(name, their_value).items():
            if isinstance(value, list):
                data.setlist(key, value)
            else:
                data[key] = value
        notes[name] = f"{who} changed this while you were editing: it now shows what they saved."
        mine = form.cleaned_data.get(name)
        if form.data_for(name, mine) != form.data_for(name, their_value):
            notes[name] += f" You had entered: {_as_text(mine)}."
    data[form.add_prefix(VERSION)] = str(conflict.current.version)
    return data, notes


def _as_text(value: Any) -> str:
    if value in (None, "", []):
        return "nothing"
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(str(item) for item in value) or "nothing"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def _rows(formset: BaseFormSet) -> list[dict[str, Any]]:
    return [
        {name: value for name, value in row.items() if name != "DELETE"}
        for row in (subform.cleaned_data for subform in formset.forms)
        if row and not row.get("DELETE")
    ]


def _formset_errors(formset: BaseFormSet) -> list[dict[str, str]]:
    errors = [{"text": error, "href": f"#{formset.prefix}"} for error in formset.non_form_errors()]
    return errors + [error for subform in formset.forms for error in error_list(subform)]
