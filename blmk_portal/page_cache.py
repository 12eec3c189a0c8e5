"""The page cache: whole pages as an anonymous visitor sees them, kept under the content generation, served
before anything else has run (docs/adr/0027-page-cache.md).

It can never hand one reader's page to another, because it only ever deals with one kind of reader:
- a request is served from the cache, or its page stored, only when it carries no session cookie (so it cannot
  be signed in) and no messages cookie (so nothing is waiting to be said to this visitor), is not an htmx
  request (whose answer may be a fragment), and is a GET (a HEAD is answered by rendering);
- a page is stored only when it is a whole 200 that set no cookie (the sign-in form sets the CSRF cookie, so it
  never is), showed no message, was not marked private or uncacheable by its view, and varies on nothing but
  the cookie (and htmx headers, which such a request does not send).
Whatever is not stored is `Cache-Control: private, no-store`; a page that is gets an ETag and
`Cache-Control: no-cache`, so a browser or a CDN asks again each time and is answered 304 while the generation
is unchanged. That answer is given only to the same kind of request, so a signed-in person's browser that holds
an anonymous copy gets their own page instead; which is also why those pages do not say `Vary: Cookie`.

An entry is valid only under the generation read at the start of the request (the key includes it), on the day
it was rendered (pages that speak of "upcoming" meetings change at midnight, not at a write), and for the code
that rendered it (two releases side by side during a rolling deploy each keep their own). A short time-out is
a backstop. A cache that fails is passed by: the page is rendered as if there were no cache.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from blmk_portal import generation

logger = logging.getLogger(__name__)

# A backstop only: the key changes at the next write anyway.
KEPT_SECONDS = generation.KEPT_SECONDS
# After a write, the first request for a page renders it while the others wait this long for it, then render
# it themselves: a slow render never holds readers up for longer.
RENDER_LOCK_SECONDS = 10
WAIT_FOR_RENDER_SECONDS = 0.5
WAIT_POLL_SECONDS = 0.02
# Every parameter is part of the key (a view may read any), sorted by name; a query string beyond these bounds is
# not the portal's own links and is rendered without the cache, so it cannot flood the cache with variants.
MAX_QUERY_PARAMETERS = 12
MAX_QUERY_LENGTH = 512
MAX_STORED_BYTES = 2_000_000
# Vary headers a stored page may carry: the requests served from the cache send no cookie worth reading and no
# htmx headers, so they are all the same variant.
HARMLESS_VARY = "cookie"
HTMX_VARY_PREFIX = "hx-"
VIEW_OPTED_OUT = ("private", "no-store", "no-cache", "max-age=0")
UNCACHEABLE = "uncacheable"


@dataclass(frozen=True)
class Address:
    """Where an anonymous page is kept, and the ETag it is sent with."""

    key: str
    etag: str

    @property
    def lock_key(self) -> str:
        return f"{self.key}:rendering"


@functools.cache
def release() -> str:
    """A fingerprint of the code and templates that render pages: the same on every server of one release."""
    digest = hashlib.sha256()
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    folders += [Path(config.path) for config in apps.get_app_configs()]
    folders = [folder for folder in folders if folder.is_relative_to(settings.BASE_DIR)]
    for folder in sorted(set(folders)):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".jinja") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def _sorted_query(query_string: str) -> str | None:
    """The query string with its parameters in name order (the values of one name kept in their order), or None
    when it is not one the cache should keep a page for."""
    if len(query_string) > MAX_QUERY_LENGTH:
        return None
    try:
        pairs = parse_qsl(query_string, keep_blank_values=True, strict_parsing=bool(query_string))
    except ValueError:
        return None
    if len(pairs) > MAX_QUERY_PARAMETERS:
        return None
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def address_for(request: HttpRequest) -> Address | None:
    """Where this request's page is kept, or None when this request may neither be served from the cache nor
    have its page stored (see the module's docstring). Reads the content generation for a request that may,
    before any content query of the request, and leaves it on the request for views (request.content_generation).
    A request that may not (signed in, a form, a message) reads it only where it keeps something by it."""
    if request.method not in ("GET", "HEAD") or "HTTP_HX_REQUEST" in request.META:
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES:
        return None
    query = _sorted_query(request.META.get("QUERY_STRING", ""))
    if query is None:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # rendered, so the portal answers 400 as usual
    request.content_generation = generation.current()
    scheme = "https" if request.is_secure() else "http"
    url = f"{scheme}://{host}{request.path}?{query}"
    described = f"{release()}:{request.content_generation}:{timezone.localdate().isoformat()}:{url}"
    digest = hashlib.sha256(described.encode()).hexdigest()
    return Address(key=f"page:{digest}", etag=f'"{digest[:32]}"')


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in VIEW_OPTED_OUT):
        return False
    varies = [part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()]
    return all(part == HARMLESS_VARY or part.startswith(HTMX_VARY_PREFIX) for part in varies)


def _revalidated_by_its_view(response: HttpResponse) -> bool:
    """Public content whose view answers conditional requests itself (open data files): `no-cache` with its own
    validators, and nothing that makes it anyone's own. Left as the view made it, and not kept."""
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code in (200, 304)
        and "no-cache" in cache_control
        and not any(word in cache_control for word in ("private", "no-store"))
        and ("ETag" in response or "Last-Modified" in response)
        and not response.cookies
    )


