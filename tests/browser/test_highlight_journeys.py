"""Highlight reports: the programme office writes a period's sections, and a board member reads the report, for
that period and an earlier one, as a page and a PDF. axe on every page."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from priorities.models import Rag
from priorities.period_rules import Period, reporting_period
from tests.browser.conftest import (
    a_signed_in_context,
    then_the_accessibility_baseline_is_met,
    then_the_page_without_javascript_meets_the_baseline,
)
from tests.factories import MilestoneFactory, PlanFactory, PriorityFactory, ProgrammeFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db(transaction=True)


def periods() -> tuple[str, str]:
    """The quarter just ended, and the one before it."""
    last = Period.parse(reporting_period(timezone.localdate())).previous
    return str(last), str(last.previous)


@pytest.fixture
def maternity():
    """A published programme reported for two signed-off quarters: one milestone better, one worse."""
    last, before = periods()
    plan = PlanFactory(slug="operating-plan", title="Operating Plan")
    priority = PriorityFactory(plan=plan, code="P3", slug="p3", title="Acute services")
    programme = ProgrammeFactory(priority=priority, slug="maternity", title="Maternity")
    continuity = MilestoneFactory(programme=programme, title="Continuity of carer for 35% of women")
    birth_centre = MilestoneFactory(programme=programme, title="Open the birth centre")
    StatusUpdateFactory(milestone=continuity, rag=Rag.AMBER, commentary="Behind plan", reporting_period=before)
    StatusUpdateFactory(milestone=continuity, rag=Rag.GREEN, reporting_period=last)
    StatusUpdateFactory(milestone=birth_centre, rag=Rag.GREEN, reporting_period=before)
    StatusUpdateFactory(
        milestone=birth_centre, rag=Rag.RED, commentary="Building works delayed by six weeks", reporting_period=last
    )
    return programme


class TestABoardUsesAHighlightReport:
    def test_staff_write_the_sections_and_a_board_member_reads_them(
        self, live_server, browser: Browser, maternity, staff_user, board_member_user
    ):
        last, before = periods()
        # Given the programme office on the programme's highlight report
        staff = a_signed_in_context(browser, live_server, staff_user)
        page: Page = staff.new_page()
        page.goto(f"{live_server.url}/manage/priorities/operating-plan/p3/maternity/highlight/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Highlight report: Maternity")
        expect(page.get_by_text(f"Reporting period {last}, compared with {before}")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

        # When they write the sections for the quarter just ended
        page.get_by_role("link", name=f"Write the report's sections for {last}").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Highlight report for {last}")
        expect(page.get_by_text("what you save here is public at once")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)
        page.get_by_label("Achievements this period").fill("- Continuity of carer reached 35%")
        page.get_by_label("Planned for next period").fill("Reopen the birth centre's tender")
        page.get_by_label("Issues and risks").fill("Building works six weeks late")
        page.get_by_label("Decisions or support needed from the board").fill("Agree the revised opening date")
        page.get_by_role("button", name="Save").click()

        # Then the report shows them
        expect(page.get_by_text(f"Highlight report for {last} saved")).to_be_visible()
        expect(page.get_by_role("listitem").filter(has_text="Continuity of carer reached 35%")).to_be_visible()
        expect(page.get_by_text("Agree the revised opening date")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)
        staff.close()

        # When a board member finds the report from the public priority page, without JavaScript
        member = a_signed_in_context(browser, live_server, board_member_user, javascript=False)
        checker = browser.new_page()
        page = member.new_page()
        page.goto(f"{live_server.url}/priorities/operating-plan/p3/")
        then_the_page_without_javascript_meets_the_baseline(page, checker)
        page.get_by_role("link", name="Highlight report of Maternity").click()

        # Then they read the sections, the statuses then and now, and the direction of travel in words
        expect(page).to_have_url(f"{live_server.url}/priorities/operating-plan/p3/maternity/highlight/")
        expect(page.get_by_role("heading", name="Decisions or support needed from the board")).to_be_visible()
        expect(page.get_by_text("Agree the revised opening date")).to_be_visible()
        worse = page.get_by_role("row").filter(has_text="Open the birth centre")
        expect(worse.get_by_role("cell").nth(4)).to_have_text("Worsening")
        expect(worse.get_by_role("cell").nth(5)).to_have_text("Building works delayed by six weeks")
        better = page.get_by_role("row").filter(has_text="Continuity of carer")
        expect(better.get_by_role("cell").nth(4)).to_have_text("Improving")
        direction = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Direction of travel"))
        expect(direction.get_by_role("cell")).to_have_text("Worsening")
        then_the_page_without_javascript_meets_the_baseline(page, checker)

        # When they choose the quarter before
        page.get_by_label("Reporting period", exact=True).select_option(before)
        page.get_by_role("button", name="Show this period").click()

        # Then they read that quarter's report, which has no sections written
        expect(page.get_by_text(f"Reporting period {before}, compared with")).to_be_visible()
        expect(page.get_by_text(f"Nothing written for {before}.").first).to_be_visible()
        expect(page.get_by_text("Agree the revised opening date")).to_have_count(0)
        then_the_page_without_javascript_meets_the_baseline(page, checker)

        # And its PDF is theirs to download
        href = page.get_by_role("link", name="Download this highlight report as a PDF").get_attribute("href")
        response = page.request.get(live_server.url + href)
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        member.close()
        checker.close()
