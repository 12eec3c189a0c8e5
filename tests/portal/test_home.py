"""The home page, a front door a resident understands in ten seconds: what the partnership is, the search box, the
next public meeting and where to ask it a question, the latest papers and decisions, the priorities with their
overall status in words and the headline figures with their variation and assurance. It is the public's, the same
for everyone (no draft, Part II or unconfirmed decision, whoever asks), cheap (a fixed number of queries) and
cacheable (no CSRF token: its one form is a GET)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from blmk_portal.publication import Audience, Status
from blmk_portal.rag import Rag
from dashboards.models import Indicator, Point
from governance.models import Meeting, Minute, Minutes, Resolution
from priorities.models import Plan
from tests.dashboards.returns import indicator
from tests.dashboards.scale import small_dashboard
from tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MilestoneFactory,
    PaperFactory,
    PlanFactory,
    PriorityFactory,
    ProgrammeFactory,
    StatusUpdateFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def decided(meeting: Meeting, text: str, *, confirmed: bool = True) -> Resolution:
    minutes, _ = Minutes.objects.get_or_create(
        meeting=meeting, defaults={"status": Status.PUBLISHED if confirmed else Status.DRAFT}
    )
    minute = Minute.objects.create(minutes=minutes, item=AgendaItemFactory(meeting=meeting), outcome="agreed")
    return Resolution.objects.create(minute=minute, text=text)


@pytest.fixture
def board():
    return BoardFactory(slug="partnership", name="BLMK ICS Partnership Board")


@pytest.fixture
def front(board):
    """A held meeting with a public paper, a Part II paper and a confirmed decision; a draft meeting's paper; a
    decision of draft minutes; upcoming meetings (a draft, a cancelled and a published one); a current plan with a
    Green priority, a Grey one and a draft one, and a closed plan's priority; and the small dashboard."""
    held = MeetingFactory(board=board, date=TODAY() - dt.timedelta(days=30), state=Meeting.State.HELD)
    PaperFactory(meeting=held, reference="Paper 5", title="Strategic Priorities Development")
    PaperFactory(meeting=held, title="Award of the community contract", audience=Audience.BOARD)
    decided(held, "That the strategic priorities be agreed.")
    draft_meeting = MeetingFactory(board=board, date=TODAY() - dt.timedelta(days=10), status=Status.DRAFT)
    PaperFactory(meeting=draft_meeting, title="Draft estates strategy")
    decided(
        MeetingFactory(board=board, date=TODAY() - dt.timedelta(days=20)), "That the draft stands.", confirmed=False
    )
    MeetingFactory(board=board, date=TODAY() + dt.timedelta(days=3), status=Status.DRAFT)
    MeetingFactory(board=board, date=TODAY() + dt.timedelta(days=5), state=Meeting.State.CANCELLED)
    upcoming = MeetingFactory(
        board=board, date=TODAY() + dt.timedelta(days=14), start=dt.time(14), end=dt.time(16), venue="Luton Town Hall"
    )

    plan = PlanFactory(slug="ics", title="ICS Strategic Priorities", state=Plan.State.CURRENT)
    diagnostics = PriorityFactory(plan=plan, code="P2", title="Diagnostics", order=2)
    StatusUpdateFactory(milestone=MilestoneFactory(programme=ProgrammeFactory(priority=diagnostics)), rag=Rag.GREEN)
    PriorityFactory(plan=plan, code="P1", title="A strong, healthy start in life", order=1)
    PriorityFactory(plan=plan, code="P9", title="Draft priority", status=Status.DRAFT)
    PriorityFactory(plan=PlanFactory(state=Plan.State.CLOSED), code="S1", title="A closed plan's priority")
    return {"upcoming": upcoming, "dashboard": small_dashboard()}


def main_of(response) -> str:
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


def test_it_says_what_the_partnership_is_in_its_own_words(client):
    page = main_of(client.get("/"))
    assert "<h1>Bedfordshire, Luton and Milton Keynes Health and Care Partnership</h1>" in page
    assert "“to improve the health and wellbeing of the people living in Bedfordshire, Luton and Milton Keynes”" in page
    assert "Almost one million people live here." in page


def test_its_search_box_is_a_plain_get_form_to_search_and_the_page_carries_no_csrf_token(client):
    page = client.get("/").content.decode()
    forms = re.findall(r"<form[^>]*>", main_of(client.get("/")))
    assert forms == ['<form action="/search/" method="get" role="search" novalidate>']
    assert re.search(r'<input\s[^>]*name="q" type="search"', page)
    assert re.search(
        r'<label\s+class="nhsuk-label nhsuk-label--m"\s+for="q"\s*>\s*Search papers, decisions, plans and figures', page
    )
    assert "csrfmiddlewaretoken" not in page
    assert 'method="post"' not in page.lower()
    response = client.get("/")
    assert not response.cookies and "Set-Cookie" not in response  # nothing stops the page cache keeping it


