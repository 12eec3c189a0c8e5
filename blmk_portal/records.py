"""The staff record kit: declare a kind of record once, and get its staff pages.

A `Record` names the model, its form, the staff section it belongs to, the record it sits under, how its
pages are headed and which services write it. From that the kit builds:
- the Edit, History and New pages, Publish/Unpublish where the model is Publishable, and Move up/down
  where it is Orderable, with their URLs (`record.urls()`);
- the tabs and breadcrumbs of every page of the record, including pages the app writes itself (an
  Overview, a report), through `record.page(item, "overview")`.
- a Remove page (confirm, then delete) where the record declares a `remove` service;
URLs come from the model's `url_identity`; URL names are the model's name (its Overview) and
`<name>_edit`, `_history`, `_new`, `_publish`, `_move`, `_remove`, in the app's namespace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.module_loading import import_string
from django.views.decorators.http import require_http_methods

from blmk_portal.edit_views import form_page, initial_from
from blmk_portal.editing import EditConflict
from blmk_portal.history import describe, saves
from blmk_portal.identity import RECORDS, Identified, Orderable, converter_for
from blmk_portal.lists import StaffList
from blmk_portal.page_cache import kept_for_each_person
from blmk_portal.publication import Publishable
from blmk_portal.rag import with_article
from blmk_portal.roles import programme_office_required
from blmk_portal.services import record_move, record_publish

MANAGE_CRUMB = {"text": "Manage", "href": "/manage/"}
HISTORY_PER_PAGE = 20


@dataclass(frozen=True)
class Section:
    """The staff page a record is listed on: its breadcrumbs between Manage and the record."""

    title: str
    url_name: str
    within: Section | None = None

    def breadcrumbs(self) -> list[dict[str, str]]:
        above = self.within.breadcrumbs() if self.within else [MANAGE_CRUMB]
        return [*above, {"text": self.title, "href": reverse(self.url_name)}]


@dataclass(frozen=True, eq=False)
class Record:
    model: type[Identified]
    form: type[forms.Form]
    prefix: str  # the URL path before the record's identity, e.g. "manage/priorities/"
    section: Section
    noun: str  # "priority": "Add a priority", "Priority saved"
    heading: Callable[[Any], str] = str
    caption: Callable[[Any], str] = lambda item: ""
    parent: Record | None = None
    # Services: create(*, <parent field>=parent, values, by) and update(*, <name>=item, opened_at_version,
    # values, by). No create: no New page.
    create: Callable[..., Any] | None = None
    update: Callable[..., Any] | None = None
    remove: Callable[..., Any] | None = None  # remove(*, <name>=item, opened_at_version, by); none: kept for ever
    overview: str | None = None  # the dotted path of the app's own Overview page, the first tab
    new_word: str = "new"  # the New page's last word, told apart where a parent has several kinds of child
    after_save: Callable[[Any], str] | None = None  # where a save goes (default: the record's first tab)
    form_kwargs: Callable[..., dict[str, Any]] = lambda item, parent: {}
    new_initial: Callable[[Any], dict[str, Any]] = lambda parent: {}  # a New form's starting values
    edit_note: str = ""  # a sentence under the Edit form
    form_template: str = "manage/form.jinja"  # the New and Edit pages' template: one extending it, to add to it
    history_template: str = "manage/history.jinja"
    history_context: Callable[[Any], dict[str, Any]] = lambda item: {}
    related: tuple[str, ...] = field(default=())  # what to fetch with the record, besides its parents
    # Pages the app writes itself beyond the Overview, as tabs after History: (page, tab text); the page's URL
    # is named `<name>_<page>` (a person's register of interests: ("interests", "Register of interests")).
    more_tabs: tuple[tuple[str, str], ...] = field(default=())
    # Where the record is listed, from its parent, when that is not the parent's first tab: where moving and
    # removing go back to (a declaration is listed on its item's meeting page).
    listed_at: Callable[[Any], str] | None = None

    def __post_init__(self) -> None:
        RECORDS[self.model] = self

    # ---- Names and addresses ----

    @property
    def name(self) -> str:
        return self.model._meta.model_name

    @property
    def app(self) -> str:
        return self.model._meta.app_label

    @property
    def parent_field(self) -> str | None:
        if self.parent is None:
            return None
        return next(f.name for f in self.model._meta.concrete_fields if f.related_model is self.parent.model)

    @property
    def path(self) -> str:
        converters = "/".join(f"<{converter_for(lookup)}:{name}>" for name, lookup in self.model.url_identity.items())
        return f"{self.prefix}{converters}/"

    def url(self, item: Identified, page: str = "") -> str:
        page = page or ("" if self.overview else "edit")
        return reverse(f"{self.app}:{self.name}{'_' + page if page else ''}", kwargs=item.url_kwargs())

    def new_url(self, parent: Identified | None = None) -> str:
        return reverse(f"{self.app}:{self.name}_new", kwargs=parent.url_kwargs() if parent else None)

    def urls(self) -> list[URLPattern]:
        """The record's staff URLs. Include a parent's before its children's: a child's Overview (the parent's
        address and a slug) would otherwise catch the parent's own pages ("edit" is never a slug)."""
        staff_only = programme_office_required
        pages: list[tuple[str, str, Callable, list[str]]] = []
        if self.create:
            # Under the parent's address, so listed before this record's Overview at the same depth.
            pages.append(
                (
                    f"{self.parent.path if self.parent else self.prefix}{self.new_word}/",
                    "new",
                    self.new_page,
                    ["GET", "POST"],
                )
            )
        pages += [
            (f"{self.path}edit/", "edit", self.edit_page, ["GET", "POST"]),
            (f"{self.path}history/", "history", kept_for_each_person(self.history_page), ["GET"]),
        ]
        if issubclass(self.model, Publishable):
            pages.append((f"{self.path}publish/", "publish", self.publish_page, ["GET", "POST"]))
        if issubclass(self.model, Orderable):
            pages.append((f"{self.path}move/", "move", self.move_page, ["POST"]))
        if self.remove:
            pages.append((f"{self.path}remove/", "remove", self.remove_page, ["GET", "POST"]))
        patterns = [
            path(route, staff_only(require_http_methods(methods)(view)), name=f"{self.name}_{page}")
            for route, page, view, methods in pages
        ]
        if self.overview:
            patterns.append(path(self.path, import_string(self.overview), name=self.name))
        return patterns

    # ---- Finding records ----

    def get(self, kwargs: dict[str, Any]) -> Any:
        """The record the URL names (drafts too: these are staff pages), with its parents fetched."""
        lookups = {lookup: kwargs[name] for name, lookup in self.model.url_identity.items()}
        related = self._parent_paths() + list(self.related)
        return get_object_or_404(self.model._default_manager.select_related(*related), **lookups)

    def _parent_paths(self) -> list[str]:
        paths, prefix, record = [], "", self
        while record.parent is not None:
            prefix = f"{prefix}{record.parent_field}"
            paths.append(prefix)
            prefix += "__"
            record = record.parent
        return paths

    def parent_of(self, item: Any) -> Any:
        return getattr(item, self.parent_field) if self.parent_field else None

    # ---- What every page of a record shows ----

    def page(self, item: Any, current: str, *, title: str | None = None) -> dict[str, Any]:
        """Caption, heading, page title, tabs and breadcrumbs for a page of `item` ("overview", "edit"...)."""
        heading = self.heading(item)
        titles = {"overview": heading, "edit": f"Edit {heading}", "history": f"History of {heading}"}
        return {
            "caption": self.caption(item),
            "heading": heading,
            "title": title or titles.get(current, heading),
            "tabs": self.tabs(item, current),
            "breadcrumbs": self.breadcrumbs(item, include_item=current != "overview"),
        }

    def tabs(self, item: Any, current: str) -> list[dict[str, Any]]:
        pages = (["overview"] if self.overview else []) + ["edit", "history"] + [page for page, _ in self.more_tabs]
        names = {"overview": "Overview", "edit": "Edit", "history": "History", **dict(self.more_tabs)}
        return [
            {
                "text": names[page],
                "href": self.url(item, "" if page == "overview" else page),
                "current": page == current,
            }
            for page in pages
        ]

    def breadcrumbs(self, item: Any, *, include_item: bool = True) -> list[dict[str, str]]:
        crumbs = self.section.breadcrumbs()
        ancestors = []
        record, obj = self, item
        while record.parent is not None:
            obj = record.parent_of(obj)
            record = record.parent
            ancestors.append({"text": record.heading(obj), "href": record.url(obj)})
        crumbs += reversed(ancestors)
        if include_item:
            crumbs.append({"text": self.heading(item), "href": self.url(item)})
        return crumbs

    def after(self, item: Any) -> str:
        return self.after_save(item) if self.after_save else self.url(item)

    # ---- The pages ----

    def edit_page(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        item = self.get(kwargs)
        return form_page(
            request,
            form_class=self.form,
            item=item,
            initial=initial_from(item, self.form),
            form_kwargs=self.form_kwargs(item=item, parent=self.parent_of(item)),
            save=lambda values, opened_at_version: self.update(
                **{self.name: item}, opened_at_version=opened_at_version, values=values, by=request.user
            ),
            done=lambda saved: (f"{self.heading(saved)} saved", self.after(saved)),
            template=self.form_template,
            context={
                **self.page(item, "edit"),
                "after_form": self.edit_note,
                "remove_url": self.url(item, "remove") if self.remove else None,
                "noun": self.noun,
            },
        )

    def new_page(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        parent = self.parent.get(kwargs) if self.parent else None
        draft = " as a draft" if issubclass(self.model, Publishable) else ""
        crumbs = self.parent.breadcrumbs(parent) if parent is not None else self.section.breadcrumbs()
        return form_page(
            request,
            form_class=self.form,
            form_kwargs=self.form_kwargs(item=None, parent=parent),
            initial=self.new_initial(parent),
            save=lambda values: self.create(
                **({self.parent_field: parent} if parent is not None else {}), values=values, by=request.user
            ),
            done=lambda made: (f"{self.heading(made)} added{draft}", self.after(made)),
            template=self.form_template,
            context={
                "caption": self.parent.heading(parent) if parent is not None else self.section.title,
                "heading": f"Add {with_article(self.noun)}",
                "breadcrumbs": crumbs,
            },
        )

    def history_page(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        item = self.get(kwargs)
        entries = StaffList(request, saves(item), columns={}, per_page=HISTORY_PER_PAGE, noun="changes")
        return render(
            request,
            self.history_template,
            {
                **self.page(item, "history"),
                "history": describe(item, entries.rows),
                "listing": entries,
                **self.history_context(item),
            },
        )

    def publish_page(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """GET asks to confirm; POST publishes (publish=1) or unpublishes (publish=0) at the version seen."""
        item = self.get(kwargs)
        if request.method == "GET":
            return render(
                request,
                "manage/publish.jinja",
                {**self.page(item, "publish", title=self._publish_title(item)), "item": item},
            )
        publish, version = _posted(request, "publish", ("0", "1"))
        if publish is None:
            return HttpResponseBadRequest("Publishing needs publish=1 or publish=0, and the version of the page")
        try:
            record_publish(item=item, publish=publish == "1", opened_at_version=version, by=request.user)
        except EditConflict as conflict:
            messages.error(request, str(conflict))
        else:
            done = (
                "published"
                if item.is_published
                else "unpublished: it is a draft again, and the public no longer see it"
            )
            messages.success(request, f"{self.heading(item)} {done}")
        return redirect(self.url(item))

    def _publish_title(self, item: Publishable) -> str:
        return f"{'Unpublish' if item.is_published else 'Publish'} {self.heading(item)}"

    def move_page(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Move up or down its list, then back to the list with focus on the row that moved."""
        item = self.get(kwargs)
        direction, version = _posted(request, "direction", ("up", "down"))
        if direction is None:
            return HttpResponseBadRequest("Moving needs direction=up or direction=down, and the version of the page")
        try:
            record_move(item=item, up=direction == "up", opened_at_version=version, by=request.user)
        except EditConflict:
            messages.error(
                request,
                f"{self.heading(item)} was moved by someone else meanwhile. Check the order, then move it again "
                "if you need to.",
            )
        return redirect(f"{self._list_url(self.parent_of(item))}#{item.row_id}")

    def remove_page(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """GET asks to confirm; POST removes the record at the version seen, then goes back to where it was
        listed. A second click, or Back to this page after it worked (browsers fetch it again), goes back there
        too, saying so, rather than to a "page not found"."""
        if not self._exists(kwargs):
            done = "had already been removed" if request.method == "POST" else "has been removed"
            messages.success(request, f"The {self.noun} {done}")
            return redirect(self._list_url(self._parent_from(kwargs)))
        item = self.get(kwargs)
        if request.method == "GET":
            return render(
                request,
                "manage/remove.jinja",
                {**self.page(item, "remove", title=f"Remove {self.heading(item)}"), "item": item, "noun": self.noun},
            )
        _, version = _posted(request, "remove", ("1",))
        if not version:
            return HttpResponseBadRequest("Removing needs remove=1 and the version of the page")
        try:
            self.remove(**{self.name: item}, opened_at_version=version, by=request.user)
        except EditConflict as conflict:
            who = ", ".join(conflict.changed_by) or "Someone else"
            messages.error(
                request,
                f"{who} changed {self.heading(item)} after you opened this page, so it has not been removed. "
                "Check it, then remove it again if you still mean to.",
            )
            return redirect(self.url(item, "remove"))
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect(self.url(item, "remove"))
        messages.success(request, f"{self.heading(item)} removed")
        return redirect(self._list_url(self.parent_of(item)))

    def _exists(self, kwargs: dict[str, Any]) -> bool:
        lookups = {lookup: kwargs[name] for name, lookup in self.model.url_identity.items()}
        return self.model._default_manager.filter(**lookups).exists()

    def _parent_from(self, kwargs: dict[str, Any]) -> Any:
        """The parent a URL names: its identity is the first part of its child's."""
        if self.parent is None:
            return None
        return self.parent.get({name: kwargs[name] for name in self.parent.model.url_identity})

    def _list_url(self, parent: Any) -> str:
        if self.listed_at is not None:
            return self.listed_at(parent)
        return self.parent.url(parent) if parent is not None else reverse(self.section.url_name)


def _posted(request: HttpRequest, name: str, allowed: tuple[str, ...]) -> tuple[str | None, int]:
    """A button's choice and the version of the page it was on; (None, 0) unless both were sent as expected."""
    choice, version = request.POST.get(name), request.POST.get("version", "")
    if choice not in allowed or not version.isdigit():
        return None, 0
    return choice, int(version)
