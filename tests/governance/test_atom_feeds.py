"""A board's Atom feeds of papers and decisions, read with a feed library as a feed reader reads them: valid Atom,
one entry a public paper or decision with a stable id and its dates, and nothing the public may not read (a draft
meeting's papers, Part II papers, decisions of unconfirmed minutes), whoever fetches it."""

import datetime as dt

import feedparser
import pytest
from django.utils import timezone

from blmk_portal.publication import Audience, Status
from governance.models import Meeting, Minute, Minutes, Resolution
from tests.access import EVERYONE, NOWHERE, READERS, check_reader
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory, MembershipFactory, PaperFactory

pytestmark = pytest.mark.django_db

PAPERS = "/boards/partnership/papers.atom"
DECISIONS = "/boards/partnership/decisions.atom"
PART_TWO = "Award of the community contract"  # a Part II paper's title: the board's members only
DRAFT = "Draft estates strategy"  # a paper of a meeting not yet published
SECRET_DECISION = "That the Part II contract be awarded."  # a decision on a Part II paper
PUBLISHED_AT = dt.datetime(2021, 6, 2, 9, 30, tzinfo=dt.UTC)  # when the June meeting's papers went public

# path, then the expected status for each of READERS: a feed reader has no session, so every reader gets the public's
MATRIX = [
    (PAPERS, *EVERYONE),
    (DECISIONS, *EVERYONE),
    ("/boards/nonexistent/papers.atom", *NOWHERE),
    ("/boards/nonexistent/decisions.atom", *NOWHERE),
]
# For the governance matrix's check that every URL is covered (tests/governance/test_access.py).
PATHS = [path for path, *expected in MATRIX if tuple(expected) != NOWHERE]


@pytest.fixture
def board(board_member_user):
    """The Partnership Board, on which the board member sits."""
    board = BoardFactory(slug="partnership", name="Partnership Board")
    MembershipFactory(board=board, person=board_member_user.person)
    return board


@pytest.fixture
def papers(board):
    """The June meeting's public papers and its Part II paper, a draft meeting's paper, another board's paper."""
    june = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
    Meeting.objects.filter(pk=june.pk).update(published_at=PUBLISHED_AT)
    return {
        "strategy": PaperFactory(
            meeting=june,
            reference="Paper 5",
            title="Strategic Priorities Development",
            summary="The latest position in the ICS strategic priorities development work",
        ),
        "estates": PaperFactory(meeting=june, reference="Paper 8", title="Estates Strategy Refresh 2021"),
        "part_two": PaperFactory(meeting=june, title=PART_TWO, audience=Audience.BOARD),
        "draft": PaperFactory(
            meeting=MeetingFactory(board=board, date=dt.date(2021, 7, 14), status=Status.DRAFT), title=DRAFT
        ),
        "other_board": PaperFactory(meeting=MeetingFactory(board=BoardFactory(slug="jhosc")), title="JHOSC report"),
    }


def decided(board, day: dt.date, text: str, *, confirmed=True, outcome="agreed", paper=None) -> Resolution:
    """A resolution at a meeting of the board, its minutes confirmed (published) or still a draft."""
    meeting = Meeting.objects.filter(board=board, date=day).first() or MeetingFactory(board=board, date=day)
    minutes, _ = Minutes.objects.get_or_create(
        meeting=meeting, defaults={"status": Status.PUBLISHED if confirmed else Status.DRAFT}
    )
    item = AgendaItemFactory(meeting=meeting, number="6", title="Membership")
    minute = Minute.objects.create(minutes=minutes, item=item, outcome=outcome)
    return Resolution.objects.create(minute=minute, text=text, paper=paper)


def parsed(client, path: str) -> feedparser.FeedParserDict:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")  # well-formed
    assert feed.version == "atom10"
    return feed


def ids(feed) -> set[str]:
    return {entry.id for entry in feed.entries}


