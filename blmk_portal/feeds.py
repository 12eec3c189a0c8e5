"""What every Atom feed of the portal shares (the apps' feeds build on it: governance/feeds.py,
priorities/feeds.py).

Feeds are public: a feed reader has no session, so every feed reads as the public does, through
`.visible_to(ANYONE)`, whoever asks, and one fetched by staff can never hold more than the public's.
An entry's id is a tag URI made from the record's key, so it stays the same when the record's title or address
changes, and a reader shows the change as an update rather than as a new entry.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import DateTimeField, Model, OuterRef, Subquery
from django.utils import feedgenerator
from django.utils.html import format_html_join

ANYONE = AnonymousUser()
# The newest entries only: a feed tells of what is new, the pages list everything.
ENTRIES = 50


def tag_uri(key: str) -> str:
    return f"tag:blmk-portal,2021:{key}"


class AtomFeed(Feed):
    feed_type = feedgenerator.Atom1Feed
    author_name = "BLMK Health and Care Partnership"


def paragraphs(*texts: str) -> str:
    """Plain texts as the HTML of an entry's summary, a paragraph each, escaped."""
    return format_html_join("", "<p>{}</p>", ((text,) for text in texts if text))


def last_written(model: type[Model]) -> Subquery:
    """When a row of `model` was last written (its newest history event), as a subquery of the model's rows."""
    return Subquery(
        model.pgh_event_model.objects.filter(pgh_obj=OuterRef("pk")).order_by("-pgh_id").values("pgh_created_at")[:1],
        output_field=DateTimeField(),
    )


def latest(*moments: dt.datetime | None, fallback: dt.date) -> dt.datetime:
    """The latest of the moments known; the start of `fallback`'s day where none is (Atom dates every entry)."""
    known = [moment for moment in moments if moment is not None]
    if known:
        return max(known)
    return dt.datetime.combine(fallback, dt.time(), tzinfo=dt.UTC)
