"""The page cache: whole pages as an anonymous visitor sees them, kept under the content generation, served
before anything else has run (docs/adr/0027-page-cache.md); and, for the views that ask for it, each signed-in
person's own pages (`kept_for_each_person`, docs/adr/0029-signed-in-page-cache.md).

The anonymous cache can never hand one reader's page to another, because it only ever deals with one kind of
reader:
- a request is served from the cache, or its page stored, only when it carries no session cookie (so it cannot
  be signed in) and no messages cookie (so nothing is waiting to be said to this visitor), is not an htmx
  request (whose answer may be a fragment), and is a GET (a HEAD is answered by rendering);
- a page is stored only when it is a whole 200 that set no cookie (the sign-in form sets the CSRF cookie, so it
  never is), showed no message, was not marked private or uncacheable by its view, and varies on nothing but
  the cookie (and htmx headers, which such a request does not send).
Whatever is not stored is `Cache-Control: private, no-store`; a page that is gets an ETag (another for its
gzip-compressed copy, sent to those who accept it) and `Cache-Control: no-cache`, so a browser or a CDN asks
again each time and is answered 304 while the generation is unchanged. That answer is given only to the same
kind of request, so a signed-in person's browser that holds an anonymous copy gets their own page instead;
which is also why those pages do not say `Vary: Cookie`. A signed-in person's pages are kept under their own
key, never this one's (`person_address_for`).

An entry is valid only under the generation read at the start of the request (the key includes it), on the day
it was rendered (pages that speak of "upcoming" meetings change at midnight, not at a write), and for the code
that rendered it (two releases side by side during a rolling deploy each keep their own). A short time-out is
a backstop. A cache that fails is passed by: the page is rendered as if there were no cache.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import re
import secrets
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
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags
from markupsafe import Markup

from blmk_portal import generation, publication, roles, shared_cache
from blmk_portal.near_copies import NearCopies

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
# Each worker keeps its latest pages in its own memory too, up to this many bytes, so a hit neither reads a file
# nor unpickles one. Safe because a key names its generation: a near copy can only go unused, never stale.
NEAR_COPY_BYTES = 32 * 2**20
# A kept anonymous page is compressed once, when kept, and sent so to the clients that accept it (every browser
# does): the bytes on the wire, not the serving, were most of what a kept page of 100 KiB or more cost. It holds no
# secret (no CSRF token, nothing of anyone's), so compression cannot leak one (BREACH). Signed-in pages, which
# hold a token filled in per request, are sent as they are.
COMPRESSED_AT_LEAST = 1024
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/atom+xml", "application/xml")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Only a page served from the cache says so (the benchmark counts hits and misses by this header).
SERVED_FROM_CACHE = ("X-Page-Cache", "hit")
# A form that may be sent once only carries a token made afresh for each rendering (edit_views.once): a page
# holding one is never kept, whichever view opted in, or a second rendering would hand out the same token.
ONCE_ONLY_TOKEN = re.compile(rb'<input[^>]+name="(?:[\w-]+-)?(?:submission|token)"')


@dataclass(frozen=True)
class Address:
    """Where a page is kept, and the ETag an anonymous page is sent with."""

    key: str
    etag: str

    @property
    def lock_key(self) -> str:
        return f"{self.key}:rendering"

    @property
    def compressed_etag(self) -> str:
        """The ETag of the gzip-compressed copy: another representation, so another tag."""
        return f'{self.etag[:-1]}-gzip"'


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
    digest = _digest(request, host=host, query=query, reader="anonymous")
    return Address(key=f"page:{digest}", etag=f'"{digest[:32]}"')


def _digest(request: HttpRequest, *, host: str, query: str, reader: str) -> str:
    """What decides a kept page, hashed: the release, the content generation (read here, before any content
    query of the request, and left on it for views), the day, who reads it and the address."""
    request.content_generation = generation.current()
    url = f"{request.scheme}://{host}{request.path}?{query}"
    described = f"{release()}:{request.content_generation}:{timezone.localdate().isoformat()}:{reader}:{url}"
    return hashlib.sha256(described.encode()).hexdigest()


def _keepable_page(request: HttpRequest, response: HttpResponse) -> bool:
    """A whole 200 that set no cookie, showed no message, was not marked private or uncacheable by its view, and
    varies on nothing but the cookie and htmx's headers: what either cache may keep."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in VIEW_OPTED_OUT):
        return False
    varies = [part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()]
    return all(part == HARMLESS_VARY or part.startswith(HTMX_VARY_PREFIX) for part in varies)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return _keepable_page(request, response)


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
    # Kept pages go out compressed or not by the request's Accept-Encoding.
    response["Vary"] = ", ".join([part for part in varies if part.lower() != HARMLESS_VARY] + ["Accept-Encoding"])


