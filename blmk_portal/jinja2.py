"""The Jinja2 environment every page renders with: the NHS.UK component macros plus the portal's globals.

Three things a page asks for many times are worked out once and remembered in the process (ADR 28): a URL
for the same name and arguments, an NHS tag for the same words and classes, and the header and footer for the
same role and section (`remembered`), with only what differs per person filled in. Each gives exactly the
markup the macro would: the tests compare them byte for byte.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from jinja2 import BaseLoader, ChainableUndefined, ChoiceLoader, DictLoader, Environment, PackageLoader, Template
from jinja2.environment import TemplateModule
from jinja2.runtime import Context
from markupsafe import Markup, escape

from blmk_portal import display, formatting, uploads
from blmk_portal.markdown import render_markdown

# How many answers each memo keeps: more than a page asks for, few enough that a process stays small.
URLS_KEPT = 20_000
TAGS_KEPT = 4_096
RENDERINGS_KEPT = 512
MARKDOWN_KEPT = 1_024

NHS_TAG_MACRO = "nhsuk/components/tag/macro.jinja"
# The package's own tag macro, under a name of ours: what the remembered tag renders on a first call.
ORIGINAL_TAG_MACRO = "blmk_portal/original-tag-macro.jinja"
# Every template imports `tag` from the NHS macro file; this stands in for that file, so each of them gets the
# remembered tag without changing an import.
REMEMBERED_TAG_SOURCE = "{% set tag = remembered_tag %}"

# URL arguments whose text is fully decided by their value and type (a model instance is not: its slug may change).
PLAIN_ARGUMENTS = (str, int, dt.date, uuid.UUID)


class Unrememberable(Exception):
    """The arguments cannot be a memo's key: the answer is worked out afresh."""


