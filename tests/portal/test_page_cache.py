"""The page cache (blmk_portal/page_cache.py): anonymous pages of public content kept whole under the content
generation, never a page rendered for anyone else, never an error, a form or a message; and the headers that
let a browser or a CDN revalidate cheaply without ever holding a draft or someone's own page."""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import time

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.http import HttpResponse
from django.test import Client, RequestFactory

from blmk_portal import page_cache
from blmk_portal.near_copies import NearCopies
from blmk_portal.publication import Status
from places.models import Place
from priorities.models import Priority
from tests.factories import PlaceFactory, PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """On, as in production (the test settings turn it off for the tests that count rendering's queries)."""
    settings.PAGE_CACHE = True


@pytest.fixture
def priority():
    return PriorityFactory(title="Cutting waiting lists")


def was_served_from_cache(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def is_private(response) -> bool:
    words = {word.strip() for word in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= words and "ETag" not in response


class TestWhatIsKept:
    def test_an_anonymous_public_page_is_served_from_the_cache_the_second_time_with_one_query(
        self, client, priority, django_assert_num_queries
    ):
        first = client.get(priority.get_absolute_url())
        assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
        with django_assert_num_queries(1):  # the generation, nothing else
            second = client.get(priority.get_absolute_url())
        assert was_served_from_cache(second)
        assert second.content == first.content
        assert "Cutting waiting lists" in second.content.decode()

    def test_a_cache_hit_costs_one_query_however_much_content_there_is(self, client, django_assert_num_queries):
        PriorityFactory.create_batch(3)
        client.get("/priorities/")
        with django_assert_num_queries(1):
            assert was_served_from_cache(client.get("/priorities/"))
        PriorityFactory.create_batch(30)
        client.get("/priorities/")
        with django_assert_num_queries(1):
            assert was_served_from_cache(client.get("/priorities/"))

    def test_a_page_rendered_for_staff_is_never_served_to_anonymous_and_the_other_way_round(
        self, client_for, staff_user, priority
    ):
        staff = client_for(staff_user)
        for_staff = staff.get(priority.get_absolute_url())
        assert "office@example.org" in for_staff.content.decode()
        assert "X-Page-Cache" not in for_staff and is_private(for_staff)

        anonymous = Client()
        for_anonymous = anonymous.get(priority.get_absolute_url())
        assert for_anonymous["X-Page-Cache"] == "miss"  # nothing was kept from the staff page
        assert "office@example.org" not in for_anonymous.content.decode()
        assert was_served_from_cache(anonymous.get(priority.get_absolute_url()))

        again_for_staff = staff.get(priority.get_absolute_url())
        assert not was_served_from_cache(again_for_staff)
        assert "office@example.org" in again_for_staff.content.decode()
        assert "Sign in" not in again_for_staff.content.decode().split("</header>")[0]

    def test_a_page_that_sets_a_cookie_is_never_kept(self, client):
        first = client.get("/accounts/login/")
        assert "csrftoken" in first.cookies
        second = Client().get("/accounts/login/")
        assert not was_served_from_cache(second) and "csrftoken" in second.cookies
        assert is_private(first) and is_private(second)

    def test_an_error_is_never_kept(self, client):
        for _ in range(2):
            response = client.get("/priorities/no-such-plan/no-such-priority/")
            assert response.status_code == 404
            assert not was_served_from_cache(response) and is_private(response)

    def test_a_post_is_never_kept_nor_answered_from_the_cache(self, client, priority):
        client.get(priority.get_absolute_url())
        response = client.post(priority.get_absolute_url())
        assert response.status_code != 200 or not was_served_from_cache(response)
        assert "X-Page-Cache" not in response and is_private(response)

    def test_a_visitor_with_a_message_waiting_gets_it_and_it_is_never_kept(self, client, priority):
        client.get(priority.get_absolute_url())  # kept
        request = RequestFactory().get("/")
        waiting = CookieStorage(request)._encode([Message(constants.SUCCESS, "Your question was sent")])
        with_message = Client()
        with_message.cookies[CookieStorage.cookie_name] = waiting
        response = with_message.get(priority.get_absolute_url())
        assert "Your question was sent" in response.content.decode()
        assert not was_served_from_cache(response) and is_private(response)
        assert "Your question was sent" not in Client().get(priority.get_absolute_url()).content.decode()

    def test_a_message_shown_by_the_view_itself_keeps_the_page_out_of_the_cache(self, db):
        def view(request):
            request._messages = CookieStorage(request)
            request._messages.add(constants.SUCCESS, "Saved")
            return HttpResponse("".join(message.message for message in request._messages))

        middleware = page_cache.PageCacheMiddleware(view)
        for _ in range(2):
            response = middleware(RequestFactory().get("/somewhere/"))
            assert response.content == b"Saved" and is_private(response)

    def test_a_page_its_view_marks_private_is_never_kept(self, db):
        def view(request):
            response = HttpResponse("Only for you")
            response["Cache-Control"] = "private"
            return response

        middleware = page_cache.PageCacheMiddleware(view)
        assert all(is_private(middleware(RequestFactory().get("/somewhere/"))) for _ in range(2))

    def test_public_content_its_view_revalidates_itself_is_left_to_the_view_and_never_kept(self, db):
        def view(request):
            response = HttpResponse(f"rows as at {len(rendered)}")
            rendered.append(request)
            response["Cache-Control"] = "no-cache"
            response["ETag"] = '"rows-1"'
            return response

        rendered = []
        middleware = page_cache.PageCacheMiddleware(view)
        for _ in range(2):
            response = middleware(RequestFactory().get("/data/places.csv"))
            assert response["Cache-Control"] == "no-cache" and response["ETag"] == '"rows-1"'
            assert "X-Page-Cache" not in response
        assert len(rendered) == 2
        signed_in = RequestFactory().get("/data/places.csv")
        signed_in.COOKIES["sessionid"] = "someone's"
        assert {"no-cache", "private", "no-store"} <= set(middleware(signed_in)["Cache-Control"].split(", "))

    def test_a_page_that_varies_on_another_header_is_never_kept(self, db):
        def view(request):
            response = HttpResponse(request.headers.get("Accept-Language", ""))
            response["Vary"] = "Accept-Language, Cookie"
            return response

        middleware = page_cache.PageCacheMiddleware(view)
        middleware(RequestFactory().get("/somewhere/", HTTP_ACCEPT_LANGUAGE="en"))
        response = middleware(RequestFactory().get("/somewhere/", HTTP_ACCEPT_LANGUAGE="cy"))
        assert response.content == b"cy" and is_private(response)

    def test_an_htmx_request_is_answered_by_its_view_not_the_cache(self, client, priority):
        client.get(priority.get_absolute_url())
        response = client.get(priority.get_absolute_url(), headers={"HX-Request": "true"})
        assert not was_served_from_cache(response) and is_private(response)

    def test_the_same_parameters_in_another_order_share_one_page_and_an_odd_query_is_not_kept(self, client):
        client.get("/priorities/?b=2&a=1")
        assert was_served_from_cache(client.get("/priorities/?a=1&b=2"))
        assert client.get("/priorities/?a=2&b=2")["X-Page-Cache"] == "miss"
        flood = "&".join(f"p{n}=1" for n in range(page_cache.MAX_QUERY_PARAMETERS + 1))
        for _ in range(2):
            response = client.get(f"/priorities/?{flood}")
            assert response.status_code == 200 and is_private(response)

    def test_static_files_keep_their_own_headers(self, client):
        response = client.get("/assets/css/portal.css")
        assert "X-Page-Cache" not in response
        assert "private" not in response.get("Cache-Control", "")

    def test_with_the_cache_off_every_page_is_rendered_and_private(self, client, priority, settings):
        settings.PAGE_CACHE = False
        for _ in range(2):
            response = client.get(priority.get_absolute_url())
            assert "Cutting waiting lists" in response.content.decode()
            assert "X-Page-Cache" not in response and is_private(response)


class TestInvalidation:
    def test_an_unpublished_priority_is_never_served_from_the_cache_whatever_path_the_write_took(
        self, client, priority
    ):
        url = priority.get_absolute_url()
        client.get(url)
        assert was_served_from_cache(client.get(url))
        Priority.objects.filter(pk=priority.pk).update(status=Status.DRAFT)  # no signal is sent
        assert client.get(url).status_code == 404
        Priority.objects.filter(pk=priority.pk).update(status=Status.PUBLISHED)
        assert client.get(url).status_code == 200

    def test_a_priority_added_with_bulk_create_appears_on_the_kept_list_at_once(self, client, priority):
        client.get("/priorities/")
        assert was_served_from_cache(client.get("/priorities/"))
        Priority.objects.bulk_create(
            [
                Priority(
                    plan=priority.plan,
                    code="P99",
                    slug="p99",
                    title="Joined-up urgent care",
                    order=9,
                    status=Status.PUBLISHED,
                )
            ]
        )
        response = client.get("/priorities/")
        assert not was_served_from_cache(response)
        assert "Joined-up urgent care" in response.content.decode()

    def test_the_etag_changes_after_a_write(self, client, priority):
        before = client.get(priority.get_absolute_url())["ETag"]
        Place.objects.bulk_create([Place(name="Somewhere", slug="somewhere")])
        after = client.get(priority.get_absolute_url())["ETag"]
        assert before and after and before != after


class TestHeaders:
    def test_an_anonymous_public_page_sets_no_cookie_and_revalidates_by_its_etag(self, client, priority):
        response = client.get(priority.get_absolute_url())
        assert not response.cookies
        assert response["Cache-Control"] == "no-cache"
        assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])
        assert "Cookie" not in response.get("Vary", "")
        body = response.content.decode()
        assert "X-CSRFToken" not in body and "csrfmiddlewaretoken" not in body

    def test_a_repeat_with_the_etag_is_answered_304_before_rendering(self, client, priority, django_assert_num_queries):
        etag = client.get(priority.get_absolute_url())["ETag"]
        with django_assert_num_queries(1):
            repeat = client.get(priority.get_absolute_url(), headers={"If-None-Match": etag})
        assert repeat.status_code == 304 and not repeat.content
        assert repeat["ETag"] == etag
        PlaceFactory()  # any write
        changed = client.get(priority.get_absolute_url(), headers={"If-None-Match": etag})
        assert changed.status_code == 200 and changed["ETag"] != etag

    def test_a_kept_page_goes_compressed_to_a_client_that_accepts_it_with_its_own_etag(self, client, priority):
        plain = client.get(priority.get_absolute_url())
        gzipped = client.get(priority.get_absolute_url(), headers={"Accept-Encoding": "gzip, deflate, br"})
        assert was_served_from_cache(gzipped) and gzipped["Content-Encoding"] == "gzip"
        assert gzip.decompress(gzipped.content) == plain.content
        assert len(gzipped.content) < len(plain.content) / 3
        assert gzipped["ETag"] != plain["ETag"]
        assert "Accept-Encoding" in gzipped["Vary"] and "Accept-Encoding" in plain["Vary"]
        again = client.get(priority.get_absolute_url())  # the control: a client that does not ask gets it plain
        assert was_served_from_cache(again) and "Content-Encoding" not in again and again.content == plain.content
        repeat = client.get(
            priority.get_absolute_url(), headers={"Accept-Encoding": "gzip", "If-None-Match": gzipped["ETag"]}
        )
        assert repeat.status_code == 304 and repeat["ETag"] == gzipped["ETag"]

    def test_signed_in_pages_are_never_compressed(self, client_for, staff_user, priority):
        staff = client_for(staff_user)
        for _ in range(2):
            response = staff.get(priority.get_absolute_url(), headers={"Accept-Encoding": "gzip"})
            assert "Content-Encoding" not in response and "office@example.org" in response.content.decode()

    def test_a_signed_in_person_is_never_answered_304_for_an_anonymous_copy(self, client_for, staff_user, priority):
        etag = Client().get(priority.get_absolute_url())["ETag"]
        response = client_for(staff_user).get(priority.get_absolute_url(), headers={"If-None-Match": etag})
        assert response.status_code == 200 and is_private(response)
        assert "office@example.org" in response.content.decode()

    def test_signed_in_pages_carry_the_csrf_token_for_htmx_and_are_private(self, client_for, readers):
        for role in ("board_member", "other_board_member", "no_role", "staff"):
            response = client_for(readers[role]).get("/")
            assert is_private(response), role
            assert "X-CSRFToken" in response.content.decode(), role

    def test_the_inline_script_is_allowed_by_its_hash_and_nothing_else_inline(self, client_for, staff_user):
        for client in (Client(), client_for(staff_user)):
            response = client.get("/")
            scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", response.content.decode(), re.S)
            assert len(scripts) == 1
            digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
            script_src = next(
                part for part in response["Content-Security-Policy"].split(";") if "script-src" in part
            ).split()
            assert script_src == ["script-src", "'self'", f"'sha256-{digest}'"]


