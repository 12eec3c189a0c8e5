"""Conditional GET of the open data files: an ETag and a Last-Modified on every file, 304 Not Modified when asked
again with either, and a new file with a new ETag once a write through a real service has changed the content."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from blmk_portal import generation, open_data
from places.services import place_update
from priorities.services import programme_sign_off
from tests.factories import MembershipFactory, MilestoneFactory, PlaceFactory, StatusUpdateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def luton():
    return PlaceFactory(name="Luton", slug="luton", population=214000)


@pytest.fixture
def staff():
    return UserFactory(programme_office=True)


def test_a_file_asked_for_again_with_its_etag_is_not_modified(client, luton):
    first = client.get("/data/places.csv")
    assert first.status_code == 200 and first["ETag"].startswith('"')
    again = client.get("/data/places.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"] and again["Last-Modified"] == first["Last-Modified"]


def test_a_file_asked_for_again_since_its_last_change_is_not_modified(client, luton):
    first = client.get("/data/places.json")
    assert client.get("/data/places.json", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    earlier = http_date(parse_http_date(first["Last-Modified"]) - 1)
    assert client.get("/data/places.json", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_an_old_etag_gets_the_whole_file(client, luton):
    response = client.get("/data/places.csv", HTTP_IF_NONE_MATCH='"an-older-file"')
    assert response.status_code == 200 and "Luton" in response.content.decode()


def test_each_format_and_each_dataset_has_its_own_etag(client, luton):
    tags = {client.get(path)["ETag"] for path in ("/data/places.csv", "/data/places.json", "/data/plans.csv")}
    assert len(tags) == 3


def test_after_a_write_through_a_service_the_file_is_new_with_a_new_etag(client, luton, staff):
    first = client.get("/data/places.csv")
    place_update(place=luton, opened_at_version=luton.version, values={"population": 216000}, by=staff)
    again = client.get("/data/places.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "216000" in again.content.decode() and "214000" not in again.content.decode()
    assert parse_http_date(again["Last-Modified"]) >= parse_http_date(first["Last-Modified"])
    assert client.get("/data/places.csv", HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304


def test_a_sign_off_that_publishes_a_status_moves_the_milestones_last_change(client, staff):
    milestone = MilestoneFactory()
    update = StatusUpdateFactory(milestone=milestone, signed_off=False, reporting_period="2026/27 Q3")
    long_ago = http_date((timezone.now() - dt.timedelta(days=1)).timestamp())
    before = client.get("/data/milestones.json")
    assert before.json()["rows"][0]["latest_status"] == "Grey (not reported)"
    sign_off = programme_sign_off(
        programme=milestone.programme,
        reporting_period=update.reporting_period,
        signed_off_as="programme_office",
        by=staff,
    )
    after = client.get("/data/milestones.json", HTTP_IF_MODIFIED_SINCE=long_ago)
    assert after.status_code == 200 and after.json()["rows"][0]["latest_status"] == "Green"
    # History dates its events by the transaction's start (the whole test here); the sign-off, which history does
    # not track, by its own time column, which is what moved the file's last change.
    assert open_data.last_changes([open_data.dataset("milestones")])["milestones"] == sign_off.signed_off_at
    assert parse_http_date(after["Last-Modified"]) == int(sign_off.signed_off_at.timestamp())
    assert parse_http_date(after["Last-Modified"]) >= parse_http_date(before["Last-Modified"])


def test_a_file_that_reads_todays_date_changed_no_earlier_than_the_midnight_just_gone():
    MembershipFactory()
    tomorrow = timezone.now() + dt.timedelta(days=1)
    changed = open_data.last_changes([open_data.dataset("board-members")], now=tomorrow)["board-members"]
    assert changed == timezone.make_aware(dt.datetime.combine(timezone.localdate(tomorrow), dt.time()))


def test_the_etag_of_a_file_that_reads_todays_date_changes_with_the_day():
    members, places = open_data.dataset("board-members"), open_data.dataset("places")
    today, tomorrow = dt.date(2026, 12, 3), dt.date(2026, 12, 4)
    assert open_data.etag(members, 7, "/data/x", today) != open_data.etag(members, 7, "/data/x", tomorrow)
    assert open_data.etag(places, 7, "/data/x", today) == open_data.etag(places, 7, "/data/x", tomorrow)
    assert open_data.etag(places, 7, "/data/x", today) != open_data.etag(places, 8, "/data/x", today)


def test_the_files_are_revalidated_each_time_and_may_be_read_from_any_site(client, luton):
    response = client.get("/data/places.csv")
    assert "no-cache" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Disposition"] == 'attachment; filename="places.csv"'


@pytest.mark.parametrize("signed_in", [False, True])
def test_with_the_page_cache_on_the_files_validators_are_their_own_for_everyone(
    settings, client, luton, staff, signed_in
):
    settings.PAGE_CACHE = True
    if signed_in:
        client.force_login(staff)
    first = client.get("/data/places.json")
    tag = open_data.etag(
        open_data.dataset("places"), generation.current(), "http://testserver/data/places.json", timezone.localdate()
    )
    assert first["ETag"] == tag
    assert client.get("/data/places.json", HTTP_IF_NONE_MATCH=tag).status_code == 304
    assert client.get("/data/places.json", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_a_head_request_gets_the_files_validators_and_no_body(client, luton):
    head = client.head("/data/places.csv")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == client.get("/data/places.csv")["ETag"]
    assert client.head("/data/places.csv", HTTP_IF_NONE_MATCH=head["ETag"]).status_code == 304
