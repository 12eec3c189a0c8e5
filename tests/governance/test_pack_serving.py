"""A built pack is served at static-file speed: which edition each kind of reader gets is kept until the
content next changes (blmk_portal/generation.py), so a request asks the database one question and no reader
is ever given another kind of reader's pack, or a pack that is no longer so."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from blmk_portal.publication import Status
from governance import services
from governance.models import Meeting, Membership, PackEdition
from governance.tasks import build_pack
from tests.documents import pdf_text
from tests.governance.test_papers import meeting_with_papers  # noqa: F401  (a fixture)

PRIVATE_TEXT = "Secret terms"


def pack_url(meeting) -> str:
    return f"/boards/partnership/{meeting.date}/pack.pdf"


def pack_text(client, meeting) -> str:
    response = client.get(pack_url(meeting))
    assert response.status_code == 200
    return pdf_text(b"".join(response.streaming_content))


def test_a_built_pack_is_served_again_asking_the_database_one_question(
    meeting_with_papers,  # noqa: F811
    client_for,
    django_assert_max_num_queries,
):
    meeting, _, _, _ = meeting_with_papers
    first = pack_text(client_for(None), meeting)
    # The edition becoming ready changed the generation (the meeting pages list it), so the next request finds
    # the edition once more and keeps it under the new generation; from then on, one question.
    assert pack_text(client_for(None), meeting) == first
    with django_assert_max_num_queries(1):  # the content generation
        response = client_for(None).get(pack_url(meeting))
    assert pdf_text(b"".join(response.streaming_content)) == first


def test_a_members_pack_kept_for_them_never_reaches_anyone_outside_the_board(
    meeting_with_papers,  # noqa: F811
    client_for,
    readers,
):
    meeting, _, _, member = meeting_with_papers
    assert PRIVATE_TEXT in pack_text(client_for(member), meeting)  # built and kept for the board's members first
    for role in ("anonymous", "other_board_member", "no_role"):
        assert PRIVATE_TEXT not in pack_text(client_for(readers[role]), meeting), role
    assert PRIVATE_TEXT in pack_text(client_for(member), meeting)
    assert PRIVATE_TEXT in pack_text(client_for(readers["staff"]), meeting)


def test_a_change_is_in_the_next_request_though_the_last_pack_was_kept(
    meeting_with_papers,  # noqa: F811
    client_for,
    staff_user,
):
    meeting, public_paper, _, _ = meeting_with_papers
    public = client_for(None)
    assert "The public body text." in pack_text(public, meeting)
    services.paper_update(
        paper=public_paper, opened_at_version=public_paper.version, values={"body": "Revised."}, by=staff_user
    )
    revised = pack_text(public, meeting)
    assert "Revised." in revised
    assert "The public body text." not in revised


def test_a_meeting_unpublished_by_a_plain_update_is_gone_at_once(
    meeting_with_papers,  # noqa: F811
    client_for,
):
    meeting, _, _, _ = meeting_with_papers
    public = client_for(None)
    pack_text(public, meeting)
    Meeting.objects.filter(pk=meeting.pk).update(status=Status.DRAFT)  # no signals: only the trigger sees it
    assert public.get(pack_url(meeting)).status_code == 404


def test_a_member_whose_seat_ends_gets_the_public_pack_the_day_after_with_nothing_written(
    meeting_with_papers,  # noqa: F811
    client_for,
):
    meeting, _, _, member = meeting_with_papers
    today = timezone.localdate()
    Membership.objects.filter(person__user=member).update(started=None, ended=today)
    reader = client_for(member)
    assert PRIVATE_TEXT in pack_text(reader, meeting)  # its last day: kept for the board's members
    with time_machine.travel(today + dt.timedelta(days=1)):
        assert PRIVATE_TEXT not in pack_text(reader, meeting)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_pack_still_building_is_not_kept_and_opens_once_ready(
    meeting_with_papers,  # noqa: F811
    client_for,
    settings,
    htmx,
):
    meeting, _, _, _ = meeting_with_papers
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # no worker: it waits
    public = client_for(None)
    headers = {"HX-Request": "true"} if htmx else {}
    assert public.get(pack_url(meeting), headers=headers).status_code == 202
    build_pack.call(PackEdition.objects.get(meeting=meeting).pk, None)  # as the worker would
    response = public.get(pack_url(meeting), headers=headers)
    if htmx:
        assert response.status_code == 200
        assert response["HX-Redirect"] == pack_url(meeting)
    else:
        assert "The public body text." in pdf_text(b"".join(response.streaming_content))
