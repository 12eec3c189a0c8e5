"""Two app servers behind one balancer, as docs/deployment.md sets them up: gunicorn twice against one database
and a private Redis (CACHE_URL) that both keep pages in. A page one server kept is served by the other, and a
write made anywhere stops both serving the old page at once, whatever path the write took; a page kept for
anonymous visitors never reaches a signed-in person, nor theirs anyone else.

The database is the test database with its rows committed (transactional), so the servers' own connections see
what the test writes."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from benchmarks.load import fetch
from benchmarks.server import free_port, gunicorn
from blmk_portal.publication import Status
from priorities.models import Priority
from tests.factories import PriorityFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_START_SECONDS = 10


@contextlib.contextmanager
def private_redis(folder: Path) -> Iterator[str]:
    """A redis-server of the test's own on a free port, keeping nothing on disk; its URL."""
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: `make test` installs it (scripts/install-system-packages test)"
    port = free_port(0)
    command = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen([*command, "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + REDIS_START_SECONDS
        while not answers_ping(port):
            assert process.poll() is None, process.stderr.read().decode(errors="replace")
            assert time.monotonic() < deadline, "redis-server did not answer"
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as probe:
            probe.sendall(b"PING\r\n")
            return probe.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def database_url() -> str:
    """The test database, as the servers' DATABASE_URL."""
    database = connection.settings_dict
    user = database["USER"] or "postgres"
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    # The embedded PostgreSQL (no DATABASE_URL) listens on a unix socket: its folder goes in the URL percent-encoded.
    host = quote(database["HOST"] or "127.0.0.1", safe="")
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{database['NAME']}"


@pytest.fixture
def servers(tmp_path, live_server_environment) -> Iterator[tuple[int, int]]:
    with private_redis(tmp_path) as cache_url:
        env = {**live_server_environment, "CACHE_URL": cache_url}
        with (
            gunicorn(port=free_port(0), env=env, log_path=tmp_path / "first.log") as first,
            gunicorn(port=free_port(0), env=env, log_path=tmp_path / "second.log") as second,
        ):
            yield port_of(first), port_of(second)


@pytest.fixture
def live_server_environment(tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "blmk_portal.settings",
        "DATABASE_URL": database_url(),
        "SECRET_KEY": settings.SECRET_KEY,
        "HTTPS": "False",
        "DEBUG": "False",
        "PAGE_CACHE": "True",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }


def port_of(process: subprocess.Popen) -> int:
    bind = process.args[process.args.index("--bind") + 1]
    return int(bind.rsplit(":", 1)[1])


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    """As the balancer asks: by the portal's name, whichever server it picks (the page cache keys by host)."""
    status, body, response_headers = fetch("127.0.0.1", port, path, {"Host": "127.0.0.1", **(headers or {})})
    return status, body.decode(errors="replace"), response_headers


def session_cookie(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"}


def test_a_page_kept_by_one_server_is_served_by_the_other_until_a_write_through_either_path(servers):
    first, second = servers
    priority = PriorityFactory(title="Cutting waiting lists")
    url = priority.get_absolute_url()

    status, body, headers = get(first, url)
    assert status == 200 and "Cutting waiting lists" in body and headers["X-Page-Cache"] == "miss"
    status, body, headers = get(second, url)
    assert status == 200 and headers.get("X-Page-Cache") == "hit"  # kept by the first, in the shared Redis

    Priority.objects.filter(pk=priority.pk).update(status=Status.DRAFT)  # no signal: the trigger alone
    assert get(second, url)[0] == 404
    assert get(first, url)[0] == 404

    Priority.objects.filter(pk=priority.pk).update(status=Status.PUBLISHED)
    assert get(first, url)[0] == 200
    assert get(second, url)[2].get("X-Page-Cache") == "hit"
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
    status, body, headers = get(second, "/priorities/")
    assert "Joined-up urgent care" in body and headers.get("X-Page-Cache") == "miss"


def test_a_draft_seen_by_staff_on_one_server_is_never_served_to_anonymous_by_the_other(servers):
    first, second = servers
    draft = PriorityFactory(title="Not yet agreed", status=Status.DRAFT)
    staff = session_cookie(UserFactory(email="office@example.org", programme_office=True))

    status, body, headers = get(first, draft.get_absolute_url(), staff)
    assert status == 200 and "Not yet agreed" in body and "no-store" in headers["Cache-Control"]
    # Kept for this person (ADR 29), and so served to them by the other server too; never to anyone else.
    status, body, headers = get(second, draft.get_absolute_url(), staff)
    assert "Not yet agreed" in body and headers["X-Page-Cache"] == "hit" and "no-store" in headers["Cache-Control"]
    for port in (first, second):
        status, body, _ = get(port, draft.get_absolute_url())
        assert status == 404 and "Not yet agreed" not in body


def test_the_anonymous_page_and_a_signed_in_persons_never_cross_between_servers(servers):
    first, second = servers
    priority = PriorityFactory(title="Cutting waiting lists")
    url = priority.get_absolute_url()
    staff = session_cookie(UserFactory(email="office@example.org", programme_office=True))

    _, for_staff, staff_headers = get(first, url, staff)
    assert "office@example.org" in for_staff and "private" in staff_headers["Cache-Control"]
    _, for_anonymous, anonymous_headers = get(second, url)
    assert "office@example.org" not in for_anonymous and anonymous_headers["X-Page-Cache"] == "miss"
    assert get(first, url)[2].get("X-Page-Cache") == "hit"

    etag = anonymous_headers["ETag"]
    status, again_for_staff, headers = get(second, url, {**staff, "If-None-Match": etag})
    assert status == 200 and "office@example.org" in again_for_staff and "private" in headers["Cache-Control"]
    assert headers["X-Page-Cache"] == "hit"  # their own page, kept by the first server
    assert get(first, url, {"If-None-Match": etag})[0] == 304
