"""Open data: every public dataset declared once, served at /data/ as CSV and JSON from its declaration.

An app declares its datasets in `<app>/open_data.py` and registers them from its AppConfig.ready(); the one view
(open_data_views.py) serves each in both formats, and the index lists each with its data dictionary. A new
dataset is a declaration, nothing more.

Open data is the public view (ADR 23): the view asks every dataset for the rows an anonymous reader may see,
whoever downloads, so one address always gives one file. The rows come through `.visible_to(user)` like every
page's. The file's ETag is made from the content generation (ADR 6), the address, today's date where the rows
depend on it, and the dictionary; its Last-Modified from the history events of the tables it reads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection
from django.utils import timezone

from blmk_portal import spreadsheets

LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

# The kinds of value a field holds, as the dictionary names them. Links are written as the site's paths in the
# rows and made absolute (with the address the file was asked for) when the file is written.
TEXT, INTEGER, NUMBER, DATE, TIME, BOOLEAN, URL = "text", "integer", "number", "date", "time", "boolean", "link"
TEXT_LIST, URL_LIST = "list of text", "list of links"
TYPES = (TEXT, INTEGER, NUMBER, DATE, TIME, BOOLEAN, URL, TEXT_LIST, URL_LIST)

LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Field:
    """A column of a dataset, as its data dictionary describes it."""

    name: str
    type: str
    meaning: str
    example: str

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: {self.type!r} is not one of {TYPES}")


Rows = Callable[[object], Iterable[dict[str, Any]]]


@dataclass(frozen=True)
class Dataset:
    """A public dataset: `rows(user)` gives the rows `user` may see, read through `.visible_to(user)`, each a dict
    of the fields' names in their order, in a number of queries that does not grow with them. `tables` say when
    it last changed: the models its rows are read from (app_label.Model), by their history events, or a time
    column of a model history does not track (app_label.Model.field). `daily`: the rows depend on today's date too
    (seats held today), so the file may change at midnight with nothing written."""

    slug: str
    title: str
    description: str
    fields: tuple[Field, ...]
    rows: Rows
    tables: tuple[str, ...]
    daily: bool = False

    @property
    def field_names(self) -> list[str]:
        return [field.name for field in self.fields]


_datasets: dict[str, Dataset] = {}


def register(*datasets: Dataset) -> None:
    for dataset in datasets:
        if dataset.slug in _datasets:
            raise ValueError(f"Two datasets are called {dataset.slug!r}")
        _datasets[dataset.slug] = dataset


def datasets() -> list[Dataset]:
    """Every dataset, in the order the apps registered them (INSTALLED_APPS)."""
    return list(_datasets.values())


def dataset(slug: str) -> Dataset | None:
    return _datasets.get(slug)


def read(dataset: Dataset, user) -> list[dict[str, Any]]:
    """The dataset's rows for `user`, checked against its dictionary: a declaration that gives other keys is a
    mistake to fail on, not a file to publish."""
    rows = list(dataset.rows(user))
    for row in rows:
        if list(row) != dataset.field_names:
            raise ValueError(f"{dataset.slug}: a row has {list(row)}, its dictionary {dataset.field_names}")
    return rows


# Writing the files: the same rows, value for value, in each format.


def as_csv(dataset: Dataset, rows: list[dict[str, Any]], absolute: Callable[[str], str]) -> str:
    """UTF-8 text with one header row, the dictionary's names, then a line a row."""
    return spreadsheets.csv_text(
        dataset.field_names, ([csv_cell(field, row[field.name], absolute) for field in dataset.fields] for row in rows)
    )


def as_json(dataset: Dataset, rows: list[dict[str, Any]], absolute: Callable[[str], str], about: str) -> str:
    body = {
        "dataset": dataset.slug,
        "title": dataset.title,
        "description": dataset.description,
        "licence": {"name": LICENCE, "url": LICENCE_URL},
        "about": about,
        "fields": [field.name for field in dataset.fields],
        "rows": [
            {field.name: json_value(field, row[field.name], absolute) for field in dataset.fields} for row in rows
        ],
    }
    return json.dumps(body, ensure_ascii=False, indent=1)


def json_value(field: Field, value: Any, absolute: Callable[[str], str]) -> Any:
    """A value as JSON holds it: numbers as numbers, dates as YYYY-MM-DD, times as HH:MM, lists as lists,
    null for nothing, links absolute."""
    if value is None or (value == "" and field.type in (URL, INTEGER, NUMBER, DATE, TIME)):
        return None
    if field.type == URL:
        return absolute(value)
    if field.type == URL_LIST:
        return [absolute(one) for one in value]
    if field.type == TEXT_LIST:
        return list(value)
    if field.type == DATE:
        return value.isoformat()
    if field.type == TIME:
        return f"{value:%H:%M}"
    if field.type == NUMBER and isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value.normalize())
    return value


def csv_cell(field: Field, value: Any, absolute: Callable[[str], str]) -> str | int | float | None:
    """The JSON's value as a CSV cell (`spreadsheets.csv_text` writes it): true or false, a list joined with "; "."""
    value = json_value(field, value, absolute)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return value


# When a file changed, for conditional GET.


def etag(dataset: Dataset, generation: int, address: str, today: dt.date) -> str:
    """A strong ETag: the same while the content generation, the address and the dictionary are (and, for a
    dataset that reads today's date, the day)."""
    parts = [str(generation), address, ",".join(f"{f.name}:{f.type}" for f in dataset.fields)]
    if dataset.daily:
        parts.append(today.isoformat())
    return '"' + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32] + '"'


def last_changes(chosen: Iterable[Dataset], now: dt.datetime | None = None) -> dict[str, dt.datetime | None]:
    """When each dataset last changed: the latest history event or time column of its `tables` (the start of
    today for a dataset that reads today's date, if later), or None where nothing is recorded. One query for all."""
    chosen = list(chosen)
    columns = {column for one in chosen for column in _time_columns(one)}
    latest = _latest(sorted(columns))
    midnight = timezone.make_aware(dt.datetime.combine(timezone.localdate(now), dt.time()))
    changes: dict[str, dt.datetime | None] = {}
    for one in chosen:
        times = [latest[column] for column in _time_columns(one) if latest.get(column)]
        if one.daily and times:
            times.append(midnight)
        changes[one.slug] = max(times) if times else None
    return changes


def _time_columns(dataset: Dataset) -> list[tuple[str, str]]:
    """(table, column) pairs whose latest value is when the dataset last changed."""
    columns = []
    for label in dataset.tables:
        app_label, model_name, *field = label.split(".")
        model = apps.get_model(app_label, model_name)
        if field:
            columns.append((model._meta.db_table, model._meta.get_field(field[0]).column))
            continue
        for event_model in dict.fromkeys(model.pgh_event_models.values()):
            columns.append((event_model._meta.db_table, "pgh_created_at"))
    return columns


def _latest(columns: list[tuple[str, str]]) -> dict[tuple[str, str], dt.datetime | None]:
    if not columns:
        return {}
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {index}, MAX({quote(column)}) FROM {quote(table)}" for index, (table, column) in enumerate(columns)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {columns[index]: latest for index, latest in cursor.fetchall()}
