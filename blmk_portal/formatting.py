"""How figures and dates read on every page: GOV.UK/NHS style ("9 June 2021", "166,000")."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def number(value: int | float | None) -> str:
    if value is None:
        return ""
    return f"{value:,}"


def count(value: int, noun: str) -> str:
    """ "1 item", "2 items", "1,200 items": a number with its noun (nouns that take an s)."""
    return f"{value:,} {noun}" if value == 1 else f"{value:,} {noun}s"


def date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def time(value: dt.time | None) -> str:
    """ "2pm", "9:30am", "midday", "midnight": times as the NHS style guide writes them."""
    if value is None:
        return ""
    if value == dt.time(12, 0):
        return "midday"
    if value == dt.time(0, 0):
        return "midnight"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def local_date(value: dt.datetime | None) -> str:
    """The day a moment fell on, in the UK."""
    return date(timezone.localtime(value).date()) if value else ""


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a year that has none."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
