"""Sessions read from the shared cache and written through to the database (Django's cached_db), so a signed-in
request does not query for its session. Where the cache is each process's own (shared_cache.py), the session
is read from the database every time, as before: a sign-out must end the session on every worker at once."""

from __future__ import annotations

from django.contrib.sessions.backends import cached_db
from django.core.cache.backends.dummy import DummyCache

from blmk_portal import shared_cache


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        if not shared_cache.is_shared():
            self._cache = DummyCache("", {})