def _mark_public(response: HttpResponse, address: Address) -> None:
    response["ETag"] = address.etag
    response["Cache-Control"] = "no-cache"
    varies = [part.strip() for part in response.get("Vary", "").split(",") if part.strip()]
    kept = [part for part in varies if part.lower() != HARMLESS_VARY]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif "Vary" in response:
        del response["Vary"]


def _mark_private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def _not_modified(address: Address) -> HttpResponse:
    response = HttpResponseNotModified()
    response["ETag"] = address.etag
    response["Cache-Control"] = "no-cache"
    return response


def _quietly(operation: Callable, *args, default=None):
    """A cache operation whose failure only means the page is rendered (or not kept): logged, never raised."""
    try:
        return operation(*args)
    except Exception:
        logger.warning("Page cache: %s failed; the page is rendered without it", operation.__name__, exc_info=True)
        return default


class PageCacheMiddleware:
    """Placed after the health checks and before everything else, so a page served from the cache costs one
    query (the generation) and nothing more."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        release()  # read the code once as the worker starts (about a second), not during its first request

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Static files are whitenoise's, with their own long-lived headers.
        if request.path_info.startswith(settings.STATIC_URL):
            return self.get_response(request)
        # Off (PAGE_CACHE=False): every answer is private, and no page is kept or read by the generation.
        address = address_for(request) if settings.PAGE_CACHE else None
        if address is None:
            return _mark_private(self.get_response(request))
        if address.etag in parse_etags(request.headers.get("If-None-Match", "")):
            return _not_modified(address)
        if request.method == "HEAD":
            return self._render(request, address, store=False)
        kept = _quietly(cache.get, address.key)
        if kept is None and _quietly(cache.add, address.lock_key, 1, RENDER_LOCK_SECONDS, default=True):
            try:
                return self._render(request, address, store=True)
            finally:
                _quietly(cache.delete, address.lock_key)
        if kept is None:
            kept = self._wait_for_render(address)
        if kept is None or kept == UNCACHEABLE:
            return self._render(request, address, store=kept is None)
        return self._served(kept, address)

    def _render(self, request: HttpRequest, address: Address, *, store: bool) -> HttpResponse:
        response = self.get_response(request)
        if _revalidated_by_its_view(response):
            if store:
                _quietly(cache.set, address.key, UNCACHEABLE, KEPT_SECONDS)
            return response
        if not _storable(request, response):
            if store:
                # Not a page to keep (a form that sets its cookie, a 404): say so, so the next requests for it
                # render at once instead of waiting for a page that will never be stored.
                _quietly(cache.set, address.key, UNCACHEABLE, KEPT_SECONDS)
            return _mark_private(response)
        _mark_public(response, address)
        if store and len(response.content) <= MAX_STORED_BYTES:
            kept = {"headers": list(response.items()), "content": response.content}
            _quietly(cache.set, address.key, kept, KEPT_SECONDS)
        # After storing, so only this answer says it: the benchmark counts hits and misses by it.
        response["X-Page-Cache"] = "miss"
        return response

    def _wait_for_render(self, address: Address) -> dict | str | None:
        deadline = time.monotonic() + WAIT_FOR_RENDER_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_POLL_SECONDS)
            kept = _quietly(cache.get, address.key)
            if kept is not None:
                return kept
        return None

    def _served(self, kept: dict, address: Address) -> HttpResponse:
        response = HttpResponse(kept["content"])
        for name, value in kept["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
