"""Minutes: a governance officer minutes an item Agreed with two resolutions, the next meeting confirms the minutes
as a true record, and the public read them on the meeting page and in the decision register. axe on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from blmk_portal.publication import Audience
from governance.models import Meeting
from tests.browser.conftest import then_the_accessibility_baseline_is_met
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = "That option B be agreed as the membership for the Partnership Board."
SECOND = "That revised Terms of Reference be submitted to the next meeting."


@pytest.fixture
def meetings():
    board = BoardFactory(slug="partnership-board", name="BLMK ICS Partnership Board")
    may = MeetingFactory(board=board, date=dt.date(2021, 5, 5), state=Meeting.State.HELD)
    AgendaItemFactory(meeting=may, number="1", title="Apologies for absence", order=0)
    AgendaItemFactory(meeting=may, number="10", title="Partnership Board Membership", order=1)
    AgendaItemFactory(meeting=may, number="11", title="Estates disposal", order=2, audience=Audience.BOARD)
    MeetingFactory(board=board, date=dt.date(2021, 6, 9), state=Meeting.State.HELD)
    return board


def when_staff_minute_the_membership_item(page: Page) -> None:
    page.get_by_role("link", name="Edit the minute of 10 Partnership Board Membership").click()
    # With JavaScript the form opens in the item's place, on the same page
    expect(page.get_by_role("button", name="Save the minute")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/manage/minutes/partnership-board/2021-05-05/$"))
    then_the_accessibility_baseline_is_met(page)
    page.get_by_label("Discussion (optional)").fill("Option B widens representation to VCSE, PCN and Healthwatch 🙂")
    page.get_by_label("Outcome (optional)", exact=True).select_option(label="Agreed")
    page.get_by_role("button", name="Save the minute").click()
    expect(page.get_by_role("status")).to_have_text("Minute saved.")
    for text in (FIRST, SECOND):
        page.get_by_role("link", name="Add a resolution to 10 Partnership Board Membership").click()
        page.get_by_label("What was decided").fill(text)
        page.get_by_role("button", name="Save").click()


class TestMinutesFromDraftToTheDecisionRegister:
    def test_staff_minute_an_item_the_next_meeting_confirms_them_and_the_public_read_the_decision(
        self, live_server, browser: Browser, page: Page, meetings, staff_user, sign_in_as
    ):
        """Given two held meetings, when staff write the 5 May minutes (item 10 Agreed, with two resolutions) and
        record at 9 June that they were confirmed with a correction, then the public read the minutes and each
        decision; before that they read none of it."""
        sign_in_as(staff_user)
        page.goto(live_server.url + "/manage/meetings/partnership-board/2021-05-05/")
        page.get_by_role("button", name="Write the minutes").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Minutes of 5 May 2021")
        expect(page.get_by_text("Draft: not yet confirmed, seen by staff only")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

        when_staff_minute_the_membership_item(page)
        minute = page.locator("section", has=page.get_by_role("heading", name="10 Partnership Board Membership"))
        expect(minute).to_contain_text("Agreed:")
        expect(minute).to_contain_text(f"i) {FIRST}")
        expect(minute).to_contain_text(f"ii) {SECOND}")
        then_the_accessibility_baseline_is_met(page)

        public = browser.new_page()
        public.goto(live_server.url + "/boards/partnership-board/2021-05-05/")
        expect(public.get_by_text(FIRST)).to_have_count(0)
        public.goto(live_server.url + "/decisions/")
        expect(public.get_by_text("No decisions found")).to_be_visible()

        page.goto(live_server.url + "/manage/meetings/partnership-board/2021-06-09/")
        expect(
            page.get_by_text("Minutes waiting to be confirmed as a true record at this meeting: 5 May 2021.")
        ).to_be_visible()
        page.get_by_role("link", name="Confirm the minutes of an earlier meeting").click()
        then_the_accessibility_baseline_is_met(page)
        page.get_by_label("Corrections made at the meeting (optional)").fill("Item 10: Healthwatch added to the list.")
        page.get_by_role("button", name="Confirm and publish the minutes").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
            "Minutes of 5 May 2021 confirmed as a true record and published"
        )

        public.goto(live_server.url + "/boards/partnership-board/2021-05-05/")
        expect(public.get_by_text("Confirmed as a true record at the meeting of 9 June 2021")).to_be_visible()
        expect(public.get_by_text("Item 10: Healthwatch added to the list.")).to_be_visible()
        expect(public.get_by_text("Estates disposal")).to_have_count(0)  # Part II
        then_the_accessibility_baseline_is_met(public)
        public.get_by_role(
            "link", name="Decision ii) of 10 Partnership Board Membership in the decision register"
        ).click()
        expect(public.get_by_role("heading", level=1)).to_have_text(
            "Decision ii) on item 10: Partnership Board Membership"
        )
        expect(public.get_by_text(f"Agreed ii): {SECOND}")).to_be_visible()
        expect(public.get_by_text("Confirmed as a true record at the meeting of 9 June 2021")).to_be_visible()
        then_the_accessibility_baseline_is_met(public)
        public.get_by_role("link", name="Every decision of the BLMK ICS Partnership Board").click()
        expect(public.get_by_text("Showing 1 to 2 of 2 decisions")).to_be_visible()
        then_the_accessibility_baseline_is_met(public)
