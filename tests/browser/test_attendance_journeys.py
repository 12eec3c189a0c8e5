"""Attendance: a governance officer records who came to the 9 June 2021 Partnership Board, with and without
JavaScript, and the public read it on the meeting page, on a phone too. axe on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from governance.models import Attendance, Meeting
from tests.browser.conftest import (
    a_signed_in_context,
    then_the_accessibility_baseline_is_met,
    then_the_page_without_javascript_meets_the_baseline,
)

pytestmark = pytest.mark.django_db(transaction=True)

STAFF_MEETING = "/manage/meetings/partnership-board/2021-06-09/"
PUBLIC_MEETING = "/boards/partnership-board/2021-06-09/"


def when_staff_add(
    page: Page,
    name: str,
    *,
    kind: str = "Present: a member, or a deputy for one",
    times: dict[str, str] | None = None,
    items: dict[str, str] | None = None,
) -> None:
    """Add a person from the staff meeting page; `times` fills time fields and `items` chooses agenda items,
    each by its label."""
    page.get_by_role("button", name="Add someone who attended or sent apologies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person at the meeting")
    person = page.get_by_label("Person")
    person.select_option(person.locator("option", has_text=name).first.get_attribute("value"))
    page.get_by_role("group", name="Were they").get_by_label(kind).check()
    for label, time in (times or {}).items():
        page.get_by_label(label).fill(time)
    for label, item in (items or {}).items():
        page.get_by_label(label).select_option(label=item)
    page.get_by_role("button", name="Save").click()


class TestAGovernanceOfficerRecordsAttendance:
    def test_who_came_who_sent_apologies_and_who_left_early_reach_the_public_page(
        self, live_server, browser: Browser, page: Page, blmk_data, staff_user, sign_in_as
    ):
        """Given the published 9 June 2021 meeting with no attendance, when staff record the chair present, a
        member's apologies and an officer who left at 17.04 before item 10, then the meeting page says so."""
        sign_in_as(staff_user)
        page.goto(live_server.url + STAFF_MEETING)
        expect(page.get_by_text("No attendance recorded yet")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

        when_staff_add(page, "Dr Rima Makarem")
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Dr Rima Makarem")
        then_the_accessibility_baseline_is_met(page)
        when_staff_add(page, "Felicity Cox", kind="Sent apologies")
        when_staff_add(
            page,
            "Nicola Kay",
            kind="In attendance: not a member",
            times={"Left at (optional)": "17:04"},
            items={"First item they missed (optional)": "10 BLMK ICS Estates Strategy Refresh 2021"},
        )
        present = page.get_by_role("table", name="Members present")
        expect(present.get_by_role("row", name=re.compile("^Dr Rima Makarem"))).to_contain_text("Chair")
        expect(page.get_by_role("table", name="Apologies").get_by_role("row", name=re.compile("^Felicity Cox")))
        expect(page.locator("#quorum")).to_contain_text("No quorum rule in the terms of reference")

        page.goto(live_server.url + PUBLIC_MEETING)
        expect(page.get_by_role("table", name="Members present")).to_contain_text("Dr Rima Makarem")
        expect(page.get_by_role("table", name="Apologies")).to_contain_text("Felicity Cox")
        expect(
            page.get_by_text("Nicola Kay: Left at 5:04pm, before item 10. Present for Welcome to item 9.")
        ).to_be_visible()
        expect(page.get_by_role("table", name="Members present")).not_to_contain_text("Felicity Cox")
        then_the_accessibility_baseline_is_met(page)

        page.set_viewport_size({"width": 320, "height": 800})
        page.reload()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320  # nothing runs off a phone screen
        then_the_accessibility_baseline_is_met(page)

    def test_without_javascript_an_arrival_is_recorded_once_however_often_it_is_sent(
        self, live_server, browser: Browser, page: Page, blmk_data, staff_user
    ):
        """Given JavaScript is off, when staff record a late arrival and send the form again with Back, then the
        person is recorded once, arriving at item 5a."""
        context = a_signed_in_context(browser, live_server, staff_user, javascript=False)
        try:
            plain = context.new_page()
            plain.goto(live_server.url + STAFF_MEETING)
            when_staff_add(
                plain,
                "Simon Linnett",
                times={"Arrived at (optional)": "14:25"},
                items={"First item they were there for (optional)": "5a Chair’s update"},
            )
            expect(plain.locator(".nhsuk-notification-banner")).to_contain_text("Simon Linnett")
            plain.go_back()
            plain.get_by_role("button", name="Save").click()
            then_the_page_without_javascript_meets_the_baseline(plain, page)
        finally:
            context.close()

        meeting = Meeting.objects.get(board__slug="partnership-board", date="2021-06-09")
        entry = Attendance.objects.get(meeting=meeting)
        assert (entry.person.name, entry.arrived.isoformat(), entry.joined_for.number) == (
            "Simon Linnett",
            "14:25:00",
            "5a",
        )
