"""Markdown written by staff, rendered to HTML that is safe to show (no scripts, no raw HTML kept)."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_parser = MarkdownIt("commonmark", {"html": False}).enable("table")

ALLOWED_TAGS = {
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "h3",
    "h4",
    "blockquote",
    "code",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}

_SCROLL_REGION = 'class="app-scroll-region" role="region" aria-label="Table, scrolls sideways" tabindex="0"'


def render_markdown(text: str) -> Markup:
    html = _parser.render(text or "")
    # Headings in descriptions sit under the page's own h1/h2, so they start at h3.
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel="noopener")
    # A table typed in Markdown cannot stack into rows as ours do, so on a small screen it scrolls in a region a
    # keyboard can reach. Added after cleaning: fixed markup around what nh3 kept.
    clean = clean.replace("<table>", f'<div {_SCROLL_REGION}><table class="nhsuk-table">').replace(
        "</table>", "</table></div>"
    )
    return Markup(clean)
