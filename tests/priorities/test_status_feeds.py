"""The Atom feeds of published status changes, every priority's and one priority's, read with a feed library: an
entry for each milestone status the public may read (standing, signed off, on published work), with a stable id,
dated when it went public; nothing not yet signed off, withdrawn, replaced by a correction, or on a draft."""

import datetime as dt

import feedparser
import pytest
from django.utils import timezone

from blmk_portal.publication import Status
from blmk_portal.rag import Rag
from priorities import services
from priorities.models import SignOff, StatusUpdate
from tests.access import PUBLIC, READERS, check_reader
from tests.factories import MilestoneFactory, PlanFactory, PriorityFactory, ProgrammeFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db

EVERY = "/priorities/status.atom"
ONE = "/priorities/ics/p2/status.atom"
PERIOD = "2026/27 Q3"


@pytest.fixture
def plan():
    return PlanFactory(slug="ics", title="ICS Strategic Priorities")


@pytest.fixture
def statuses(plan, staff_user):
    """P2's diagnostics milestone, Green and signed off; an Amber not yet signed off; a withdrawn one; one on a draft
    programme; and P3's milestone, Red and signed off."""
    p2 = PriorityFactory(plan=plan, code="P2", title="Diagnostics")
    programme = ProgrammeFactory(priority=p2, title="Community diagnostic centres")
    withdrawn = StatusUpdateFactory(
        milestone=MilestoneFactory(programme=programme, title="Withdrawn milestone status"), reporting_period=PERIOD
    )
    services.status_update_withdraw(update=withdrawn, reason="Wrong milestone", by=staff_user)
    return {
        "green": StatusUpdateFactory(
            milestone=MilestoneFactory(programme=programme, title="Open the Luton diagnostic centre"),
            rag=Rag.GREEN,
            commentary="Opened on time.",
            reporting_period=PERIOD,
        ),
        "unsigned": StatusUpdateFactory(
            milestone=MilestoneFactory(
                programme=ProgrammeFactory(priority=p2, title="Not yet signed off"), title="Unsigned milestone"
            ),
            rag=Rag.AMBER,
            commentary="Awaiting sign-off.",
            reporting_period=PERIOD,
            signed_off=False,
        ),
        "withdrawn": withdrawn,
        "draft": StatusUpdateFactory(
            milestone=MilestoneFactory(
                programme=ProgrammeFactory(priority=p2, status=Status.DRAFT), title="Draft programme milestone"
            ),
            reporting_period=PERIOD,
        ),
        "p3": StatusUpdateFactory(
            milestone=MilestoneFactory(
                programme=ProgrammeFactory(priority=PriorityFactory(plan=plan, code="P3")), title="Workforce plan"
            ),
            rag=Rag.RED,
            commentary="Recruitment is behind plan.",
            reporting_period=PERIOD,
        ),
    }


def parsed(client, path: str) -> feedparser.FeedParserDict:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def entry_id(update: StatusUpdate) -> str:
    return f"tag:blmk-portal,2021:status-{update.pk}"


def test_every_prioritys_feed_holds_each_signed_off_standing_status_on_published_work(client, statuses):
    feed = parsed(client, EVERY)
    assert feed.feed.title == "Status of the partnership's priorities"
    assert feed.feed.id == "tag:blmk-portal,2021:statuses"
    assert {entry.id for entry in feed.entries} == {entry_id(statuses["green"]), entry_id(statuses["p3"])}
    text = client.get(EVERY).content.decode()
    for absent in (
        "Unsigned milestone",
        "Awaiting sign-off",
        "Withdrawn milestone status",
        "Draft programme milestone",
    ):
        assert absent not in text


def test_an_entry_says_the_status_in_words_the_milestone_and_its_priority(client, statuses):
    entry = next(e for e in parsed(client, EVERY).entries if e.id == entry_id(statuses["green"]))
    assert entry.title == "Green for 2026/27 Q3: Open the Luton diagnostic centre"
    assert "P2 Diagnostics, Community diagnostic centres." in entry.summary
    assert "Opened on time." in entry.summary
    programme = statuses["green"].milestone.programme
    assert entry.link == f"http://testserver/priorities/ics/p2/#{programme.anchor}"


