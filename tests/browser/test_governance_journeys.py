"""Boards: the public follows the structure to a board and reads its terms of reference and members; staff add
a seat and see it in public and in its History. axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from governance.models import Membership, Person
from tests.browser.conftest import then_the_accessibility_baseline_is_met

pytestmark = pytest.mark.django_db(transaction=True)


class TestAMemberOfThePublicReadsABoard:
    def test_from_the_structure_to_the_terms_of_reference_and_members(self, live_server, page: Page, blmk_data):
        page.goto(live_server.url + "/")
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Boards").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Boards")
        expect(page.get_by_role("heading", name="The 2021 structure")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

        page.get_by_role("link", name="BLMK ICS Partnership Board", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("BLMK ICS Partnership Board")
        expect(page.get_by_text("Version 0.5, approved June 2021.")).to_be_visible()
        page.get_by_text("Transparency", exact=True).click()
        expect(
            page.get_by_text("Papers for meetings will be published online 7 days before the meeting")
        ).to_be_visible()
        expect(page.get_by_text("The terms of reference set no quorum.")).to_be_visible()
        members = page.get_by_role("table", name="Seats for BLMK ICS")
        expect(members.get_by_role("row", name=re.compile("Chair Dr Rima Makarem"))).to_contain_text(
            "Decision making (D)"
        )
        then_the_accessibility_baseline_is_met(page)

        page.get_by_role("link", name="BLMK ICS CEO Group").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("BLMK ICS CEO Group")
        expect(page.get_by_role("link", name="BLMK ICS Partnership Board")).to_be_visible()  # the body it reports to
        then_the_accessibility_baseline_is_met(page)


class TestStaffAddASeat:
    def test_a_new_seat_shows_in_public_and_in_its_history(
        self, live_server, page: Page, blmk_data, staff_user, sign_in_as
    ):
        sign_in_as(staff_user)
        page.goto(live_server.url + "/manage/boards/partnership-board/")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Add a seat").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Add a seat")
        page.get_by_label("Role").fill("Director of Public Health")
        page.get_by_role("group", name="Is it a decision-making seat?").get_by_label("No").check()
        page.get_by_label("Organisation as printed (optional)").fill("Luton Borough Council")
        page.get_by_label("Held by (optional)").select_option(label="Robin Porter")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Director of Public Health")

        seat = Membership.objects.get(role="Director of Public Health")
        assert (seat.person, seat.decision_making) == (Person.objects.get(name="Robin Porter"), False)
        page.goto(live_server.url + "/boards/partnership-board/")
        expect(page.get_by_role("row", name=re.compile("Director of Public Health Robin Porter"))).to_contain_text(
            "Attendee (A)"
        )
        page.goto(live_server.url + seat.get_manage_url("history"))
        expect(page.get_by_role("heading", name=re.compile("^Created by"))).to_be_visible()
        then_the_accessibility_baseline_is_met(page)
