"""Display pieces every presenter shares: summary-list rows, links, and the tags that say who can see what.

Presenters build HTML here, escaped, so templates never join text into HTML strings themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from blmk_portal.publication import not_public_label


def link(text: str, href: str) -> SafeString:
    return format_html('<a href="{}">{}</a>', href, text)


def links(pairs: Iterable[tuple[str, str]], *, empty: str = "None recorded") -> SafeString | str:
    """Links separated by commas, or `empty` when there are none."""
    pairs = list(pairs)
    return format_html_join(", ", '<a href="{}">{}</a>', ((href, text) for text, href in pairs)) if pairs else empty


def tag_html(tag: dict[str, str]) -> SafeString:
    """An NHS tag as markup, for cells that presenters build (the same markup as the tag macro)."""
    return format_html('<strong class="nhsuk-tag {}">{}</strong>', tag["classes"], tag["text"])


def action_links(actions: Iterable[tuple[str, str]], name: str) -> SafeString:
    """ "Edit · History" links whose accessible names say what they act on ("Edit Luton Borough Council")."""
    return format_html_join(
        " · ", '<a href="{}">{}<span class="nhsuk-u-visually-hidden"> {}</span></a>', ((h, t, name) for t, h in actions)
    )


def summary_rows(rows: Iterable[tuple[str, Any]]) -> list[dict[str, Any]]:
    """The NHS summary list's rows from (key, value) pairs; None values are left out, safe HTML is kept as it is."""
    built = []
    for key, value in rows:
        if value is None:
            continue
        shown = {"html": value} if hasattr(value, "__html__") else {"text": str(value)}
        built.append({"key": {"text": key}, "value": shown})
    return built


def publication_tag(item: models.Model) -> dict[str, str]:
    """On staff lists: Published, or who alone can see it."""
    label = not_public_label(item)
    return (
        {"text": label, "classes": "nhsuk-tag--white"}
        if label
        else {"text": "Published", "classes": "nhsuk-tag--green"}
    )


def not_public_tag(item: models.Model) -> dict[str, str] | None:
    """Outside /manage/, beside anything staff can see that the public cannot; None for what is public."""
    label = not_public_label(item)
    return {"text": label, "classes": "nhsuk-tag--white"} if label else None