def _frozen(value: Any) -> Any:
    """A hashable key for a macro's parameters, telling apart what renders differently (text from markup)."""
    if isinstance(value, Mapping):
        return tuple(sorted((str(key), _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    if value is None or isinstance(value, str | int | float):
        return (type(value).__name__, value)
    raise Unrememberable(type(value).__name__)


class PortalTemplate(Template):
    """A template whose imports are cheap. Each `{% from "..." import x %}` asks whether the importing page has
    globals the imported file lacks; Jinja works that out name by name through the file's chained globals (about
    15 µs an import, and a partial included once per row imports its macros once per row). Here it is one set
    difference against the file's global names, read once; the answer is the same."""

    def _get_default_module(self, ctx: Context | None = None) -> TemplateModule:
        if ctx is not None and ctx.globals_keys - self._global_names():
            return super()._get_default_module(ctx)
        return super()._get_default_module(None)

    def _global_names(self) -> frozenset[str]:
        names = self.__dict__.get("_portal_global_names")
        if names is None:
            names = self._portal_global_names = frozenset(self.globals)
        return names


def remembering_url() -> Callable[..., str]:
    """`url()` that reverses each name and arguments once per script prefix and URL configuration."""

    @functools.lru_cache(maxsize=URLS_KEPT)
    def reversed_url(key: tuple) -> str:
        _prefix, _urlconf, name, args, kwargs = key
        return reverse(
            name,
            args=[arg for _, arg in args] or None,
            kwargs={key: value for key, (_, value) in kwargs} or None,
        )

    def url(name: str, *args: Any, **kwargs: Any) -> str:
        values = (*args, *kwargs.values())
        if not all(isinstance(value, PLAIN_ARGUMENTS) for value in values):
            return reverse(name, args=args or None, kwargs=kwargs or None)
        # The type goes in the key too: 1 and True are equal keys but reverse to different text.
        key = (
            get_script_prefix(),
            get_urlconf() or settings.ROOT_URLCONF,
            name,
            tuple((type(arg), arg) for arg in args),
            tuple(sorted((key, (type(value), value)) for key, value in kwargs.items())),
        )
        return reversed_url(key)

    url.cache_clear = reversed_url.cache_clear  # type: ignore[attr-defined]
    return url


def remembering(render: Callable[[Mapping], Markup], kept: int) -> Callable[[Mapping], Markup]:
    """`render(params)` for a macro whose output its parameters alone decide, worked out once for each set of
    parameters (the `kept` latest); parameters that cannot be a key are rendered each time."""

    @functools.lru_cache(maxsize=kept)
    def rendered(key: tuple, params: _Unhashed) -> Markup:
        return render(params.value)

    def remembered(params: Mapping) -> Markup:
        try:
            key = _frozen(params)
        except Unrememberable:
            return render(params)
        return rendered(key, _Unhashed(params))

    return remembered


def remembering_tag(env: Environment) -> Callable[..., Markup]:
    """The NHS `tag` macro, rendered once for each set of parameters (words, classes, colour...)."""

    def original(params: Mapping, caller: Callable | None = None) -> Markup:
        module = env.get_template(ORIGINAL_TAG_MACRO).module
        return module.tag(params) if caller is None else module.tag(params, caller=caller)

    remembered = remembering(original, TAGS_KEPT)

    def tag(params: Mapping | None = None, caller: Callable | None = None) -> Markup:
        params = params if params is not None else {}
        return original(params, caller) if caller is not None else remembered(params)

    return tag


class _Unhashed:
    """Passes the parameters to a memo beside their key without being part of the key."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __hash__(self) -> int:
        return 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Unhashed)


TABLE_CELL = Markup(
    '<td class="nhsuk-table__cell"><span class="nhsuk-table__heading" aria-hidden="true">{} </span><{}>{}</{}></td>'
)
# What a span may not contain (the W3C checker): a cell holding any of these wraps it in a div.
BLOCK_CONTENT = ("<form", "<ul", "<ol", "<p", "<div")


def table_cell(header: str, caller: Callable[[], Markup]) -> Markup:
    """A responsive table's cell (templates/includes/tables.jinja): `{% call cell("Plan") %}...{% endcall %}`."""
    content = caller()
    wrapper = Markup("div" if any(block in content for block in BLOCK_CONTENT) else "span")
    return TABLE_CELL.format(header, wrapper, content, wrapper)


class Remembered:
    """Markup rendered once for each `vary` (a role, a section), with per-request text put in afterwards.

    In a template:
        {% call(fill) remembered("header", vary=[...], fill={"email": ...}) %} ...uses fill.email... {% endcall %}
    The first time, the block renders with a marker in place of each `fill` value; the result is kept, and every
    time the markers are replaced by the values, escaped as the block would have escaped them. Anything that
    differs between requests must be in `vary` or `fill`. Off while templates reload (development), so an edit
    shows at once.
    """

    def __init__(self, env: Environment) -> None:
        self.enabled = not env.auto_reload
        # Each rendering with the marker that stands in for each `fill` value.
        self._kept: dict[tuple, tuple[str, dict[str, str]]] = {}

    def __call__(self, name: str, *, vary: Any, fill: Mapping[str, str], caller: Callable) -> Markup:
        if not self.enabled:
            return caller(fill)
        try:
            key = (name, get_script_prefix(), _frozen(vary), tuple(sorted(fill)))
        except Unrememberable:
            return caller(fill)
        kept = self._kept.get(key)
        if kept is None:
            markers = {field: f"blmkfill{uuid.uuid4().hex}" for field in fill}
            rendered = str(caller(markers))
            if not all(marker in rendered for marker in markers.values()):
                # The block changed a value (cut it short, say), so it cannot be filled in afterwards.
                return caller(fill)
            if len(self._kept) >= RENDERINGS_KEPT:
                self._kept.clear()
            self._kept[key] = kept = (rendered, markers)
        filled, markers = kept
        for field, marker in markers.items():
            filled = filled.replace(marker, str(escape(fill[field])))
        return Markup(filled)

    def clear(self) -> None:
        self._kept.clear()


def environment(**options: Any) -> Environment:
    # The NHS macros read optional parameters such as params.search.action; with Django's default
    # undefined they fail, so missing attributes must chain quietly.
    options["undefined"] = ChainableUndefined
    nhs = PackageLoader("nhsuk_frontend_jinja", "templates")
    original_tag, _, _ = nhs.get_source(Environment(), NHS_TAG_MACRO)
    ours: BaseLoader = DictLoader({NHS_TAG_MACRO: REMEMBERED_TAG_SOURCE, ORIGINAL_TAG_MACRO: original_tag})
    options["loader"] = ChoiceLoader([ours, options["loader"], nhs])
    env = Environment(**options)
    env.template_class = PortalTemplate
    env.globals.update(
        {
            "url": remembering_url(),
            "static": static,
            "link": display.link,
            "not_public_tag": display.not_public_tag,
            "publication_tag": display.publication_tag,
            "remembered_tag": remembering_tag(env),
            "remembered": Remembered(env),
            "table_cell": table_cell,
        }
    )
    env.filters.update(
        {
            "number": formatting.number,
            "date": formatting.date,
            "datetime": formatting.datetime,
            # A priority's description is the same text on every view until it is edited: rendered once per text.
            "markdown": functools.lru_cache(maxsize=MARKDOWN_KEPT)(render_markdown),
            "file_kind": uploads.KINDS.get,
            "file_size": uploads.size_in_words,
        }
    )
    return env
