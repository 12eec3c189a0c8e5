"""Browser journeys: the system Chromium (never a downloaded one) against a live server, axe and the W3C Nu Html
Checker on every page."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The W3C Nu Html Checker from npm (package.json), run by the system's Java (the set-up installs one).
VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


class HtmlChecker:
    """One checker for the whole session, as a local web service: a JVM start per page would cost seconds."""

    def __init__(self) -> None:
        with socket.socket() as free:
            free.bind(("127.0.0.1", 0))
            self.port = free.getsockname()[1]
        self.process = subprocess.Popen(
            ["java", "-Xss1m", "-Xmx512m", "-Dnu.validator.servlet.bind-address=127.0.0.1"]
            + ["-cp", str(VNU_JAR), "nu.validator.servlet.Main", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.ready = False

    def errors(self, html: str) -> list[str]:
        self._wait_until_ready()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/?out=json",
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            messages = json.load(response)["messages"]
        return [
            f"line {message.get('lastLine', '?')}: {message['message']} {message.get('extract', '').strip()!r}"
            for message in messages
            if message["type"] in ("error", "non-document-error")
        ]

    def _wait_until_ready(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while not self.ready:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5):
                    self.ready = True
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"The Nu Html Checker ({VNU_JAR}) did not start: is Java installed?") from None
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


_html_checker: HtmlChecker | None = None


@pytest.fixture(scope="session", autouse=True)
def html_checker():
    """Started when the browser tests start, so the JVM warms up while the test database is made."""
    global _html_checker  # noqa: PLW0603 (the check functions below are plain functions the tests call)
    _html_checker = HtmlChecker()
    yield _html_checker
    _html_checker.stop()
    _html_checker = None


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
    then_the_html_is_valid(page)
    then_no_word_in_a_table_breaks_mid_word(page)


# Words of up to this many characters are never split across lines (addresses and codes may be). A line may end
# after a hyphen, a dash or a slash (05-May-21, Evans-Riches): the parts between them are the words.
SHORT_WORD = 14
TABLET_WIDTH = 641  # where NHS tables stop stacking their rows (40.0625em)
WORDS_SPLIT_ACROSS_LINES = """
(longest) => {
  const split = [];
  for (const cell of document.querySelectorAll("td, th, .nhsuk-summary-list__key, .nhsuk-summary-list__value")) {
    const texts = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      for (const word of node.textContent.matchAll(/[^\\s\\-\u2010-\u2014\\/]+/g)) {
        if (word[0].length > longest) continue;
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const boxes = [...range.getClientRects()].filter((box) => box.width > 0);
        const lines = new Set(boxes.map((box) => Math.round(box.top)));
        if (lines.size > 1) split.push(word[0]);
      }
    }
  }
  return split;
}
"""


def then_no_word_in_a_table_breaks_mid_word(page: Page) -> None:
    """From tablet width, a column squeezed by a long neighbour keeps its words whole ("Recorded", never "Recorde"
    and "d"); on a phone a table's rows stack, and a cell may break anywhere rather than scroll sideways."""
    if page.viewport_size is None or page.viewport_size["width"] < TABLET_WIDTH:
        return
    split = page.evaluate(WORDS_SPLIT_ACROSS_LINES, SHORT_WORD)
    assert not split, f"{page.url} splits these words across lines: {sorted(set(split))}"


def then_the_html_is_valid(page: Page) -> None:
    """The page as the browser holds it has no error by the W3C Nu Html Checker (warnings are allowed)."""
    assert _html_checker is not None, "the html_checker fixture starts the checker for every browser test"
    errors = _html_checker.errors(page.content())
    assert not errors, f"{page.url} is not valid HTML:\n" + "\n".join(errors)


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
