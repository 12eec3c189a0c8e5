"""Uploading returns: a performance analyst uploads a file with mistakes, sees every bad row, corrects the file,
checks the preview, commits it and sees the public dashboard change (and change back when it is rolled back);
without JavaScript too. axe on every page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect

from dashboards.models import Import, Point
from tests.browser.conftest import (
    a_signed_in_context,
    then_the_accessibility_baseline_is_met,
    then_the_page_without_javascript_meets_the_baseline,
)
from tests.dashboards.returns import areas, csv_file, indicator

pytestmark = pytest.mark.django_db(transaction=True)

NEW = "/manage/dashboards/imports/new/"
WITH_MISTAKES = csv_file(
    "AE4HR,MKUH,2021-03,90.29,,95,",
    "AE4HR,MKUH,2021-03,90.3,,,",
    "RTT52,BLMK,2021-03,4443 waits,2319,0,",
)
CORRECTED = csv_file("AE4HR,MKUH,2021-03,90.29,,95,", "RTT52,BLMK,2021-03,4443,2319,0,")


@pytest.fixture
def setting(db):
    indicator("AE4HR")
    indicator("RTT52", unit="count", direction="lower", decimals=0)
    areas()


def when_they_upload(page: Page, tmp_path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    page.locator("input[type=file][name=file]").set_input_files(str(path))  # the NHS drop zone wraps it
    page.get_by_role("button", name="Check the file").click()


class TestAnAnalystUploadsReturns:
    def test_a_file_with_mistakes_is_shown_back_row_by_row_then_corrected_previewed_and_committed(
        self, live_server, page: Page, setting, staff_user, sign_in_as, tmp_path
    ):
        """Given staff on the upload page, when they upload a file with a repeated row and a value that is not a
        number, then both rows are listed with their reasons and nothing is kept; when they upload it corrected,
        the preview lists the new values, and committing writes them."""
        sign_in_as(staff_user)
        page.goto(live_server.url + NEW)
        expect(page.get_by_role("heading", level=1)).to_have_text("Upload returns")
        then_the_accessibility_baseline_is_met(page)

        when_they_upload(page, tmp_path, "march.csv", WITH_MISTAKES)
        expect(page.get_by_role("heading", name="2 problems in the file: nothing has been saved")).to_be_visible()
        summary = page.locator(".nhsuk-error-summary")
        expect(summary).to_contain_text("Row 3: It repeats row 2 (the same indicator, area and period)")
        expect(summary).to_contain_text("Row 4: The value ‘4443 waits’ is not a number")
        expect(page.locator("#row-2")).to_have_count(0)
        assert not Import.objects.exists() and not Point.objects.exists()
        then_the_accessibility_baseline_is_met(page)

        when_they_upload(page, tmp_path, "march.csv", CORRECTED)
        expect(page.get_by_role("heading", level=1)).to_have_text("march.csv")
        expect(page.get_by_text("Waiting to be committed")).to_be_visible()
        expect(page.get_by_text("5 new values")).to_be_visible()
        expect(page.get_by_role("table", name="New values")).to_contain_text("90.29%")
        assert not Point.objects.exists()
        then_the_accessibility_baseline_is_met(page)

        page.get_by_role("button", name="Commit these figures").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
            "Import committed: 5 new values and 0 changed values"
        )
        expect(page.get_by_role("link", name="Roll back this import")).to_be_visible()
        assert Point.objects.get(indicator__code="RTT52", kind="actual").value == Decimal("4443")
        then_the_accessibility_baseline_is_met(page)

        # The commit replaced the preview in the history (same address): Back leads to the upload page, and
        # Forward to what the import did, with nothing to commit again.
        page.go_back()
        expect(page.get_by_role("heading", level=1)).to_have_text("Upload returns")
        page.go_forward()
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_have_text("march.csv")
        expect(page.get_by_role("button", name="Commit these figures")).to_have_count(0)
        assert Point.objects.count() == 5

        # The public dashboard now reads the committed figures: RTT52's row has its March value and plan.
        import_page = page.url
        page.goto(live_server.url + "/dashboards/")
        rtt52 = page.get_by_role("row").filter(has_text="Indicator RTT52")
        expect(rtt52).to_contain_text("4,443")
        expect(rtt52).to_contain_text("March 2021")
        expect(rtt52).to_contain_text("2,319 (plan)")
        then_the_accessibility_baseline_is_met(page)
        page.goto(import_page)

        page.get_by_role("link", name="Roll back this import").click()
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Roll back this import").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("rolled back")
        assert not Point.objects.exists()
        page.goto(live_server.url + "/dashboards/")
        expect(page.get_by_role("row").filter(has_text="Indicator RTT52")).not_to_contain_text("4,443")

    def test_without_javascript_on_a_phone_the_same_upload_works_and_meets_the_baseline(
        self, live_server, browser: Browser, page: Page, setting, staff_user, tmp_path
    ):
        context = a_signed_in_context(browser, live_server, staff_user, javascript=False)
        no_js = context.new_page()
        no_js.set_viewport_size({"width": 320, "height": 800})
        no_js.goto(live_server.url + NEW)
        when_they_upload(no_js, tmp_path, "march.csv", WITH_MISTAKES)
        expect(no_js.get_by_role("heading", name="2 problems in the file: nothing has been saved")).to_be_visible()
        then_the_page_without_javascript_meets_the_baseline(no_js, page)
        when_they_upload(no_js, tmp_path, "march.csv", CORRECTED)
        then_the_page_without_javascript_meets_the_baseline(no_js, page)
        no_js.get_by_role("button", name="Commit these figures").click()
        expect(no_js.locator(".nhsuk-notification-banner")).to_contain_text("Import committed")
        assert Point.objects.count() == 5
        context.close()


class TestSomeoneWaitingOnALargeFile:
    def test_they_are_told_the_file_is_being_checked_and_then_the_figures_committed_while_they_wait(
        self, live_server, page: Page, setting, staff_user, sign_in_as, tmp_path
    ):
        """Given staff uploading a file, when the portal takes its time to answer, then the page says the file
        was sent and is being checked; on the preview, while the commit is under way, that it is committing."""
        sign_in_as(staff_user)
        page.goto(live_server.url + NEW)
        held = []
        page.route(
            "**/imports/**", lambda route: held.append(route) if route.request.method == "POST" else route.continue_()
        )

        when_they_upload(page, tmp_path, "march.csv", CORRECTED)
        expect(page.get_by_role("status")).to_have_text(
            "File sent. Checking every row: a file of thousands of rows takes a few seconds."
        )
        held.pop().continue_()
        expect(page.get_by_role("heading", level=1)).to_have_text("march.csv")
        then_the_accessibility_baseline_is_met(page)

        page.get_by_role("button", name="Commit these figures").click()
        expect(page.get_by_role("status")).to_have_text("Committing 5 figures in one go: thousands take a few seconds.")
        assert not Point.objects.exists()
        held.pop().continue_()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Import committed: 5 new values")
        assert page.url.endswith(Import.objects.get().get_absolute_url())


class TestAnAnalystKeepsAnIndicator:
    def test_the_overview_shows_its_figures_and_a_change_point_is_added_there(
        self, live_server, page: Page, setting, staff_user, sign_in_as
    ):
        """Given RTT52 with a committed month, when staff open its overview and add a change point for April
        2020, then the overview lists the series and the change point; axe passes on every page."""
        sign_in_as(staff_user)
        page.goto(live_server.url + "/manage/dashboards/")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("link", name="Indicator RTT52", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Indicator RTT52")
        expect(page.get_by_text("No figures yet.")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

        page.get_by_role("button", name="Add a change point").click()
        page.get_by_label("First month of the new process").select_option(label="April")
        page.get_by_label("Year").fill("2020")
        page.get_by_label("Reason").fill("Covid-19: elective work paused")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Change from April 2020 added")
        expect(page.get_by_text("April 2020, every area: Covid-19: elective work paused")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)
