"""The content generation: a trigger on every content table changes it in the same transaction as the write,
and what is kept under it is kept per reader kind and only until the next write."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache.backends.base import BaseCache
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from blmk_portal import generation
from governance.models import PackEdition
from places.models import Place
from tests.factories import MeetingFactory, MembershipFactory, PersonFactory, PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def tables_with_the_trigger() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE t.tgname LIKE 'pgtrigger_bump_content_generation%' AND t.tgname NOT LIKE '%edition_shown%'"
        )
        return {name for (name,) in cursor.fetchall()}


class TestTheTrigger:
    def test_every_content_table_carries_it_and_derived_or_history_tables_do_not(self):
        tables = tables_with_the_trigger()
        expected = {model._meta.db_table for model in generation.content_models()}
        assert tables == expected
        assert {"governance_paper", "priorities_statusupdate", "places_place", "blmk_portal_sourcedocument"} <= tables
        assert PackEdition._meta.db_table not in tables
        assert not {table for table in tables if table.endswith("event")}

    def test_writes_that_send_no_signals_change_it_and_reads_do_not(self):
        place = PlaceFactory()
        seen = [generation.current()]
        list(Place.objects.all())
        assert generation.current() == seen[-1]
        for write in (
            lambda: Place.objects.filter(pk=place.pk).update(name="Renamed"),
            lambda: Place.objects.bulk_create([Place(name="Another", slug="another")]),
            lambda: Place.objects.filter(slug="another").delete(),
        ):
            write()
            seen.append(generation.current())
        assert len(set(seen)) == len(seen)

    def test_a_pack_edition_changes_it_when_it_becomes_ready_or_goes_but_not_as_its_parts_are_done(self):
        edition = PackEdition.objects.create(meeting=MeetingFactory(), key="k", fingerprint="f", parts_total=3)
        editions = PackEdition.objects.filter(pk=edition.pk)
        seen = generation.current()
        editions.update(parts_done=2)  # the build's progress: no reader sees it on a kept page
        assert generation.current() == seen
        editions.update(state=PackEdition.State.READY, pages=12)  # now listed on the meeting's pages
        assert generation.current() != seen
        seen = generation.current()
        editions.delete()
        assert generation.current() != seen

    def test_a_rolled_back_write_leaves_it_as_it_was_and_its_number_is_never_used_again(self):
        PlaceFactory()
        before = generation.current()
        with pytest.raises(RuntimeError), transaction.atomic():
            Place.objects.update(name="Never saved")
            rolled_back = generation.current()
            raise RuntimeError("changed my mind")
        assert rolled_back != before
        assert generation.current() == before
        Place.objects.update(name="Saved")
        assert generation.current() not in {before, rolled_back}


@pytest.mark.django_db(transaction=True)
class TestTheReadChecksTheKeptConnection:
    """Outside a transaction, as in a request: the read is the request's first query and its connection check."""

    @pytest.fixture
    def next_request(self):
        """A kept connection at the start of the next request: due for Django's check before its first query."""
        generation.current()
        connection.close_if_unusable_or_obsolete()
        assert generation._connection_check_due()

    def test_a_working_connection_costs_no_round_trip_of_its_own(self, next_request, monkeypatch):
        checks = []
        monkeypatch.setattr(connection, "is_usable", lambda: checks.append("SELECT 1") or True)
        with CaptureQueriesContext(connection) as queries:
            generation.current()
            Place.objects.count()  # the request's content queries after it are not checked either
        assert checks == []
        assert len(queries) == 2

    def test_a_dead_connection_is_replaced_and_the_generation_read_on_the_new_one(self, next_request):
        PlaceFactory()
        committed = generation.current()
        connection.close_if_unusable_or_obsolete()
        dead = connection.connection.info.backend_pid
        other = connection.get_new_connection(connection.get_connection_params())
        try:
            other.execute("SELECT pg_terminate_backend(%s, 5000)", [dead])  # as a database restart would
        finally:
            other.close()
        assert generation.current() == committed
        assert connection.connection.info.backend_pid != dead


class BrokenCache(BaseCache):
    """A cache server that cannot be reached."""

    def __init__(self, location, params):
        super().__init__(params)

    def get(self, key, default=None, version=None):
        raise ConnectionError("the cache is down")

    def set(self, key, value, timeout=None, version=None):
        raise ConnectionError("the cache is down")


def request_by(user):
    request = RequestFactory().get("/boards/partnership/2021-06-09/pack.pdf")
    request.user = user or AnonymousUser()
    return request


class TestKeptForReader:
    def answers(self, readers, calls: list[str]) -> list[str]:
        def work_out(name: str):
            return lambda: calls.append(name) or f"for {name}"

        return [
            generation.kept_for_reader(request_by(user), "test", work_out(name), keep=lambda answer: True)
            for name, user in readers
        ]

    def test_an_answer_is_worked_out_once_per_generation_and_reader_kind(self, readers):
        calls: list[str] = []
        people = [("anonymous", None), ("anonymous again", None)]
        people += [(role, readers[role]) for role in ("board_member", "other_board_member", "no_role", "staff")]
        assert self.answers(people, calls) == [
            "for anonymous",
            "for anonymous",  # the same reader kind: kept
            "for board_member",
            "for other_board_member",
            "for anonymous",  # signed in with no role: the gate sees them as it sees the public
            "for staff",
        ]
        assert calls == ["anonymous", "board_member", "other_board_member", "staff"]
        PlaceFactory()  # any write
        assert self.answers([("after a write", None)], calls) == ["for after a write"]

    def test_a_board_member_shares_only_with_members_of_the_same_boards(self, readers):
        calls: list[str] = []
        member = readers["board_member"]
        same_board = UserFactory(email="colleague@example.org")
        MembershipFactory(person=PersonFactory(user=same_board), board=member.person.memberships.get().board)
        answers = self.answers([("member", member), ("colleague", same_board), ("public", None)], calls)
        assert answers == ["for member", "for member", "for public"]

    def test_an_answer_not_to_keep_is_worked_out_each_time(self):
        calls: list[str] = []
        for _ in range(2):
            generation.kept_for_reader(request_by(None), "test", lambda: calls.append("x"), keep=lambda answer: False)
        assert calls == ["x", "x"]

    def test_a_cache_that_fails_does_not_fail_the_page(self, settings):
        settings.CACHES = {"default": {"BACKEND": f"{__name__}.BrokenCache"}}
        calls: list[str] = []
        for _ in range(2):
            answer = generation.kept_for_reader(
                request_by(None), "test", lambda: calls.append("x") or "worked out", keep=lambda answer: True
            )
            assert answer == "worked out"
        assert calls == ["x", "x"]
