"""The search page, /search/?q=...: a GET form that works without JavaScript (htmx swaps only its results)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict

from blmk_portal import forms as nhs
from blmk_portal import search
from blmk_portal.edit_views import render_page
from blmk_portal.forms import error_list

QUERY_LENGTH = 200


class SearchForm(nhs.FilterForm):
    q = nhs.CharField(label="Search for", required=False, max_length=QUERY_LENGTH, subject="what to search for")
    start = nhs.DateField(label="From", required=False, subject="the date to search from")
    end = nhs.DateField(label="To", required=False, subject="the date to search to")

    def __init__(self, *args: Any, user=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"] = nhs.MultipleChoiceField(
            label="What to find",
            required=False,
            choices=[(kind.key, kind.plural) for kind in search.kinds()],
            subject="what to find",
        )
        for facet in search.facets():
            self.fields[facet.key] = nhs.ChoiceField(
                label=facet.label, required=False, choices=[("", facet.any_label), *facet.choices(user)]
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The date to search to must be the same as or after the date to search from")
        return cleaned

    def asked(self) -> search.Asked:
        data = self.cleaned_data
        return search.Asked(
            words=" ".join(data["q"].split()),
            kinds=tuple(data["kind"]),
            facets={facet.key: data[facet.key] for facet in search.facets() if data.get(facet.key)},
            start=data["start"],
            end=data["end"],
        )


def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET, user=request.user)
    results, asked = None, None
    if form.is_valid() and form.cleaned_data["q"].strip():
        asked = form.asked()
        results = search.search(request.user, asked, _page_number(request.GET))
        # Each kind says how many it found, whichever are ticked.
        form.fields["kind"].choices = [
            (kind.key, f"{kind.plural} ({results.counts.get(kind.key, 0):,})") for kind in search.kinds()
        ]
    return render_page(
        request,
        "search/search.jinja",
        {
            "form": form,
            "asked": asked,
            "results": results,
            "facet_fields": [facet.key for facet in search.facets()],
            "per_page": search.PER_PAGE,
            "pages": _pagination(request.GET, results) if results else None,
            "suggestion_url": _with(request.GET, q=results.suggestion, page=None)
            if results and results.suggestion
            else None,
            "errors": error_list(form) if form.errors else [],
            "breadcrumbs": [{"text": "Home", "href": "/"}],
        },
        fragment="results",
    )


def _page_number(query: QueryDict) -> int:
    asked = query.get("page", "1")
    return int(asked) if asked.isdigit() else 1


def _with(query: QueryDict, **changes: Any) -> str:
    changed = query.copy()
    for name, value in changes.items():
        changed.pop(name, None)
        if value is not None and not (name == "page" and value == 1):
            changed[name] = str(value)
    return f"?{changed.urlencode()}"


def _pagination(query: QueryDict, results: search.Results) -> dict[str, Any] | None:
    """The NHS pagination component's parameters: previous and next, with each page's number."""
    if results.pages < 2:
        return None
    numbers = sorted({1, results.pages, *range(max(1, results.page - 2), min(results.pages, results.page + 2) + 1)})
    items: list[dict[str, Any]] = []
    for number in numbers:
        if items and number - items[-1]["number"] > 1:
            items.append({"ellipsis": True, "number": number - 1})
        items.append({"number": number, "href": _with(query, page=number), "current": number == results.page})
    params: dict[str, Any] = {
        "items": [item if not item.get("ellipsis") else {"ellipsis": True} for item in items],
        "ariaLabel": "Pages of results",
    }
    if results.page > 1:
        params["previous"] = {"href": _with(query, page=results.page - 1)}
    if results.page < results.pages:
        params["next"] = {"href": _with(query, page=results.page + 1)}
    return params
