"""Reading the performance dashboard: a member of the public follows the header's Dashboards link, reads a row's
RAG and why, filters by place and organisation (swapped in place with JavaScript, a plain GET form without), and
compares the four places; on a 320 px phone without JavaScript too. Staff see drafts marked. axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    then_the_accessibility_baseline_is_met,
    then_the_page_without_javascript_meets_the_baseline,
)
from tests.dashboards.scale import SECRET, small_dashboard

pytestmark = pytest.mark.django_db(transaction=True)

SYSTEM = "Bedfordshire, Luton and Milton Keynes"


@pytest.fixture
def dashboard(db):
    return small_dashboard()


def row_of(page: Page, name: str):
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=name, exact=True))


class TestAMemberOfThePublicReadsTheDashboard:
    def test_from_the_header_they_read_a_rag_and_why_then_filter_by_place_and_organisation(
        self, live_server, page: Page, dashboard
    ):
        """Given indicators with figures, when someone follows the header's Dashboards link, then each indicator
        has a row for the BLMK system with its RAG in words; opening Why gives the numbers and the rule; choosing
        Luton shows Luton's figures in place, then MKUH's; an indicator with no figures there says where it has
        them. The draft is nowhere."""
        page.goto(live_server.url + "/")
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboards").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Performance dashboard")
        expect(page.get_by_role("heading", level=2, name=SYSTEM)).to_be_visible()
        ae = row_of(page, "A&E 4 hours")
        expect(ae).to_contain_text("93.5%")
        expect(ae).to_contain_text("1.5 points below plan")
        expect(ae.locator(".nhsuk-tag")).to_have_text("Amber")
        expect(ae).to_contain_text("Common cause variation")
        expect(ae).to_contain_text("The target will not be met without change")
        ae.get_by_text("Why").click()
        expect(
            ae.get_by_text("Amber: 93.5% against a plan of 95.0%, 1.5 points short; tolerance 2.0 points.")
        ).to_be_visible()
        expect(row_of(page, "52-week waits")).to_contain_text(f"No figures for {SYSTEM}. Reported for")
        expect(page.get_by_text(SECRET)).to_have_count(0)
        then_the_accessibility_baseline_is_met(page)

        page.get_by_label("Place").select_option(label="Luton")
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_role("heading", level=2, name="Luton")).to_be_visible()
        expect(page).to_have_url(re.compile(r"/dashboards/\?(.*&)?place=luton"))
        expect(row_of(page, "A&E 4 hours").locator(".nhsuk-tag")).to_have_text("Green")
        expect(row_of(page, "A&E 4 hours")).to_contain_text("1.0 points above plan")
        then_the_accessibility_baseline_is_met(page)

        page.get_by_label("Place").select_option(label="All of BLMK")
        page.get_by_label("Organisation").select_option(label="Milton Keynes University Hospital NHS Foundation Trust")
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_role("heading", level=2, name="Milton Keynes University Hospital")).to_be_visible()
        expect(row_of(page, "52-week waits").locator(".nhsuk-tag")).to_have_text("Red")
        expect(row_of(page, "52-week waits")).to_contain_text("110 above target")
        then_the_accessibility_baseline_is_met(page)

    def test_the_four_places_side_by_side(self, live_server, page: Page, dashboard):
        """Given A&E figures for the system and Luton only, when someone opens the place view from the dashboard,
        then A&E has Luton's figure and RAG and "No figures" for the other three places."""
        page.goto(live_server.url + "/dashboards/")
        page.get_by_role("link", name="The four places side by side").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("The four places side by side")
        headers = page.get_by_role("columnheader")
        expect(headers).to_have_text(["Indicator", "Bedford Borough", "Central Bedfordshire", "Luton", "Milton Keynes"])
        cells = row_of(page, "A&E 4 hours").get_by_role("cell")
        expect(cells.nth(3)).to_contain_text("96.0%")
        expect(cells.nth(3).locator(".nhsuk-tag")).to_have_text("Green")
        for other in (1, 2, 4):
            expect(cells.nth(other)).to_have_text(re.compile(r"No figures"))
        then_the_accessibility_baseline_is_met(page)

    def test_on_a_320_pixel_phone_without_javascript_the_filters_work_and_nothing_runs_off_the_screen(
        self, live_server, browser: Browser, page: Page, dashboard
    ):
        """Given a phone 320 px wide with JavaScript off, when someone opens the dashboard and filters it by Luton,
        then the form is sent as a plain GET, each row stacks into labelled lines, the page does not scroll
        sideways, and the markup meets the baseline; the place view too."""
        context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
        phone = context.new_page()
        try:
            phone.goto(live_server.url + "/dashboards/")
            expect(phone.get_by_role("heading", level=2, name=SYSTEM)).to_be_visible()
            assert phone.evaluate("document.documentElement.scrollWidth") <= 320
            then_the_page_without_javascript_meets_the_baseline(phone, page)

            phone.get_by_label("Place").select_option(label="Luton")
            phone.get_by_role("button", name="Show").click()
            expect(phone).to_have_url(re.compile(r"place=luton"))
            expect(phone.get_by_role("heading", level=2, name="Luton")).to_be_visible()
            expect(row_of(phone, "A&E 4 hours")).to_contain_text("96.0%")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 320
            then_the_page_without_javascript_meets_the_baseline(phone, page)

            phone.goto(live_server.url + "/dashboards/places/")
            expect(row_of(phone, "A&E 4 hours")).to_contain_text("No figures")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 320
            then_the_page_without_javascript_meets_the_baseline(phone, page)
        finally:
            context.close()


class TestStaffSeeDrafts:
    def test_a_draft_indicator_is_marked_as_one(self, live_server, page: Page, dashboard, staff_user, sign_in_as):
        """Given a draft indicator with figures, when staff open the dashboard, then its row is there marked
        Draft (not public)."""
        sign_in_as(staff_user)
        page.goto(live_server.url + "/dashboards/")
        expect(row_of(page, SECRET)).to_contain_text("Draft (not public)")
        then_the_accessibility_baseline_is_met(page)
