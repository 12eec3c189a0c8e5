"""The load balancer's checks under production settings (HTTPS=True): /healthz answers over plain HTTP by any host
and says whether the database answers; /readyz also says whether every migration is applied."""

from __future__ import annotations

import socket

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from blmk_portal import health

BY_CONTAINER_ADDRESS = {"secure": False, "HTTP_HOST": "10.0.0.7:8000"}


@pytest.fixture(autouse=True)
def production_settings(settings):
    """What settings.py sets when HTTPS=True, with the portal's real name as its only host."""
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True


@pytest.fixture
def not_yet_ready(monkeypatch):
    """A process that has not yet seen every migration applied (one that has remembers it)."""
    monkeypatch.setattr(health, "_ready", False)


def a_free_port() -> int:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return free.getsockname()[1]


@pytest.mark.django_db
class TestHealthz:
    def test_it_answers_ok_over_plain_http_to_a_container_address(self, client):
        response = client.get("/healthz", **BY_CONTAINER_ADDRESS)
        assert (response.status_code, response.content) == (200, b"ok")
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response["Cache-Control"] == "no-store"
        assert "Location" not in response

    def test_the_same_request_for_a_page_is_still_refused_so_the_settings_are_real(self, client):
        assert client.get("/", **BY_CONTAINER_ADDRESS).status_code == 400
        assert client.get("/", secure=False, HTTP_HOST="portal.example.org").status_code == 301

    def test_a_head_request_gets_the_same_answer(self, client):
        assert client.head("/healthz", **BY_CONTAINER_ADDRESS).status_code == 200

    def test_a_post_is_not_a_check(self, client):
        assert client.post("/healthz", **BY_CONTAINER_ADDRESS).status_code == 400

    def test_it_sets_no_cookie_and_reads_no_session(self, client, django_assert_num_queries):
        with django_assert_num_queries(1):
            response = client.get("/healthz", **BY_CONTAINER_ADDRESS)
        assert not response.cookies


@pytest.mark.django_db(transaction=True)
class TestWhenTheDatabaseCannotBeReached:
    @pytest.fixture
    def database_gone(self, monkeypatch):
        connection.close()
        monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
        monkeypatch.setitem(connection.settings_dict, "PORT", str(a_free_port()))
        yield
        connection.close()

    def test_healthz_answers_503(self, database_gone, not_yet_ready):
        response = Client().get("/healthz", **BY_CONTAINER_ADDRESS)
        assert (response.status_code, response.content) == (503, b"the database is unreachable")

    def test_readyz_answers_503(self, database_gone, not_yet_ready):
        response = Client().get("/readyz", **BY_CONTAINER_ADDRESS)
        assert response.status_code == 503


@pytest.mark.django_db
class TestReadyz:
    def test_it_is_ready_when_every_migration_is_applied(self, client, not_yet_ready):
        response = client.get("/readyz", **BY_CONTAINER_ADDRESS)
        assert (response.status_code, response.content) == (200, b"ready")

    def test_it_is_not_ready_while_a_migration_is_pending(self, client, not_yet_ready):
        MigrationRecorder.Migration.objects.filter(app="blmk_portal").order_by("-id").first().delete()
        response = client.get("/readyz", **BY_CONTAINER_ADDRESS)
        assert (response.status_code, response.content) == (503, b"1 migration not yet applied")

    def test_it_becomes_ready_once_the_migration_is_applied(self, client, not_yet_ready):
        latest = MigrationRecorder.Migration.objects.filter(app="blmk_portal").order_by("-id").first()
        latest.delete()
        assert client.get("/readyz", **BY_CONTAINER_ADDRESS).status_code == 503
        MigrationRecorder.Migration.objects.create(app=latest.app, name=latest.name)
        assert client.get("/readyz", **BY_CONTAINER_ADDRESS).status_code == 200
