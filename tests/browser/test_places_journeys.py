"""A member of the public browses places; a staff member edits one and sees it in public and in History."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import then_the_accessibility_baseline_is_met

pytestmark = pytest.mark.django_db(transaction=True)


class TestAMemberOfThePublicBrowsesPlaces:
    def test_from_the_home_page_to_a_place_and_an_organisation(self, live_server, page: Page, blmk_data):
        self.given_i_am_on_the_home_page(page, live_server)
        then_the_accessibility_baseline_is_met(page)

        self.when_i_follow(page, "Places")
        self.then_i_see_the_four_places_with_their_populations(page)
        then_the_accessibility_baseline_is_met(page)

        self.when_i_follow(page, "Luton")
        expect(page.get_by_role("heading", level=1)).to_have_text("Luton")
        expect(page.get_by_text("214,000 (mid-2015 estimate)")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

        self.when_i_follow(page, "Luton & Dunstable University Hospital NHS Foundation Trust")
        expect(page.get_by_text("Retired", exact=True)).to_be_visible()
        expect(page.get_by_role("link", name="Bedfordshire Hospitals NHS Foundation Trust")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

    def test_the_accessibility_statement(self, live_server, page: Page):
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="Accessibility statement").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
        then_the_accessibility_baseline_is_met(page)

    def given_i_am_on_the_home_page(self, page: Page, live_server) -> None:
        page.goto(live_server.url + "/")
        expect(page).to_have_title("Home - BLMK Health and Care Partnership")

    def when_i_follow(self, page: Page, name: str) -> None:
        page.get_by_role("main").get_by_role("link", name=name, exact=True).first.click() if name != "Places" else (
            page.get_by_role("navigation", name="Menu").get_by_role("link", name="Places").click()
        )

    def then_i_see_the_four_places_with_their_populations(self, page: Page) -> None:
        expect(page.get_by_role("heading", level=1)).to_have_text("Places")
        for population in ["166,000", "274,000", "214,000", "262,000"]:
            expect(page.get_by_text(f"{population} (mid-2015 estimate)")).to_be_visible()


class TestStaffEditAPlace:
    def test_staff_edit_a_profile_see_it_in_public_and_in_history(self, live_server, page: Page, blmk_data, staff_user):
        self.given_i_sign_in(page, live_server)
        page.goto(live_server.url + "/manage/")
        then_the_accessibility_baseline_is_met(page)

        page.get_by_role("link", name="Places and organisations").click()
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("link", name="Edit Milton Keynes", exact=True).click()
        then_the_accessibility_baseline_is_met(page)

        page.get_by_label("Profile (optional)").fill("Milton Keynes, one of the fastest growing places in the country.")
        page.get_by_role("button", name="Save").click()

        expect(page).to_have_url(re.compile(r"/places/milton-keynes/$"))
        expect(page.get_by_text("Milton Keynes saved")).to_be_visible()
        expect(page.get_by_text("one of the fastest growing places in the country.")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

        page.goto(live_server.url + "/manage/places/milton-keynes/history/")
        expect(page.get_by_role("heading", name="Changed by office@example.org")).to_be_visible()
        # The profile as printed is long, so both versions are a click away.
        page.get_by_text("Show the text before and after").click()
        expect(page.get_by_text("Milton Keynes, one of the fastest growing places in the country.")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

    def test_a_bad_form_gets_the_nhs_error_summary(self, live_server, page: Page, blmk_data, staff_user):
        self.given_i_sign_in(page, live_server)
        page.goto(live_server.url + "/manage/organisations/new/")
        then_the_accessibility_baseline_is_met(page)

        page.get_by_label("Name", exact=True).fill("A second East London trust")
        page.get_by_label("Short name").fill("ELFT")
        page.get_by_label("Acute (hospital) trust").check()
        page.get_by_role("button", name="Save").click()

        summary = page.locator(".nhsuk-error-summary")
        expect(summary).to_be_visible()
        expect(summary).to_be_focused()
        expect(summary.get_by_role("link", name=re.compile("already has the short name ELFT"))).to_be_visible()
        expect(page).to_have_title(re.compile("^Error: "))
        then_the_accessibility_baseline_is_met(page)

        summary.get_by_role("link").click()
        expect(page.get_by_label("Short name")).to_be_focused()

    def given_i_sign_in(self, page: Page, live_server) -> None:
        page.goto(live_server.url + "/accounts/login/")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_label("Email address").fill("office@example.org")
        page.get_by_label("Password").fill("a-long-test-password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("link", name="Manage")).to_be_visible()