def _compressed(response: HttpResponse) -> bytes | None:
    """The page gzip-compressed, to keep beside it, or None where that is not worth it."""
    if len(response.content) < COMPRESSED_AT_LEAST or response.has_header("Content-Encoding"):
        return None
    if not response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES):
        return None
    return gzip.compress(response.content, compresslevel=6, mtime=0)


def _accepts_gzip(request: HttpRequest) -> bool:
    # META, like the ETags below: `request.headers` would copy every header of the request first.
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _mark_private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def _not_modified(etag: str) -> HttpResponse:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    response["Vary"] = "Accept-Encoding"
    return response


def _size(kept: dict | str) -> int:
    if isinstance(kept, str):
        return len(kept)
    return len(kept["content"]) + len(kept.get("gzip") or b"")


NEAR_COPIES = NearCopies(NEAR_COPY_BYTES, size=_size)


def _kept(key: str) -> dict | str | None:
    """The page kept under `key`: this worker's near copy, or the shared cache's (then kept near too)."""
    kept = NEAR_COPIES.get(key)
    if kept is None:
        kept = _quietly(cache.get, key)
        if kept is not None:
            NEAR_COPIES.put(key, kept)
    return kept


def _keep(key: str, kept: dict | str) -> None:
    # Near only once shared: a worker must not go on serving what the other workers cannot see was kept.
    if _quietly(cache.set, key, kept, KEPT_SECONDS, default=False) is not False:
        NEAR_COPIES.put(key, kept)


def _quietly(operation: Callable, *args, default=None):
    """A cache operation whose failure only means the page is rendered (or not kept): logged, never raised."""
    try:
        return operation(*args)
    except Exception:
        logger.warning("Page cache: %s failed; the page is rendered without it", operation.__name__, exc_info=True)
        return default


def _kept_or_rendered(
    address: Address, render: Callable[..., HttpResponse], serve: Callable[[dict], HttpResponse]
) -> HttpResponse:
    """The page kept at `address`, served; or `render(store=...)`: by the first request after a write, under a
    short lock, with the others waiting briefly for its page before they render it themselves."""
    kept = _kept(address.key)
    if kept is None and _quietly(cache.add, address.lock_key, 1, RENDER_LOCK_SECONDS, default=True):
        try:
            return render(store=True)
        finally:
            _quietly(cache.delete, address.lock_key)
    if kept is None:
        kept = _wait_for_render(address)
    if kept is None or kept == UNCACHEABLE:
        return render(store=kept is None)
    return serve(kept)


def _wait_for_render(address: Address) -> dict | str | None:
    deadline = time.monotonic() + WAIT_FOR_RENDER_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_POLL_SECONDS)
        kept = _kept(address.key)
        if kept is not None:
            return kept
    return None


def _served(content: bytes, headers: list[tuple[str, str]]) -> HttpResponse:
    return HttpResponse(content, headers=headers)


def _kept_anonymous_page(response: HttpResponse, address: Address) -> dict:
    """What is kept of an anonymous page: each representation with the headers it is served with, worked out once
    here rather than on every hit."""
    headers = [*response.items(), SERVED_FROM_CACHE]
    kept = {"content": response.content, "headers": headers, "gzip": _compressed(response)}
    if kept["gzip"] is not None:
        replaced = {"content-length": str(len(kept["gzip"])), "etag": address.compressed_etag}
        kept["gzip_headers"] = [(name, replaced.get(name.lower(), value)) for name, value in headers]
        kept["gzip_headers"].append(("Content-Encoding", "gzip"))
    return kept


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
        held = parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
        for etag in (address.etag, address.compressed_etag):
            if etag in held:
                return _not_modified(etag)
        if request.method == "HEAD":
            return self._render(request, address, store=False)
        compressed = _accepts_gzip(request)

        def serve(kept: dict) -> HttpResponse:
            if compressed and kept.get("gzip"):
                return _served(kept["gzip"], kept["gzip_headers"])
            return _served(kept["content"], kept["headers"])

        return _kept_or_rendered(address, functools.partial(self._render, request, address), serve)

    def _render(self, request: HttpRequest, address: Address, *, store: bool) -> HttpResponse:
        response = self.get_response(request)
        if _revalidated_by_its_view(response):
            if store:
                _keep(address.key, UNCACHEABLE)
            return response
        if not _storable(request, response):
            if store:
                # Not a page to keep (a form that sets its cookie, a 404): say so, so the next requests for it
                # render at once instead of waiting for a page that will never be stored.
                _keep(address.key, UNCACHEABLE)
            return _mark_private(response)
        _mark_public(response, address)
        if store and len(response.content) <= MAX_STORED_BYTES:
            _keep(address.key, _kept_anonymous_page(response, address))
        # After storing, so only this answer says it: the benchmark counts hits and misses by it.
        response["X-Page-Cache"] = "miss"
        return response


