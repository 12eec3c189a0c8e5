"""A member of the public searches the portal from the header's search box, follows a suggestion for a misspelt
word, and narrows the results with the filters, with JavaScript and without."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    then_the_accessibility_baseline_is_met,
    then_the_page_without_javascript_meets_the_baseline,
)

pytestmark = pytest.mark.django_db(transaction=True)


class TestAMemberOfThePublicSearches:
    def test_from_the_header_to_a_result_through_a_suggestion(self, live_server, page: Page, blmk_data):
        self.given_i_am_on_the_home_page(page, live_server)

        self.when_i_search_from_the_header(page, "diagnstics")
        expect(page.get_by_text("No results for diagnstics")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

        page.get_by_role("link", name="diagnostics", exact=True).click()
        expect(page.get_by_text("results for diagnostics")).to_be_visible()
        results = page.locator(".app-search__results")
        expect(results.get_by_role("link", name="Diagnostic tests: waiting 6 weeks or more")).to_be_visible()
        expect(results.get_by_role("link", name="9 Diagnostics Strategy – building a case for change")).to_be_visible()
        # The 5 May 2021 minutes are a draft: the public are not shown the minute, but find its words in the paper
        # that printed the draft for the 9 June 2021 meeting to approve.
        expect(results.get_by_text("Minute 9 Diagnostics Strategy")).to_have_count(0)
        expect(results.get_by_role("link", name="Paper 3a: BLMK ICS Partnership Board Minutes")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

        results.get_by_role("link", name="Diagnostic tests: waiting 6 weeks or more").click()
        expect(page).to_have_url(f"{live_server.url}/dashboards/indicators/DM01/")

    def test_the_filters_narrow_the_results_without_javascript(self, live_server, browser, page: Page, blmk_data):
        context = browser.new_context(java_script_enabled=False)
        try:
            plain = context.new_page()
            plain.goto(f"{live_server.url}/search/?q=diagnostics")
            expect(plain.get_by_text("6 results for diagnostics")).to_be_visible()

            plain.get_by_label("Indicators (1)").check()
            plain.get_by_role("button", name="Show results").click()

            expect(plain.get_by_text("1 result for diagnostics")).to_be_visible()
            results = plain.locator(".app-search__results")
            expect(results.get_by_role("link")).to_have_count(1)
            expect(results.get_by_role("link", name="Diagnostic tests: waiting 6 weeks or more")).to_be_visible()
            then_the_page_without_javascript_meets_the_baseline(plain, page)
        finally:
            context.close()

    def given_i_am_on_the_home_page(self, page: Page, live_server) -> None:
        page.goto(live_server.url + "/")

    def when_i_search_from_the_header(self, page: Page, words: str) -> None:
        header = page.get_by_role("banner").get_by_role("search")
        header.get_by_role("searchbox").fill(words)
        header.get_by_role("button", name="Search").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Search")
