"""Reading an indicator: a member of the public opens RTT 52 week waits from the BLMK data, reads the summary, the
chart (an image named by its summary) and the table, and changes the area; on a 320 px phone without JavaScript
too, and printed. axe and the HTML checker on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    then_the_accessibility_baseline_is_met,
    then_the_page_without_javascript_meets_the_baseline,
)

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = "/dashboards/indicators/RTT52/"
SUMMARY = (
    "RTT 52 week waits, March 2021: 4,443, above plan of 2,319; special cause concern, higher than expected "
    "(a point above the upper process limit); the target will not be met without change."
)


def then_the_chart_is_an_image_named_by_its_summary(page: Page, area: str, summary: str) -> None:
    chart = page.get_by_role("img", name=re.compile(r"^SPC chart of RTT 52 week waits"))
    expect(chart).to_have_count(1)
    expect(chart).to_have_accessible_name(f"SPC chart of RTT 52 week waits, {area} {summary}")


class TestAMemberOfThePublicReadsAnIndicator:
    def test_they_read_the_summary_chart_and_table_then_change_the_area(self, live_server, page: Page, blmk_data):
        """Given the BLMK data, when someone opens RTT 52 week waits, then they read the summary for the system,
        a chart named by it, the RAG in words and every month in the table; when they choose NHS Luton CCG, the
        page shows Luton CCG's figures instead."""
        page.goto(live_server.url + PAGE)
        expect(page.get_by_role("heading", level=1)).to_have_text("RTT 52 week waits")
        expect(page.get_by_role("heading", level=2, name="Bedfordshire, Luton and Milton Keynes")).to_be_visible()
        expect(page.locator("#spc-summary")).to_have_text(SUMMARY)
        then_the_chart_is_an_image_named_by_its_summary(page, "Bedfordshire, Luton and Milton Keynes", SUMMARY)
        expect(page.get_by_text("RAG: Grey (out of date)")).to_be_visible()
        table = page.get_by_role("table", name="Every period's figures for Bedfordshire, Luton and Milton Keynes")
        expect(table.locator("tbody tr")).to_have_count(12)
        expect(table).to_contain_text("Special cause variation: concern: a point above the upper process limit")
        then_the_accessibility_baseline_is_met(page)

        page.get_by_label("Show the figures for").select_option(label="NHS Luton CCG")
        page.get_by_role("button", name="Show").click()
        expect(page).to_have_url(re.compile(r"\?area=LCCG$"))
        expect(page.get_by_role("heading", level=2, name="NHS Luton CCG")).to_be_visible()
        expect(page.locator("#spc-summary")).to_contain_text("RTT 52 week waits, March 2021: 805, above target of 0")
        expect(page.get_by_role("table", name="Every period's figures for NHS Luton CCG")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

    def test_on_a_320_pixel_phone_without_javascript_the_page_fits_and_the_chart_scrolls_in_its_region(
        self, live_server, browser: Browser, page: Page, blmk_data
    ):
        """Given a phone 320 px wide with JavaScript off, when someone opens the indicator and chooses an area,
        then the page does not scroll sideways (the chart scrolls in its own labelled region), the chart is still
        named by its summary, and the markup meets the baseline."""
        context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
        phone = context.new_page()
        try:
            phone.goto(live_server.url + PAGE)
            expect(phone.locator("#spc-summary")).to_have_text(SUMMARY)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 320
            region = phone.get_by_role("region", name=re.compile(r"^SPC chart of RTT 52 week waits"))
            assert region.evaluate("element => element.scrollWidth > element.clientWidth")
            then_the_chart_is_an_image_named_by_its_summary(phone, "Bedfordshire, Luton and Milton Keynes", SUMMARY)

            phone.get_by_label("Show the figures for").select_option(label="NHS Luton CCG")
            phone.get_by_role("button", name="Show").click()
            expect(phone.get_by_role("heading", level=2, name="NHS Luton CCG")).to_be_visible()
            assert phone.evaluate("document.documentElement.scrollWidth") <= 320
            then_the_page_without_javascript_meets_the_baseline(phone, page)
        finally:
            context.close()

    def test_printed_the_chart_fits_the_page(self, live_server, page: Page, blmk_data):
        """Given the indicator's page, when it is printed, then the whole chart and the whole table fit the printed
        width: neither is left to scroll to."""
        page.set_viewport_size({"width": 700, "height": 900})
        page.goto(live_server.url + PAGE)
        page.emulate_media(media="print")
        width = page.locator("svg.app-spc-chart").evaluate("svg => svg.getBoundingClientRect().width")
        hidden = [
            region.evaluate("element => element.scrollWidth - element.clientWidth")
            for region in page.locator(".app-scroll-region").all()
        ]
        # the chart's region and the table's: the NHS table reaches 2px past its region, which hides no text
        assert 0 < width <= 700 and hidden[0] == 0 and hidden[1] <= 2
