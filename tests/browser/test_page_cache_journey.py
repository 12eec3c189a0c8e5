"""Two members of the public read a priority, the second from the page cache, and the kept page still runs
the NHS template's inline script (allowed by its hash, as a kept page can carry no nonce) with no Content
Security Policy violation; a staff member then opens the same page and gets their own, never the kept one."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import then_the_accessibility_baseline_is_met
from tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True


def test_a_kept_page_runs_its_script_under_the_policy_and_staff_get_their_own(
    live_server, browser: Browser, page: Page, sign_in_as, staff_user
):
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else None)
    priority = PriorityFactory(title="Cutting waiting lists")
    url = live_server.url + priority.get_absolute_url()

    # Given a member of the public has read the priority (their own browser would revalidate it with a 304)
    first_reader = browser.new_context()
    assert first_reader.new_page().goto(url).header_value("X-Page-Cache") == "miss"
    first_reader.close()
    # When another member of the public reads it
    again = page.goto(url)
    # Then it came from the page cache, and ran the NHS template's script with nothing refused
    assert again.header_value("X-Page-Cache") == "hit"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cutting waiting lists")
    expect(page.locator("body")).to_have_class(re.compile(r"\bjs-enabled\b"))
    assert not violations, violations
    assert page.locator("body").get_attribute("data-hx-headers") is None
    then_the_accessibility_baseline_is_met(page)

    # When a staff member opens the same page
    sign_in_as(staff_user)
    for_staff = page.goto(url)
    # Then they get their own page, never the kept one, with the token htmx sends
    assert for_staff.header_value("X-Page-Cache") is None
    assert "no-store" in for_staff.header_value("Cache-Control")
    expect(page.get_by_role("link", name="office@example.org")).to_be_visible()
    assert "X-CSRFToken" in page.locator("body").get_attribute("data-hx-headers")
    assert not violations, violations