def test_the_papers_feed_holds_the_boards_public_papers_each_with_a_stable_id_and_a_link(client, papers):
    feed = parsed(client, PAPERS)
    assert feed.feed.title == "Papers of the Partnership Board"
    assert feed.feed.id == f"tag:blmk-portal,2021:board-{papers['strategy'].meeting.board_id}-papers"
    assert feed.feed.link == "http://testserver/boards/partnership/"
    assert ids(feed) == {f"tag:blmk-portal,2021:paper-{papers[name].pk}" for name in ("strategy", "estates")}
    entry = next(entry for entry in feed.entries if entry.id.endswith(f"paper-{papers['strategy'].pk}"))
    assert entry.title == "Paper 5: Strategic Priorities Development (9 June 2021)"
    assert entry.link == f"http://testserver/boards/partnership/2021-06-09/papers/{papers['strategy'].pk}/"
    assert "The latest position in the ICS strategic priorities development work" in entry.summary
    assert "For the meeting of the Partnership Board on 9 June 2021." in entry.summary


def test_no_draft_part_two_or_other_boards_paper_reaches_the_papers_feed(client, papers):
    text = client.get(PAPERS).content.decode()
    for absent in (PART_TWO, DRAFT, "JHOSC report"):
        assert absent not in text
    assert f"paper-{papers['part_two'].pk}<" not in text and f"paper-{papers['draft'].pk}<" not in text


@pytest.mark.parametrize(("path", *READERS), MATRIX)
def test_access(path, anonymous, board_member, other_board_member, no_role, staff, papers, readers, client_for):
    """Whoever fetches a feed gets the public's: a member's or the programme office's copy holds no more."""
    decided(papers["strategy"].meeting.board, dt.date(2021, 6, 9), SECRET_DECISION, paper=papers["part_two"])
    public = client_for(None).get(path).content
    expected = (anonymous, board_member, other_board_member, no_role, staff)
    for role, status in zip(READERS, expected, strict=True):
        client = client_for(readers[role])
        check_reader(client, role, path, status)
        response = client.get(path)
        for secret in (PART_TWO, DRAFT, SECRET_DECISION):
            assert secret.encode() not in response.content, f"{role} was given {secret!r}"
        if status == 200:
            assert ids(feedparser.parse(response.content)) == ids(feedparser.parse(public))


def test_a_paper_is_dated_when_its_meeting_went_public_and_updated_when_it_last_changed(client, papers):
    entry = next(e for e in parsed(client, PAPERS).entries if e.id.endswith(f"paper-{papers['estates'].pk}"))
    assert entry.published == "2021-06-02T09:30:00+00:00"
    # Made in this test's transaction, after the meeting went public: updated when made.
    updated = dt.datetime.fromisoformat(entry.updated)
    assert updated > PUBLISHED_AT
    assert abs(updated - timezone.now()) < dt.timedelta(minutes=5)


def test_a_paper_whose_meeting_is_published_after_it_was_written_is_updated_then(client, papers):
    later = timezone.now() + dt.timedelta(days=3)
    Meeting.objects.filter(pk=papers["estates"].meeting_id).update(published_at=later)
    feed = parsed(client, PAPERS)
    assert {dt.datetime.fromisoformat(entry.updated) for entry in feed.entries} == {later}
    assert dt.datetime.fromisoformat(feed.feed.updated) == later


def test_a_corrected_paper_keeps_its_id(client, papers):
    before = ids(parsed(client, PAPERS))
    papers["estates"].title = "Estates Strategy Refresh 2021 (corrected)"
    papers["estates"].save()
    feed = parsed(client, PAPERS)
    assert ids(feed) == before
    assert "Paper 8: Estates Strategy Refresh 2021 (corrected) (9 June 2021)" in {e.title for e in feed.entries}


