"""The Jinja2 environment every page renders with: the NHS.UK component macros plus the portal's globals."""

from __future__ import annotations

from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from blmk_portal import display, formatting, uploads
from blmk_portal.markdown import render_markdown


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    # The NHS macros read optional parameters such as params.search.action; with Django's default
    # undefined they fail, so missing attributes must chain quietly.
    options["undefined"] = ChainableUndefined
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja", "templates")])
    env = Environment(**options)
    env.globals.update(
        {
            "url": url,
            "static": static,
            "link": display.link,
            "not_public_tag": display.not_public_tag,
            "publication_tag": display.publication_tag,
        }
    )
    env.filters.update(
        {
            "number": formatting.number,
            "date": formatting.date,
            "datetime": formatting.datetime,
            "markdown": render_markdown,
            "file_kind": uploads.KINDS.get,
            "file_size": uploads.size_in_words,
        }
    )
    return env
