"""Browser journeys: the system Chromium (never a downloaded one) against a live server, axe on every page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": ["--no-sandbox"]}


@pytest.fixture
def sign_in_as(live_server, context):
    """Put a signed-in session cookie into the browser, as if the person had signed in."""

    def sign_in(user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return sign_in


def a_signed_in_context(browser, live_server, user, *, javascript: bool = True):
    """A browser context of its own (say without JavaScript, or for a second person) carrying a session."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(java_script_enabled=javascript)
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context


def then_the_accessibility_baseline_is_met(page: Page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()


def then_the_page_without_javascript_meets_the_baseline(page: Page, checker: Page) -> None:
    """axe needs JavaScript (its timers never fire where scripts are off), so it checks the very markup the
    no-JavaScript page was given, served again at the same address to a page that runs scripts."""
    html, url = page.content(), page.url
    checker.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html))
    try:
        checker.goto(url)
        then_the_accessibility_baseline_is_met(checker)
    finally:
        checker.unroute(url)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