class BrokenCache(BaseCache):
    """A cache server that cannot be reached."""

    def __init__(self, location, params):
        super().__init__(params)

    def _down(self, *args, **kwargs):
        raise ConnectionError("the cache is down")

    get = set = add = delete = _down


class TestCacheBackends:
    def test_a_cache_that_fails_does_not_fail_the_page(self, client, priority, settings):
        settings.CACHES = {"default": {"BACKEND": f"{__name__}.BrokenCache"}}
        for _ in range(2):
            response = client.get(priority.get_absolute_url())
            assert response.status_code == 200 and not was_served_from_cache(response)
            assert "Cutting waiting lists" in response.content.decode()

    def test_the_file_cache_the_workers_of_one_machine_share_keeps_pages(self, client, priority, settings, tmp_path):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": tmp_path / "cache",
            }
        }
        client.get(priority.get_absolute_url())
        assert list((tmp_path / "cache").glob("*.djcache"))
        assert was_served_from_cache(client.get(priority.get_absolute_url()))

    def test_without_a_cache_url_the_portal_keeps_its_cache_in_files_under_var(self):
        from blmk_portal import settings as production  # noqa: PLC0415 (the real settings, not the tests')

        backend = production.CACHES["default"]
        assert backend["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
        assert backend["LOCATION"] == production.VAR_DIR / "cache"


class TestRenderLock:
    def test_while_another_request_renders_the_page_a_request_waits_briefly_then_renders_it_itself(
        self, client, priority, monkeypatch
    ):
        monkeypatch.setattr(page_cache, "WAIT_FOR_RENDER_SECONDS", 0.05)
        address = page_cache.address_for(RequestFactory().get(priority.get_absolute_url()))
        assert cache.add(address.lock_key, 1)  # someone else is rendering it
        response = client.get(priority.get_absolute_url())
        assert response.status_code == 200 and "Cutting waiting lists" in response.content.decode()

    def test_a_request_waiting_for_the_render_is_served_the_page_the_other_stored(self, client, priority, monkeypatch):
        url = priority.get_absolute_url()
        address = page_cache.address_for(RequestFactory().get(url))
        cache.add(address.lock_key, 1)  # someone else is rendering it, and stores it while this one waits
        stored = page_cache._kept_anonymous_page(HttpResponse(b"rendered by the other request"), address)

        class Clock:
            monotonic = staticmethod(time.monotonic)

            @staticmethod
            def sleep(seconds):
                cache.set(address.key, stored, 60)

        monkeypatch.setattr(page_cache, "time", Clock)
        response = client.get(url)
        assert response.content == b"rendered by the other request" and was_served_from_cache(response)


class TestNearCopies:
    def test_a_worker_keeps_its_latest_pages_within_its_budget_forgetting_the_least_recently_used(self):
        near = NearCopies(budget=10, size=page_cache._size)
        near.put("a", {"content": b"1234", "gzip": None})
        near.put("b", {"content": b"12", "gzip": b"12"})
        assert near.get("a") is not None  # now the most recently used
        near.put("c", {"content": b"1234", "gzip": None})
        assert near.get("b") is None and near.get("a") is not None and near.get("c") is not None
        near.put("too big", {"content": b"x" * 11, "gzip": None})
        assert near.get("too big") is None and near.get("c") is not None
