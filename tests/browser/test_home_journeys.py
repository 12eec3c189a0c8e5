"""A resident arrives at the home page, on a desktop and on a 320 px phone, and finds in seconds what the
partnership is, the next public meeting (and where to ask it a question), the latest papers, the priorities'
status in words and the headline figures; they search without JavaScript and follow a board's feeds."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from governance.models import Board
from tests.browser.conftest import then_the_accessibility_baseline_is_met
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def next_meeting(blmk_data):
    """The BLMK data as `make run` loads it, and a Partnership Board meeting a fortnight from today."""
    board = Board.objects.get(slug="partnership-board")
    return MeetingFactory(
        board=board, date=timezone.localdate() + dt.timedelta(days=14), start=dt.time(14), venue="Via Microsoft Teams"
    )


class TestAResidentAtTheFrontDoor:
    def test_on_a_desktop_they_find_the_next_meeting_and_where_to_ask_it_a_question(
        self, live_server, page: Page, next_meeting
    ):
        self.given_i_open_the_home_page(page, live_server, width=1280)
        self.then_i_read_what_the_partnership_is(page)
        self.then_i_see_the_next_meeting(page, next_meeting)
        self.then_i_see_the_latest_papers_the_priorities_and_the_headline_figures(page)
        then_the_accessibility_baseline_is_met(page)

        self.when_i_follow_the_meeting_to_ask_a_question(page)
        expect(page).to_have_url(live_server.url + next_meeting.get_absolute_url())
        expect(page.get_by_role("heading", level=1)).to_have_text(f"{next_meeting.date.day} {next_meeting.date:%B %Y}")
        self.then_the_boards_feeds_are_offered(page)
        then_the_accessibility_baseline_is_met(page)

    def test_on_a_320_pixel_phone_everything_fits_and_reads(self, live_server, page: Page, next_meeting):
        self.given_i_open_the_home_page(page, live_server, width=320)
        self.then_i_see_the_next_meeting(page, next_meeting)
        self.then_i_see_the_latest_papers_the_priorities_and_the_headline_figures(page)
        # Nothing runs off the side of a small screen (WCAG 1.4.10 Reflow).
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        then_the_accessibility_baseline_is_met(page)

    def test_they_search_from_it_without_javascript(self, live_server, browser, next_meeting):
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(live_server.url + "/")
        main = page.get_by_role("main")
        main.get_by_label("Search papers, decisions, plans and figures").fill("diagnostics")
        main.get_by_role("button", name="Search").click()
        expect(page).to_have_url(re.compile(r"/search/\?q=diagnostics$"))
        context.close()

    def given_i_open_the_home_page(self, page: Page, live_server, *, width: int) -> None:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/")
        expect(page).to_have_title("Home - BLMK Health and Care Partnership")

    def then_i_read_what_the_partnership_is(self, page: Page) -> None:
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Bedfordshire, Luton and Milton Keynes Health and Care Partnership"
        )
        expect(page.get_by_text("Almost one million people live here.")).to_be_visible()

    def then_i_see_the_next_meeting(self, page: Page, meeting) -> None:
        card = page.locator(".nhsuk-card--feature")
        expect(card.get_by_role("heading", name="Next public meeting")).to_be_visible()
        expect(card.get_by_role("link", name="BLMK ICS Partnership Board", exact=True)).to_be_visible()
        expect(card).to_contain_text(f"{meeting.date:%A} {meeting.date.day} {meeting.date:%B %Y}, from 2pm")
        expect(card).to_contain_text("send the board a question before the meeting")

    def then_i_see_the_latest_papers_the_priorities_and_the_headline_figures(self, page: Page) -> None:
        main = page.get_by_role("main")
        expect(main.get_by_role("heading", name="Latest papers")).to_be_visible()
        expect(main.get_by_role("link", name="Strategic Priorities Development")).to_be_visible()
        expect(main.get_by_role("heading", name="Our priorities and how they are going")).to_be_visible()
        expect(main.get_by_text("Overall status:").first).to_be_visible()
        expect(main.get_by_role("heading", name="Headline figures")).to_be_visible()
        expect(main.get_by_text("Variation:").first).to_be_visible()
        expect(main.get_by_text("Assurance:").first).to_be_visible()

    def when_i_follow_the_meeting_to_ask_a_question(self, page: Page) -> None:
        page.locator(".nhsuk-card--feature").get_by_role("link", name=re.compile("the meeting's page")).click()

    def then_the_boards_feeds_are_offered(self, page: Page) -> None:
        expect(page.get_by_role("link", name="Subscribe to papers (Atom)")).to_have_attribute(
            "href", "/boards/partnership-board/papers.atom"
        )
        expect(page.locator('head link[rel="alternate"][type="application/atom+xml"]')).to_have_count(2)
