"""The integrated performance report: staff add it to a meeting as a paper, publish the meeting, a return is revised
afterwards, the indicator's live page says "revised since the report", and the pack keeps what the board saw.
axe on every page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from blmk_portal.publication import Status
from dashboards.models import Kind, Point
from tests.browser.conftest import then_the_accessibility_baseline_is_met
from tests.dashboards.test_performance_report import FALLING_AWAY, STEADY_LOW, figures, months
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)

MEETING = "/manage/meetings/partnership/2021-06-09/"


@pytest.fixture
def setting(db):
    from dashboards.models import Area

    system = Area.objects.create(kind=Area.Kind.SYSTEM)
    figures("CANCER62", FALLING_AWAY, area=system, name="Cancer 62 days", plan=90)
    figures("DIAG6", STEADY_LOW, area=system, name="Diagnostics within 6 weeks")
    board = BoardFactory(slug="partnership", name="Partnership Board")
    meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9), status=Status.DRAFT)
    AgendaItemFactory(meeting=meeting, title="Apologies for absence")
    AgendaItemFactory(meeting=meeting, title="Recovery - actual against plan")
    return meeting


class TestTheReportKeptAsPublished:
    def test_staff_attach_the_report_publish_and_a_later_revision_leaves_the_pack_alone(
        self, live_server, page: Page, setting, staff_user, sign_in_as
    ):
        """Given staff on a draft meeting's page, when they add the performance report at the recovery item, then
        it is a paper of the meeting with concern first; when they publish the meeting and a return is revised,
        then the indicator's page says it was revised since the report of 9 June 2021 with both values, and the
        pack still shows the figure the board saw."""
        sign_in_as(staff_user)
        page.goto(live_server.url + MEETING)
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Add the performance report").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Add the performance report")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_label("Recovery - actual against plan").check()
        page.get_by_label("Paper reference (optional)").fill("Paper 7")
        page.get_by_role("button", name="Add the performance report").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("The performance report was added")
        then_the_accessibility_baseline_is_met(page)

        page.goto(live_server.url + "/boards/partnership/2021-06-09/pack/")
        report = page.locator("section", has=page.get_by_role("heading", name="Paper 7: Integrated performance report"))
        expect(report.get_by_role("heading", name="Special cause concern (1)")).to_be_visible()
        expect(report).to_contain_text("Red: 85.00% against a plan of 90.00%, 5.00 points short")
        expect(report).to_contain_text("they are kept as they are once the meeting is published")
        then_the_accessibility_baseline_is_met(page)

        page.goto(live_server.url + MEETING + "publish/")
        page.get_by_role("button", name="Publish").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("published")

        latest = months(1)[0]
        Point.objects.filter(indicator__code="CANCER62", kind=Kind.ACTUAL, period=latest).update(value=Decimal("91.2"))

        page.goto(live_server.url + "/dashboards/indicators/CANCER62/")
        revised = page.locator(".app-revision")
        expect(revised).to_contain_text(
            f"Revised since the report of 9 June 2021: {latest:%B %Y} was 85.00% in the report, now 91.20%."
        )
        then_the_accessibility_baseline_is_met(page)
        revised.get_by_role("link", name="The report as the board saw it").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Integrated performance report")
        expect(page.get_by_text("Kept as published: the figures as the board saw them")).to_be_visible()
        expect(page.locator("main")).to_contain_text("Red: 85.00% against a plan of 90.00%")
        expect(page.locator("main")).not_to_contain_text("91.20%")
        then_the_accessibility_baseline_is_met(page)

        page.goto(live_server.url + "/boards/partnership/2021-06-09/pack/")
        expect(page.locator("main")).to_contain_text("Red: 85.00% against a plan of 90.00%")
        expect(page.locator("main")).not_to_contain_text("91.20%")
        then_the_accessibility_baseline_is_met(page)

        page.goto(live_server.url + "/dashboards/report/")
        expect(page.locator("main")).to_contain_text("Green: 91.20% against a plan of 90.00%")
        then_the_accessibility_baseline_is_met(page)
