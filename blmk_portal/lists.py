"""Staff lists: filtered by a form over GET, sorted by a column heading, paged with the NHS pagination.

Everything is a plain link or a GET form, so it works without JavaScript; with htmx the list's region is
swapped in place (templates/manage/_list.jinja), from the same template rendered as a fragment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

PER_PAGE = 25


@dataclass(frozen=True)
class Column:
    label: str
    sort: tuple[str, ...] = ()  # the ordering of an ascending sort by this column; () when it does not sort


class StaffList:
    """One page of `rows`, filtered by `filter_form` (its cleaned data handed to `apply_filters`) and sorted
    by the column named in ?sort= (a leading "-" for descending)."""

    def __init__(
        self,
        request: HttpRequest,
        rows: QuerySet | Sequence[Any],
        *,
        columns: dict[str, Column],
        default_sort: str | None = None,
        filter_form: type[forms.Form] | None = None,
        apply_filters: Callable[[Any, dict[str, Any]], Any] | None = None,
        per_page: int = PER_PAGE,
        noun: str = "items",
    ) -> None:
        self.query = request.GET
        self.columns = columns
        self.noun = noun
        # Bound even when nothing was asked, so a filter's default (the open risks, say) is applied.
        self.form = filter_form(request.GET) if filter_form else None
        if self.form is not None and self.form.is_valid() and apply_filters:
            rows = apply_filters(rows, self.form.cleaned_data)
        self.sort = self._chosen_sort(request.GET.get("sort", ""), default_sort)
        if self.sort and isinstance(rows, QuerySet):
            key = self.sort.removeprefix("-")
            descending = self.sort.startswith("-")
            rows = rows.order_by(*(f"-{part}" if descending else part for part in columns[key].sort), "pk")
        self.page: Page = Paginator(rows, per_page).get_page(request.GET.get("page"))

    def _chosen_sort(self, asked: str, default: str | None) -> str | None:
        key = asked.removeprefix("-")
        return asked if key in self.columns and self.columns[key].sort else default

    @property
    def rows(self) -> list[Any]:
        return list(self.page.object_list)

    @property
    def summary(self) -> str:
        """ "Showing 26 to 50 of 80 organisations", or "No organisations found"."""
        count = self.page.paginator.count
        if not count:
            return f"No {self.noun} found"
        return f"Showing {self.page.start_index():,} to {self.page.end_index():,} of {count:,} {self.noun}"

    def head(self) -> list[dict[str, Any]]:
        """The table's header cells; sortable columns link to their sort, and say which way it runs (aria-sort)."""
        cells = []
        for key, column in self.columns.items():
            cell: dict[str, Any] = {"text": column.label}
            if column.sort:
                current = self.sort.removeprefix("-") == key if self.sort else False
                descending = bool(self.sort and self.sort.startswith("-"))
                cell["sort"] = ("descending" if descending else "ascending") if current else "none"
                cell["href"] = self.url(sort=f"-{key}" if current and not descending else key, page=None)
            cells.append(cell)
        return cells

    def cells(self, values: dict[str, Any]) -> list[dict[str, Any]]:
        """A row of the table from values by column key: safe HTML as it is, each cell headed for small screens."""
        row = []
        for key, column in self.columns.items():
            value = values.get(key, "")
            cell: dict[str, Any] = {"html": value} if hasattr(value, "__html__") else {"text": str(value)}
            cell["header"] = column.label
            row.append(cell)
        return row

    def pagination(self) -> dict[str, Any] | None:
        """The NHS pagination component's parameters: numbered pages, with gaps, previous and next."""
        page = self.page
        if page.paginator.num_pages < 2:
            return None
        items: list[dict[str, Any]] = []
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
            if number == Paginator.ELLIPSIS:
                items.append({"ellipsis": True})
            else:
                items.append({"number": number, "href": self.url(page=number), "current": number == page.number})
        params: dict[str, Any] = {"items": items, "ariaLabel": f"Pages of {self.noun}"}
        if page.has_previous():
            params["previous"] = {"href": self.url(page=page.previous_page_number())}
        if page.has_next():
            params["next"] = {"href": self.url(page=page.next_page_number())}
        return params

    def url(self, **changes: Any) -> str:
        """This list's address with some of its query changed (None removes a parameter)."""
        query: QueryDict = self.query.copy()
        for name, value in changes.items():
            query.pop(name, None)
            # Page 1 is the list's own address, without a page number.
            if value is not None and not (name == "page" and value == 1):
                query[name] = str(value)
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else "?"