# ---- Signed-in people's pages ----

CSRF_MARKER_ATTRIBUTE = "page_cache_csrf_marker"


def person_address_for(request: HttpRequest) -> Address | None:
    """Where this signed-in person's page for this request is kept, or None when it may not be (not signed in,
    not a plain GET, a message waiting, no shared cache to keep roles by). Reads the content generation, so call
    it before any content query of the request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if request.method != "GET" or "HTTP_HX_REQUEST" in request.META or not shared_cache.is_shared():
        return None
    waiting = getattr(request, "_messages", None)
    if waiting is not None and len(waiting):
        return None
    query = _sorted_query(request.META.get("QUERY_STRING", ""))
    # Who may see what, and how people are named in history, change with the roles version, not the generation.
    roles_version = roles.version_for(user)
    if query is None or roles_version is None:
        return None
    reader = f"{publication.audience_key(user)}:{user.pk}:{roles_version}"
    digest = _digest(request, host=request.get_host(), query=query, reader=reader)
    return Address(key=f"person-page:{digest}", etag="")


def _storable_for_a_person(request: HttpRequest, response: HttpResponse, *, token_read_directly: bool) -> bool:
    if token_read_directly or not _keepable_page(request, response):
        return False
    return len(response.content) <= MAX_STORED_BYTES and not ONCE_ONLY_TOKEN.search(response.content)


def kept_for_each_person(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep this view's pages for each signed-in person, under the content generation, their roles and the
    address (docs/adr/0029-signed-in-page-cache.md). For views whose page is made from content, the person's
    roles and the address alone; the CSRF token is the one thing put in afresh for each request."""

    @functools.wraps(view)
    def kept_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        address = person_address_for(request) if settings.PAGE_CACHE else None
        if address is None:
            return view(request, *args, **kwargs)

        def render(*, store: bool) -> HttpResponse:
            # The templates write this marker where the CSRF token goes (context_processors.portal).
            marker = f"blmkcsrf{secrets.token_hex(16)}"
            token_needed_before = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
            setattr(request, CSRF_MARKER_ATTRIBUTE, marker)
            try:
                response = view(request, *args, **kwargs)
            finally:
                delattr(request, CSRF_MARKER_ATTRIBUTE)
            token_read_directly = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False) and not token_needed_before
            storable = _storable_for_a_person(request, response, token_read_directly=token_read_directly)
            if store:
                kept = {
                    "headers": [*response.items(), SERVED_FROM_CACHE],
                    "content": response.content,
                    "marker": marker,
                }
                _keep(address.key, kept if storable else UNCACHEABLE)
            if not response.streaming:
                response.content = response.content.replace(marker.encode(), get_token(request).encode())
            if storable:
                response["X-Page-Cache"] = "miss"
            return response

        def serve(kept: dict) -> HttpResponse:
            return _served(
                kept["content"].replace(kept["marker"].encode(), get_token(request).encode()), kept["headers"]
            )

        return _kept_or_rendered(address, render, serve)

    return kept_view


def csrf_for_template(request: HttpRequest) -> dict[str, str]:
    """The CSRF token and field a page is rendered with: the marker the page cache fills in, while it renders a
    page to keep; otherwise Django's own (so nothing here)."""
    marker = getattr(request, CSRF_MARKER_ATTRIBUTE, None)
    if marker is None:
        return {}
    return {
        "csrf_token": marker,
        "csrf_input": Markup(f'<input type="hidden" name="csrfmiddlewaretoken" value="{marker}">'),
    }
