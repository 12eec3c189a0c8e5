"""A quarter run end to end: an owner is chased by the reminder email, follows its link, signs in and reports;
the SRO's sign-off is recorded and the public page shows the quarter. And a plan's tracker in Excel: downloaded,
filled in, uploaded with a mistake (listed, nothing saved), corrected, previewed, committed and undone.
axe on every page."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from priorities.models import Rag, StatusUpdate
from priorities.period_rules import reporting_period
from priorities.tracker_models import TrackerImport
from tests.browser.conftest import then_the_accessibility_baseline_is_met
from tests.factories import (
    PASSWORD,
    MilestoneFactory,
    PlanFactory,
    PriorityFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def this_period() -> str:
    return reporting_period(timezone.localdate())


def when_the_daily_reminders_run(day: dt.date | None = None) -> None:
    call_command("send_reminders", *(["--date", day.isoformat()] if day else []), stdout=io.StringIO())


class TestAnOwnersQuarterFromTheReminderEmailToThePublicPage:
    def test_chased_by_email_the_owner_reports_the_sro_signs_off_and_the_public_see_it(
        self, live_server, browser: Browser, page: Page, staff_user, settings
    ):
        settings.PORTAL_URL = live_server.url
        priority = PriorityFactory(title="Healthy hearts", senior_responsible_officer="Jo Bloggs")
        programme = ProgrammeFactory(priority=priority, title="Blood pressure checks")
        checks = MilestoneFactory(
            programme=programme,
            title="Check 1,000 people in pharmacies",
            owner="Priya Shah",
            due_date=dt.date(2099, 3, 31),
        )
        MilestoneFactory(
            programme=programme, title="Train pharmacists", owner="Priya Shah", due_date=dt.date(2020, 3, 31)
        )
        MilestoneFactory(programme=programme, title="Buy the cuffs", owner="BLMK CCG")
        UserFactory(email="priya@example.org", first_name="Priya", last_name="Shah", programme_office=True)
        period = this_period()

        # Given the daily reminders run
        when_the_daily_reminders_run()

        # Then the owner is emailed her milestones awaiting this quarter's status, the overdue one flagged first
        [email] = mail.outbox
        assert email.to == ["priya@example.org"]
        assert f"Milestones you own awaiting a status for {period}" in email.body
        assert "Train pharmacists (P" in email.body and "Overdue: due 31 March 2020" in email.body
        assert email.body.index("Train pharmacists") < email.body.index("Check 1,000 people in pharmacies")
        assert "Buy the cuffs" not in email.body
        link = re.search(r"http://\S+/manage/priorities/reporting-round/\S+", email.body)[0]

        # When she follows the link, she is asked to sign in, and comes back to the round filtered to her milestones
        page.goto(link)
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_label("Email address").fill("priya@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Reporting round {period}")
        expect(page.get_by_label("Milestone owner")).to_have_value("Priya Shah")
        expect(page.get_by_text("Showing 1 to 2 of 2 milestones")).to_be_visible()
        expect(page.get_by_text("Buy the cuffs")).to_have_count(0)
        card = page.locator(f"#milestone-{checks.pk}")
        then_the_accessibility_baseline_is_met(page)

        # And reports Amber with commentary in place
        if not card.locator("form").is_visible():
            card.get_by_text("Report a status").click()
        card.get_by_label("Amber", exact=True).check()
        card.get_by_label("Commentary").fill("Two pharmacies joined late; the rest are checking.")
        card.get_by_role("button", name="Save status").click()
        expect(card.get_by_role("status")).to_have_text(f"Status saved: Amber for {period}")
        sign_off = page.locator("#sign-off")
        expect(sign_off).to_contain_text(f"Blood pressure checks: {period}")
        expect(sign_off).to_contain_text("1 of 3 milestones have a status")
        then_the_accessibility_baseline_is_met(page)

        # Then the public do not see it yet
        reader = browser.new_context().new_page()
        reader.goto(live_server.url + priority.get_absolute_url())
        expect(reader.get_by_text("Two pharmacies joined late")).to_have_count(0)
        then_the_accessibility_baseline_is_met(reader)

        # When the programme office records the SRO's sign-off in the round
        office = browser.new_context().new_page()
        office.goto(live_server.url + "/accounts/login/?next=/manage/priorities/reporting-round/")
        office.get_by_label("Email address").fill(staff_user.email)
        office.get_by_label("Password").fill(PASSWORD)
        office.get_by_role("button", name="Sign in").click()
        office_sign_off = office.locator("#sign-off")
        expect(office_sign_off).to_contain_text(f"Blood pressure checks: {period}")
        then_the_accessibility_baseline_is_met(office)
        office_sign_off.get_by_label("The SRO, Jo Bloggs").check()
        office_sign_off.get_by_role("button", name=re.compile("^Sign off Blood pressure checks")).click()
        expect(office.locator(".nhsuk-notification-banner")).to_contain_text(
            f"Blood pressure checks: {period} signed off by the senior responsible officer, Jo Bloggs"
        )
        then_the_accessibility_baseline_is_met(office)

        # Then the public page shows the quarter
        reader.reload()
        expect(reader.get_by_text("Two pharmacies joined late; the rest are checking.")).to_be_visible()
        region = reader.get_by_role("region", name="Blood pressure checks")
        expect(region.get_by_text("Overall status: Amber")).to_be_visible()
        then_the_accessibility_baseline_is_met(reader)

        # And the next day's reminder chases only what is still waiting
        when_the_daily_reminders_run(timezone.localdate() + dt.timedelta(days=1))
        latest = mail.outbox[-1]
        assert len(mail.outbox) == 2 and "Train pharmacists" in latest.body
        assert "Check 1,000 people in pharmacies" not in latest.body
        for context in (reader.context, office.context):
            context.close()


class TestAPlansTrackerInExcel:
    def test_downloaded_filled_in_uploaded_previewed_committed_and_undone(
        self, live_server, page: Page, staff_user, sign_in_as, tmp_path
    ):
        plan = PlanFactory(slug="operating-plan", title="Operating Plan 2026/27")
        priority = PriorityFactory(plan=plan, code="P1", slug="p1", title="Healthy hearts")
        programme = ProgrammeFactory(priority=priority, title="Blood pressure checks")
        checks = MilestoneFactory(programme=programme, title="Check 1,000 people in pharmacies", owner="BLMK CCG")
        MilestoneFactory(programme=programme, title="Train pharmacists", owner="BLMK CCG")
        period = this_period()

        # Given staff open the plan's tracker page from the plan
        sign_in_as(staff_user)
        page.goto(live_server.url + plan.get_manage_url())
        page.get_by_role("link", name="Tracker in Excel: download it, or upload it filled in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Tracker in Excel")
        then_the_accessibility_baseline_is_met(page)

        # When they download it and fill in this quarter, forgetting Red's commentary
        with page.expect_download() as download:
            page.get_by_role("button", name="Download the tracker (Excel)").click()
        saved = tmp_path / "tracker.xlsx"
        download.value.save_as(saved)
        book = load_workbook(saved)
        sheet = book.worksheets[0]
        header = [cell.value for cell in sheet[1]]
        assert header[:6] == ["Milestone ID", "Priority", "Programme", "Milestone", "Owner", "Due date"]
        status, commentary = header.index(f"{period} status"), header.index(f"{period} commentary")
        sheet.cell(row=2, column=status + 1, value="Red")
        sheet.cell(row=3, column=status + 1, value="Green")
        book.save(saved)
        page.locator("input[type=file][name=file]").set_input_files(saved)  # the NHS drop zone wraps it
        page.get_by_role("button", name="Check the file").click()

        # Then every problem is listed, row and column, and nothing is saved
        expect(page.get_by_role("heading", name="1 problem in the file: nothing has been saved")).to_be_visible()
        problem = (
            f"Row 2, {period} commentary: A Red status needs commentary saying what is wrong and what is being done"
        )
        expect(page.locator(".nhsuk-error-summary").get_by_role("link", name=problem)).to_be_visible()
        assert not StatusUpdate.objects.exists() and not TrackerImport.objects.exists()
        then_the_accessibility_baseline_is_met(page)

        # When they add the commentary and upload it again
        sheet.cell(row=2, column=commentary + 1, value="The pharmacy contract is not yet signed.")
        book.save(saved)
        page.locator("input[type=file][name=file]").set_input_files(saved)  # the NHS drop zone wraps it
        page.get_by_role("button", name="Check the file").click()

        # Then they see what it would do before anything is saved
        expect(page.get_by_role("heading", name="What committing it will do")).to_be_visible()
        expect(page.get_by_text("2 new statuses")).to_be_visible()
        new = page.get_by_role("table", name="New statuses")
        expect(new).to_contain_text("Check 1,000 people in pharmacies")
        expect(new).to_contain_text("The pharmacy contract is not yet signed.")
        assert not StatusUpdate.objects.exists()
        then_the_accessibility_baseline_is_met(page)

        # When they commit it
        page.get_by_role("button", name="Commit these statuses").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
            "Tracker committed: 2 new statuses and 0 changed statuses"
        )
        expect(page.get_by_role("table", name="Statuses it set")).to_contain_text("Train pharmacists")
        red = StatusUpdate.objects.get(milestone=checks)
        assert (red.rag, red.reporting_period) == (Rag.RED, period)
        then_the_accessibility_baseline_is_met(page)

        # And then undo it, as one
        page.get_by_role("link", name="Undo this upload").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Undo this upload?")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Undo this upload").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("its statuses are as they were before it")
        assert not StatusUpdate.objects.exists()
        then_the_accessibility_baseline_is_met(page)