def test_the_decisions_feed_holds_the_decisions_of_confirmed_minutes_only(client, board, papers):
    agreed = decided(board, dt.date(2021, 5, 5), "That option B be agreed.")
    decided(board, dt.date(2021, 7, 28), "That the draft decision stands.", confirmed=False)
    decided(board, dt.date(2021, 5, 5), "That the plan be noted.", outcome="noted")
    decided(board, dt.date(2021, 6, 9), SECRET_DECISION, paper=papers["part_two"])
    decided(BoardFactory(slug="jhosc-2"), dt.date(2018, 3, 26), "That Councillor Agbley be elected Chair.")
    feed = parsed(client, DECISIONS)
    assert feed.feed.title == "Decisions of the Partnership Board"
    assert [entry.id for entry in feed.entries] == [f"tag:blmk-portal,2021:decision-{agreed.pk}"]
    [entry] = feed.entries
    assert entry.title == "5 May 2021, item 6: That option B be agreed."
    assert entry.link == f"http://testserver/boards/partnership/2021-05-05/decisions/{agreed.pk}/"
    assert "Agreed at item 6, Membership." in entry.summary
    text = client.get(DECISIONS).content.decode()
    for absent in ("draft decision", "be noted", "Part II contract", "Agbley"):
        assert absent not in text


def test_a_decision_is_updated_when_its_minutes_are_confirmed(client, board):
    decision = decided(board, dt.date(2021, 5, 5), "That option B be agreed.")
    confirmed = timezone.now() + dt.timedelta(days=35)
    Minutes.objects.filter(pk=decision.minute.minutes_id).update(published_at=confirmed)
    [entry] = parsed(client, DECISIONS).entries
    assert dt.datetime.fromisoformat(entry.updated) == confirmed
    assert dt.datetime.fromisoformat(entry.published) == confirmed


def test_a_board_that_does_not_exist_has_no_feeds(client):
    assert client.get("/boards/nobody/papers.atom").status_code == 404
    assert client.get("/boards/nobody/decisions.atom").status_code == 404


def test_a_feed_read_again_unchanged_is_not_sent_again(client, papers):
    first = client.get(PAPERS)
    again = client.get(PAPERS, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304 and again.content == b""
    Meeting.objects.filter(pk=papers["estates"].meeting_id).update(published_at=timezone.now() + dt.timedelta(days=1))
    assert client.get(PAPERS, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 200


@pytest.mark.parametrize("path", [PAPERS, DECISIONS])
def test_a_feed_costs_the_same_however_many_entries(path, client, board, papers, django_assert_max_num_queries):
    decided(board, dt.date(2021, 5, 5), "That option B be agreed.")
    with django_assert_max_num_queries(6) as few:
        client.get(path)
    for n in range(12):
        meeting = MeetingFactory(board=board, date=dt.date(2020, 1, 1) + dt.timedelta(days=n))
        PaperFactory.create_batch(2, meeting=meeting)
        decided(board, meeting.date, f"That decision {n} be agreed.")
    with django_assert_max_num_queries(len(few.captured_queries)):
        feed = feedparser.parse(client.get(path).content)
    assert len(feed.entries) > 12


def test_the_board_meeting_and_decisions_pages_advertise_the_feeds_in_their_heads_and_link_them(client, papers):
    for path in ("/boards/partnership/", "/boards/partnership/2021-06-09/", "/boards/partnership/decisions/"):
        text = client.get(path).content.decode()
        head = text[: text.index("</head>")]
        assert (
            '<link rel="alternate" type="application/atom+xml" href="/boards/partnership/papers.atom" '
            'title="Papers of the Partnership Board">' in head
        ), path
        assert 'href="/boards/partnership/decisions.atom" title="Decisions of the Partnership Board"' in head
        body = text[text.index("<body") :]
        assert (
            '<a href="/boards/partnership/papers.atom" type="application/atom+xml">Subscribe to papers (Atom)</a>'
            in body
        )
        assert "Subscribe to decisions (Atom)</a>" in body
    register = client.get("/decisions/").content.decode()  # every board's register: no one board's feed
    assert "application/atom+xml" not in register