def test_one_prioritys_feed_holds_only_its_own(client, statuses):
    feed = parsed(client, ONE)
    assert feed.feed.title == "Status of P2 Diagnostics"
    assert feed.feed.link == "http://testserver/priorities/ics/p2/"
    assert [entry.id for entry in feed.entries] == [entry_id(statuses["green"])]
    assert "Workforce plan" not in client.get(ONE).content.decode()


def test_an_entry_is_dated_when_its_programme_was_signed_off_for_the_period(client, statuses):
    signed = timezone.now() + dt.timedelta(days=2)
    SignOff.objects.filter(programme=statuses["green"].milestone.programme).update(signed_off_at=signed)
    [entry] = parsed(client, ONE).entries
    assert dt.datetime.fromisoformat(entry.published) == signed
    assert dt.datetime.fromisoformat(entry.updated) == signed


def test_a_correction_after_sign_off_replaces_the_entry_with_its_own_saying_why(client, statuses, staff_user):
    correction = services.milestone_report_status(
        milestone=statuses["green"].milestone,
        rag=Rag.BLUE,
        commentary="",
        reporting_period=PERIOD,
        reason="It was complete",
        by=staff_user,
    )
    feed = parsed(client, ONE)
    assert [entry.id for entry in feed.entries] == [entry_id(correction)]
    assert feed.entries[0].title.startswith("Blue (complete) for 2026/27 Q3")
    assert "A correction of the status reported earlier: It was complete" in feed.entries[0].summary


def test_an_entry_keeps_its_id_when_its_commentary_is_edited(client, statuses):
    before = [entry.id for entry in parsed(client, ONE).entries]
    StatusUpdate.objects.filter(pk=statuses["green"].pk).update(commentary="Opened a week early.")
    feed = parsed(client, ONE)
    assert [entry.id for entry in feed.entries] == before
    assert "Opened a week early." in feed.entries[0].summary


@pytest.mark.parametrize("path", [EVERY, ONE])
def test_a_status_feed_is_the_publics_whoever_fetches_it(path, statuses, readers, client_for):
    public = client_for(None).get(path).content
    for role in READERS:
        check_reader(client_for(readers[role]), role, path, PUBLIC, secret="Unsigned milestone")
        assert b"Draft programme milestone" not in client_for(readers[role]).get(path).content
        ids = {entry.id for entry in feedparser.parse(client_for(readers[role]).get(path).content).entries}
        assert ids == {entry.id for entry in feedparser.parse(public).entries}


def test_a_draft_priority_has_no_feed_even_for_staff(client_for, staff_user, plan):
    PriorityFactory(plan=plan, code="P9", status=Status.DRAFT)
    assert client_for(staff_user).get("/priorities/ics/p9/status.atom").status_code == 404
    assert client_for(None).get("/priorities/ics/p9/status.atom").status_code == 404
    assert "status.atom" not in client_for(staff_user).get("/priorities/ics/p9/").content.decode()


@pytest.mark.parametrize("path", [EVERY, ONE])
def test_a_status_feed_costs_the_same_however_many_entries(path, client, statuses, django_assert_max_num_queries):
    with django_assert_max_num_queries(4) as few:
        client.get(path)
    p2 = statuses["green"].milestone.programme.priority
    for _ in range(10):
        StatusUpdateFactory(
            milestone=MilestoneFactory(programme=ProgrammeFactory(priority=p2)), reporting_period=PERIOD
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        feed = feedparser.parse(client.get(path).content)
    assert len(feed.entries) >= 11


def test_a_status_feed_read_again_unchanged_is_not_sent_again(client, statuses):
    first = client.get(EVERY)
    assert client.get(EVERY, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_the_priority_pages_advertise_their_feeds_in_their_heads_and_link_them(client, statuses):
    for path, feed, title in (
        ("/priorities/", EVERY, "Status of the partnership&#39;s priorities"),
        ("/priorities/ics/p2/", ONE, "Status of P2 Diagnostics"),
    ):
        text = client.get(path).content.decode()
        head, body = text[: text.index("</head>")], text[text.index("<body") :]
        assert f'<link rel="alternate" type="application/atom+xml" href="{feed}" title="{title}">' in head, path
        assert f'<a href="{feed}" type="application/atom+xml">Subscribe to status changes' in body, path