def test_it_names_the_next_public_meeting_and_where_to_ask_it_a_question(client, front):
    page = main_of(client.get("/"))
    url = front["upcoming"].get_absolute_url()
    section = page[page.index("Next public meeting") :]
    when = front["upcoming"].date
    assert f'<a href="{url}">BLMK ICS Partnership Board</a>' in section
    assert f"{when:%A} {when.day} {when:%B %Y}, 2pm to 4pm" in section
    assert "Luton Town Hall" in section
    assert "send the board a question before the meeting" in section and f'on <a href="{url}">the meeting' in section
    # Not the draft nor the cancelled one, though both come sooner.
    for skipped in (TODAY() + dt.timedelta(days=3), TODAY() + dt.timedelta(days=5)):
        assert f"/boards/partnership/{skipped:%Y-%m-%d}/" not in page


def test_with_no_meeting_coming_it_says_so_and_points_to_the_boards(client, board):
    MeetingFactory(board=board, date=TODAY() - dt.timedelta(days=1))
    MeetingFactory(board=board, date=TODAY() + dt.timedelta(days=1), status=Status.DRAFT)
    page = main_of(client.get("/"))
    assert "No public meeting is scheduled at the moment." in page
    assert '<a href="/boards/">See the boards, their past meetings and their papers</a>' in page


def test_it_lists_the_latest_public_papers_and_confirmed_decisions(client, front):
    page = main_of(client.get("/"))
    assert ">Strategic Priorities Development</a>" in page
    assert "Paper 5, BLMK ICS Partnership Board" in page
    assert ">That the strategic priorities be agreed.</a>" in page


def test_it_lists_the_current_plans_priorities_in_order_each_with_its_overall_status_in_words(client, front):
    page = main_of(client.get("/"))
    first, second = page.index("P1 A strong, healthy start in life"), page.index("P2 Diagnostics")
    assert first < second
    assert "Grey (not reported)" in page[first:second]
    assert re.search(r"Overall status: \s*<strong class=\"nhsuk-tag nhsuk-tag--green\"\s*>\s*Green", page[second:])
    assert "A closed plan's priority" not in page


def test_it_gives_the_headline_figures_with_their_rag_variation_and_assurance_in_words(client, front):
    page = main_of(client.get("/"))
    section = page[page.index("<h2>Headline figures</h2>") :]
    assert '<a class="nhsuk-card__link" href="/dashboards/indicators/AE4HR/">A&amp;E 4 hours</a>' in section
    assert '<strong class="nhsuk-body-l">93.5%</strong>' in section
    assert '<strong class="nhsuk-tag nhsuk-tag--orange">Amber</strong>' in section
    assert 'data-icon="common_cause"' in section and "Common cause variation" in section
    assert 'data-icon="fail"' in section and "The target will not be met without change" in section
    assert "52-week waits" not in section  # not a headline figure


@pytest.mark.parametrize("reader", ["anonymous", "board_member", "staff"])
def test_no_draft_part_two_or_unconfirmed_decision_reaches_it_whoever_asks(reader, front, readers, client_for, board):
    if reader == "board_member":
        readers[reader].person.memberships.update(board=board)  # a member of this board reads its Part II elsewhere
    page = main_of(client_for(readers[reader]).get("/"))
    for secret in (
        "Award of the community contract",
        "Draft estates strategy",
        "That the draft stands.",
        "Draft priority",
        "Draft (not public)",
    ):
        assert secret not in page, f"{reader} was shown {secret!r}"
    assert ">Strategic Priorities Development</a>" in page  # the control: the public paper is there


def test_a_headline_indicator_shows_once_published(client, front):
    draft = indicator("RTT18", name="Referral to treatment in 18 weeks", status=Status.DRAFT)
    Point.objects.create(indicator=draft, area=front["dashboard"]["BLMK"], period=TODAY().replace(day=1), value=90)
    assert "Referral to treatment in 18 weeks" not in client.get("/").content.decode()
    Indicator.objects.filter(pk=draft.pk).update(status=Status.PUBLISHED)
    assert "Referral to treatment in 18 weeks</a>" in client.get("/").content.decode()


def test_it_costs_the_same_number_of_queries_however_much_there_is(client, front, board, django_assert_max_num_queries):
    client.get("/")
    with django_assert_max_num_queries(14) as few:
        client.get("/")
    plan = Plan.objects.get(slug="ics")
    for n in range(8):
        meeting = MeetingFactory(board=board, date=TODAY() - dt.timedelta(days=40 + n))
        PaperFactory.create_batch(2, meeting=meeting)
        decided(meeting, f"That decision {n} be agreed.")
        priority = PriorityFactory(plan=plan, code=f"Q{n}")
        for _ in range(2):
            StatusUpdateFactory(milestone=MilestoneFactory(programme=ProgrammeFactory(priority=priority)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/").content.decode()
    assert "Q7 Priority" in page
