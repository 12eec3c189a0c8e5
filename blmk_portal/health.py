"""/healthz and /readyz, for load balancers and orchestrators, answered before any other middleware.

A balancer asks over plain HTTP, by the container's own address: going first, this answers before
SecurityMiddleware would redirect to HTTPS and before anything reads the Host header (which ALLOWED_HOSTS would
refuse with a 400). The answers are plain text, carry nothing private, and are never cached.

- /healthz: this server can reach its database (200 "ok"; 503 when it cannot). The benchmark's baseline.
- /readyz: the database is reachable and every migration this code has is applied (503 while any is pending,
  as when the new image starts before `migrate` has run). Once ready, a process stays ready: its code and so
  its migrations cannot change under it, so the costly look at the migration files is done until then only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse

from blmk_portal.formatting import count

logger = logging.getLogger(__name__)

_ready = False


def _answer(status: int, text: str) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return False
    return True


def _pending_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def healthz() -> HttpResponse:
    if not _database_answers():
        return _answer(503, "the database is unreachable")
    return _answer(200, "ok")


def readyz() -> HttpResponse:
    global _ready  # noqa: PLW0603 (one flag for the process, see the module's docstring)
    if not _database_answers():
        return _answer(503, "the database is unreachable")
    if not _ready:
        try:
            pending = _pending_migrations()
        except DatabaseError:
            logger.exception("Readiness check: could not read the applied migrations")
            return _answer(503, "the applied migrations could not be read")
        if pending:
            return _answer(503, f"{count(pending, 'migration')} not yet applied")
        _ready = True
    return _answer(200, "ready")


CHECKS: dict[str, Callable[[], HttpResponse]] = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """Placed first in MIDDLEWARE: answers the two checks for any host, over HTTP or HTTPS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        check = CHECKS.get(request.path_info)
        if check is not None and request.method in ("GET", "HEAD"):
            return check()
        return self.get_response(request)
