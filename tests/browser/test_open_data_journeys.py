"""Downloading open data: a member of the public follows the footer's Open data link, reads what each dataset
holds and its data dictionary, and downloads a dataset as CSV and as JSON, with no draft or Part II business in
either; without JavaScript too. axe and the HTML checker on the page."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    then_the_accessibility_baseline_is_met,
    then_the_page_without_javascript_meets_the_baseline,
)
from tests.factories import BoardFactory
from tests.portal.open_data_content import SECRET, hidden_content, public_content

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def content(db):
    board = BoardFactory(slug="partnership-board", name="BLMK ICS Partnership Board")
    public_content(1, board=board)
    hidden_content(board)


class TestAMemberOfThePublicDownloadsOpenData:
    def test_from_the_footer_they_read_a_dictionary_and_download_a_dataset_in_both_formats(
        self, live_server, page: Page, content
    ):
        """Given published content beside drafts and Part II business, when someone follows the footer's Open data
        link, then every dataset is listed with its licence, last change and downloads; opening a data dictionary
        shows its fields; the decisions download as CSV and JSON with the same decision and no secret."""
        page.goto(live_server.url + "/")
        page.get_by_role("contentinfo").get_by_role("link", name="Open data").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
        expect(page.get_by_role("link", name="Open Government Licence v3.0").first).to_be_visible()
        expect(page.get_by_role("heading", level=2, name="Decisions")).to_be_visible()
        expect(page.get_by_text(SECRET)).to_have_count(0)
        then_the_accessibility_baseline_is_met(page)

        decisions = page.locator("section", has=page.get_by_role("heading", level=2, name="Decisions"))
        decisions.get_by_text("Data dictionary: Decisions").click()
        expect(decisions.get_by_role("cell", name="confirmed_at_meeting_of")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

        with page.expect_download() as download:
            decisions.get_by_role("link", name="Decisions as CSV").click()
        assert download.value.suggested_filename == "decisions.csv"
        table = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
        assert table[0][:3] == ["board", "meeting_date", "item_number"]
        assert [row[6] for row in table[1:]] == ["That the plan be agreed."]

        with page.expect_download() as download:
            decisions.get_by_role("link", name="Decisions as JSON").click()
        body = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert [row["decision"] for row in body["rows"]] == ["That the plan be agreed."]
        assert SECRET not in json.dumps(body)

    def test_the_index_without_javascript(self, live_server, browser: Browser, page: Page, content):
        """Given no JavaScript, when someone opens /data/, then each dictionary still opens (it is a details
        element) and the page meets the accessibility baseline."""
        context = browser.new_context(java_script_enabled=False)
        no_script = context.new_page()
        no_script.goto(live_server.url + "/data/")
        places = no_script.locator("section", has=no_script.get_by_role("heading", level=2, name="Places"))
        places.get_by_text("Data dictionary: Places").click()
        expect(places.get_by_role("cell", name="population_year")).to_be_visible()
        then_the_page_without_javascript_meets_the_baseline(no_script, page)
        context.close()
