"""The content generation: one number that changes whenever anything a reader can see changes, in the same
transaction as the change, so that something worked out from the content can be kept until the next write.

A statement-level trigger on every content table bumps it. A trigger, not Django signals: the version-checked
save writes with `QuerySet.update()` and link rows go in with `bulk_create`, which send no signals, and a
trigger commits or rolls back with the write whatever path the write took. The content tables are every model
of the content apps, and `SourceDocument`, less the ones below that are worked out from content; a new model
in those apps gets the trigger from `makemigrations` without anyone remembering to add it.

Read the generation before any content query of the request: what is read after it is at least as new, so an
answer stored under it can only be replaced sooner than needed, never kept too long. Every write statement
updates the one row, so writers queue for it until they commit; the portal's writes are short, and this is
what makes a change visible to every server at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TypeVar

import pgtrigger
from django.apps import apps
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection, models
from pghistory.models import Event

from blmk_portal import publication
from blmk_portal.models import ContentGeneration

CONTENT_APPS = ("places", "priorities", "governance", "dashboards")
CONTENT_MODELS_ELSEWHERE = ("blmk_portal.SourceDocument",)
# Worked out from the content: writing them changes what a reader sees only where `EDITION_SHOWN` says.
DERIVED_MODELS = ("governance.PackEdition",)
TABLE = ContentGeneration._meta.db_table
SEQUENCE = "blmk_portal_content_generation"
# A backstop only: an answer is replaced at the next write anyway.
KEPT_SECONDS = 600

T = TypeVar("T")

BUMP_SQL = f"""INSERT INTO {TABLE} (id, value) VALUES (1, nextval('{SEQUENCE}'))
        ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value;"""

BUMP = pgtrigger.Trigger(
    name="bump_content_generation",
    level=pgtrigger.Statement,
    when=pgtrigger.After,
    operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete | pgtrigger.Truncate,
    # Each writing transaction leaves a number never used before (a sequence's next value), so no two committed
    # states share one, even after a rollback; an upsert, so the row comes back after a test empties the tables.
    func=f"""
        {BUMP_SQL}
        RETURN NULL;
    """,
)

# A pack edition is built after the write that called for it, by the task worker: the meeting pages list the
# editions once ready, so one becoming ready (or failing, or going) is a change readers see. Its progress (parts
# done) is not, and a build writes that after every part, so it leaves the generation alone.
EDITION_SHOWN = pgtrigger.Trigger(
    name="bump_content_generation_edition_shown",
    level=pgtrigger.Row,
    when=pgtrigger.After,
    operation=pgtrigger.Update | pgtrigger.Delete,
    func=f"""
        IF TG_OP = 'DELETE' OR NEW.state IS DISTINCT FROM OLD.state THEN
            {BUMP_SQL}
        END IF;
        RETURN NULL;
    """,
)


def content_models() -> list[type[models.Model]]:
    """The models whose tables carry the trigger."""
    derived = {apps.get_model(label) for label in DERIVED_MODELS}
    found = [model for label in CONTENT_APPS for model in apps.get_app_config(label).get_models()]
    found += [apps.get_model(label) for label in CONTENT_MODELS_ELSEWHERE]
    return [model for model in found if model not in derived and not issubclass(model, Event)]


def track_content() -> None:
    """Put the trigger on every content table (called once the models are loaded; migrations install it)."""
    BUMP.register(*content_models())
    EDITION_SHOWN.register(*(apps.get_model(label) for label in DERIVED_MODELS))


def current() -> int:
    """The generation as committed now: one indexed read (0 before the first write).

    It is the first query of a page request, so it is also the request's check that its kept database connection
    still works (`CONN_HEALTH_CHECKS`), which Django would otherwise make with a `SELECT 1` round trip of its own
    before it. The read is tried at once; a connection that proves dead is closed and the read made again on a
    new one, which is all the check would have done. A page served from the cache costs one round trip, not two.
    """
    if _connection_check_due():
        connection.health_check_done = True
        try:
            return _read()
        except (InterfaceError, OperationalError):
            connection.close()
    return _read()


def _connection_check_due() -> bool:
    """Django checks a kept connection before the first query of each request (as it decides for itself)."""
    return connection.connection is not None and connection.health_check_enabled and not connection.health_check_done


def _read() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def for_request(request) -> int:
    """The generation this request reads under: the page cache's read, taken before any content query of the
    request, when it has run; otherwise read now (call it before reading content)."""
    read = getattr(request, "content_generation", None)
    return read if read is not None else current()


def kept_for_reader(request, purpose: str, work_out: Callable[[], T], keep: Callable[[T], bool]) -> T:
    """`work_out()` for this address and this reader, worked out once per generation and kept between requests
    and workers while `keep` says it may be. Readers share an answer only when the publication gate sees them
    alike (`audience_key`), so one kept for a board's members never reaches anyone else."""
    key = f"{purpose}:{for_request(request)}:{publication.audience_key(request.user)}:{request.path}"
    # A cache that fails must not fail the page: the answer is worked out instead, and not kept.
    with contextlib.suppress(Exception):
        kept = cache.get(key)
        if kept is not None:
            return kept
    answer = work_out()
    if keep(answer):
        with contextlib.suppress(Exception):
            cache.set(key, answer, KEPT_SECONDS)
    return answer
