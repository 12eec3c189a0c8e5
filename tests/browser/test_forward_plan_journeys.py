"""The forward plan: staff plan an item for the next meeting and start its agenda from what was planned (with
JavaScript, and without); the public read the plan meeting by meeting on a phone, one item taken and one slipped.
axe on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from blmk_portal.formatting import date
from governance.models import Meeting, PlannedItem
from tests.browser.conftest import (
    a_signed_in_context,
    then_the_accessibility_baseline_is_met,
    then_the_page_without_javascript_meets_the_baseline,
)
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def board_with_a_plan():
    """A board whose last meeting, a fortnight ago, took one planned item and not another, and whose next meeting,
    in three weeks, has no agenda yet."""
    today = timezone.localdate()
    board = BoardFactory(slug="partnership", name="Partnership Board")
    last = MeetingFactory(board=board, date=today - dt.timedelta(days=14), state=Meeting.State.HELD)
    estates = AgendaItemFactory(meeting=last, title="BLMK ICS Estates Strategy Refresh 2021", number="10")
    AgendaItemFactory(meeting=last, title="AOB", standing=True)
    upcoming = MeetingFactory(board=board, date=today + dt.timedelta(days=21))
    PlannedItem.objects.create(
        board=board, planned_for=last.date, title="ICS Estates Strategy Refresh 2021", taken_as=estates, order=0
    )
    PlannedItem.objects.create(board=board, planned_for=last.date, title="Finance and recovery", kind="update", order=1)
    return board, last, upcoming


class TestStaffStartAnAgendaFromThePlan:
    def test_they_plan_an_item_then_add_it_and_what_slipped_to_the_next_meetings_agenda(
        self, live_server, browser: Browser, page: Page, board_with_a_plan, staff_user, sign_in_as
    ):
        """Given a board's plan with an item that slipped from its last meeting, when staff plan another for the next
        meeting and add both to its agenda (one with JavaScript, one without), then the agenda holds each once and
        the public plan says both were taken."""
        board, last, upcoming = board_with_a_plan
        sign_in_as(staff_user)
        page.goto(live_server.url + "/manage/boards/partnership/")
        page.get_by_role("button", name="Add a planned item").click()
        page.get_by_label("Day").fill(str(upcoming.date.day))
        page.get_by_label("Month").fill(str(upcoming.date.month))
        page.get_by_label("Year").fill(str(upcoming.date.year))
        page.get_by_label("Title").fill("PCN Development 🩺")
        page.get_by_label("Lead (optional)").fill("Executive Lead")
        page.get_by_label("Condition (optional)").fill("if considered at OD session")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("PCN Development 🩺 added")
        plan = page.get_by_role("table", name=f"Planned for {date(upcoming.date)}")
        expect(plan).to_contain_text("PCN Development 🩺 (if considered at OD session) Planned")
        then_the_accessibility_baseline_is_met(page)

        page.goto(live_server.url + upcoming.get_manage_url())
        offered = page.locator("#planned-for-this-meeting ~ ul").first
        expect(offered.get_by_role("listitem")).to_have_count(2)
        expect(offered.get_by_role("listitem").first).to_contain_text("PCN Development 🩺")
        expect(offered.get_by_role("listitem").nth(1)).to_contain_text(
            f"Finance and recovery Slipped Update Slipped from {date(last.date)} to the meeting of "
            f"{date(upcoming.date)}"
        )
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Add to the agenda (PCN Development 🩺)").click()  # htmx: in place
        agenda = page.get_by_role("table", name="Agenda")
        expect(agenda.get_by_role("row", name=re.compile("PCN Development 🩺 Executive Lead"))).to_be_visible()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("“PCN Development 🩺” added to the agenda")
        expect(page.get_by_role("heading", name="Planned for this meeting")).to_be_focused()
        expect(page.get_by_role("button", name="Add to the agenda (PCN Development 🩺)")).to_have_count(0)
        then_the_accessibility_baseline_is_met(page)

        checker = page
        context = a_signed_in_context(browser, live_server, staff_user, javascript=False)
        plain, stale = context.new_page(), context.new_page()  # the same page open twice, as after Back
        for opened in (plain, stale):
            opened.goto(live_server.url + upcoming.get_manage_url())
        plain.get_by_role("button", name="Add to the agenda (Finance and recovery)").click()
        expect(plain.locator(".nhsuk-notification-banner")).to_contain_text("“Finance and recovery” added")
        expect(plain.get_by_text("Nothing in the forward plan is waiting for this meeting.")).to_be_visible()
        then_the_page_without_javascript_meets_the_baseline(plain, checker)
        stale.get_by_role("button", name="Add to the agenda (Finance and recovery)").click()
        expect(stale.locator(".nhsuk-notification-banner")).to_contain_text("Nothing was added twice")
        assert list(upcoming.items.values_list("title", flat=True)) == ["PCN Development 🩺", "Finance and recovery"]

        public = browser.new_context().new_page()
        public.goto(live_server.url + "/boards/partnership/forward-plan/")
        expect(
            public.get_by_text(f"Slipped from {date(last.date)}; taken at the meeting of {date(upcoming.date)}")
        ).to_be_visible()
        then_the_accessibility_baseline_is_met(public)


class TestThePublicReadThePlanOnAPhone:
    def test_meeting_by_meeting_one_item_taken_and_one_slipped_at_320_pixels(
        self, live_server, browser: Browser, board_with_a_plan
    ):
        """Given the plan, when someone on a 320 pixel wide phone follows the board's Forward plan link, then each
        meeting has a heading, the taken item links the agenda item that took it, the slipped one says where it
        went, and nothing needs scrolling sideways."""
        board, last, upcoming = board_with_a_plan
        page = browser.new_context(viewport={"width": 320, "height": 800}).new_page()
        page.goto(live_server.url + "/boards/partnership/")
        page.get_by_role("link", name="Forward plan: what the board plans to take at its meetings").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Forward plan")
        expect(page.get_by_role("heading", level=3, name=date(last.date))).to_be_visible()
        expect(page.get_by_role("heading", level=3, name=date(upcoming.date))).to_be_visible()
        taken = page.get_by_role("listitem").filter(has_text="ICS Estates Strategy Refresh 2021")
        expect(taken).to_contain_text(f"Taken Taken at the meeting of {date(last.date)}")
        expect(page.get_by_role("listitem").filter(has_text="Finance and recovery").first).to_contain_text(
            f"Slipped Slipped from {date(last.date)} to the meeting of {date(upcoming.date)}"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        then_the_accessibility_baseline_is_met(page)
        taken.get_by_role("link", name="item 10: BLMK ICS Estates Strategy Refresh 2021").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(date(last.date))
        expect(page.get_by_role("row", name=re.compile("^10 BLMK ICS Estates Strategy Refresh 2021"))).to_be_visible()
