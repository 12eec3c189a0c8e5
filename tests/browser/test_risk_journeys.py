"""The risk register: a risk scored as it is chosen (with JavaScript live, without it by a button, on a phone),
refused when its target is worse than its current score, listed with its owner and an overdue review, closed
risks apart, and shown on the public priority page naming its programme. axe on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from priorities.models import Risk
from tests.browser.conftest import (
    a_signed_in_context,
    then_the_accessibility_baseline_is_met,
    then_the_page_without_javascript_meets_the_baseline,
)
from tests.factories import PlanFactory, PriorityFactory, ProgrammeFactory, RiskFactory

pytestmark = pytest.mark.django_db(transaction=True)

# As the seeds word them (003 Partnership Board pack 2021; 001 operating plan 2018/19).
WORKFORCE = "Workforce expansion and vacancies"
ACTIVITY = "Activity volumes, particularly non-elective, exceed planned levels"
PROGRESS = "Risk that we are not making sufficient progress against delivery of our priorities"
PHONE = {"width": 320, "height": 800}


@pytest.fixture
def programme():
    plan = PlanFactory(slug="strategic-priorities", title="Strategic priorities 2021/22")
    priority = PriorityFactory(plan=plan, code="P1", slug="p1", title="Prevention")
    return ProgrammeFactory(priority=priority, slug="workforce", title="Workforce programme")


def when_i_choose(page: Page, which: str, likelihood: str, consequence: str) -> None:
    page.get_by_label(f"{which} likelihood").select_option(likelihood)
    page.get_by_label(f"{which} consequence").select_option(consequence)


def then_the_score_reads(page: Page, which: str, text: str) -> None:
    row = page.locator("#risk-scores .nhsuk-summary-list__row").filter(has_text=f"{which} score")
    expect(row).to_contain_text(text)


class TestAddARiskWithJavaScript:
    def test_the_scores_show_as_chosen_a_worse_target_is_refused_and_the_register_flags_the_review(
        self, live_server, page: Page, staff_user, sign_in_as, programme
    ):
        """Given a published programme, when staff add a risk choosing its scores, then each score and band shows
        as the boxes change, a target worse than the current score is said at once and refused on saving, and
        once mended the risk is in the register with its owner and its overdue review flagged in words."""
        RiskFactory(priority=programme.priority, title=ACTIVITY, state=Risk.State.CLOSED, owner="Director of Finance")
        sign_in_as(staff_user)
        page.goto(live_server.url + "/manage/priorities/risks/new/")
        then_the_accessibility_baseline_is_met(page)
        then_the_score_reads(page, "Current", "Not worked out yet")

        page.get_by_label("Title").fill(WORKFORCE)
        page.get_by_label("Owner").fill("Chief People Officer")
        when_i_choose(page, "Inherent", "4", "5")
        then_the_score_reads(page, "Inherent", "20 Extreme likelihood 4 Likely x consequence 5 Catastrophic")
        when_i_choose(page, "Current", "3", "4")
        then_the_score_reads(page, "Current", "12 High likelihood 3 Possible x consequence 4 Major")
        when_i_choose(page, "Target", "4", "4")
        then_the_score_reads(page, "Target", "16 Extreme")
        expect(page.locator("#risk-scores")).to_contain_text("The target score (16 Extreme) is worse")
        then_the_accessibility_baseline_is_met(page)

        yesterday = timezone.localdate() - dt.timedelta(days=1)
        page.get_by_label("Day").fill(str(yesterday.day))
        page.get_by_label("Month").fill(str(yesterday.month))
        page.get_by_label("Year").fill(str(yesterday.year))
        page.get_by_label("Priority it threatens").select_option(label="P1 Prevention (Strategic priorities 2021/22)")
        page.get_by_label("Programme it threatens").select_option(
            label="Workforce programme (P1, Strategic priorities 2021/22)"
        )
        page.get_by_role("button", name="Save").click()
        summary = page.locator(".nhsuk-error-summary")
        expect(summary).to_contain_text("The target score (16 Extreme) is worse than the current score (12 High)")
        expect(page.get_by_label("Title")).to_have_value(WORKFORCE)  # nothing typed is lost
        then_the_accessibility_baseline_is_met(page)
        assert not Risk.objects.filter(title=WORKFORCE).exists()

        when_i_choose(page, "Target", "2", "2")
        then_the_score_reads(page, "Target", "4 Moderate")
        expect(page.locator("#risk-scores")).not_to_contain_text("is worse")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text(f"{WORKFORCE} added")

        opened = page.get_by_role("table", name="Open risks")
        row = opened.get_by_role("row").filter(has_text=WORKFORCE)
        expect(row).to_contain_text("Chief People Officer")
        expect(row).to_contain_text("Review overdue")
        expect(row).to_contain_text("12 High")
        closed = page.get_by_role("table", name="Risks that have been closed")
        expect(closed).to_contain_text(ACTIVITY)
        expect(closed).not_to_contain_text(WORKFORCE)
        then_the_accessibility_baseline_is_met(page)

        opened.get_by_role("link", name="Owner").click()  # sorting swaps the list in place
        expect(opened.get_by_role("columnheader", name="Owner")).to_have_attribute("aria-sort", "ascending")
        then_the_accessibility_baseline_is_met(page)

        page.goto(live_server.url + "/priorities/strategic-priorities/p1/")
        risks = page.get_by_role("table", name="Open risks to this priority")
        expect(risks.get_by_role("row").filter(has_text=WORKFORCE)).to_contain_text("Workforce programme")
        expect(risks).not_to_contain_text(ACTIVITY)
        then_the_accessibility_baseline_is_met(page)


class TestAddARiskWithoutJavaScriptOnAPhone:
    def test_the_button_works_the_scores_out_and_the_risk_is_saved_once(
        self, live_server, browser: Browser, page: Page, staff_user, programme
    ):
        """Given a phone 320 pixels wide with JavaScript off, when staff choose scores and press "Work out the
        scores", then the page comes back with the scores and bands, what was typed kept and nothing saved; Save
        then adds the risk, and the register fits the screen."""
        context = a_signed_in_context(browser, live_server, staff_user, javascript=False)
        phone = context.new_page()
        phone.set_viewport_size(PHONE)
        phone.goto(live_server.url + "/manage/priorities/risks/new/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        then_the_page_without_javascript_meets_the_baseline(phone, page)

        phone.get_by_label("Title").fill(PROGRESS)
        when_i_choose(phone, "Inherent", "3", "3")
        when_i_choose(phone, "Current", "2", "3")
        when_i_choose(phone, "Target", "1", "3")
        then_the_score_reads(phone, "Current", "Not worked out yet")  # no script works it out
        phone.get_by_role("button", name="Work out the scores").click()
        then_the_score_reads(phone, "Inherent", "9 High likelihood 3 Possible x consequence 3 Moderate")
        then_the_score_reads(phone, "Current", "6 Moderate")
        then_the_score_reads(phone, "Target", "3 Low")
        expect(phone.get_by_text("Nothing has been saved yet")).to_be_visible()
        expect(phone.locator(".nhsuk-error-summary")).to_have_count(0)
        expect(phone.get_by_label("Title")).to_have_value(PROGRESS)
        assert not Risk.objects.exists()
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        then_the_page_without_javascript_meets_the_baseline(phone, page)

        phone.get_by_label("Priority it threatens").select_option(label="P1 Prevention (Strategic priorities 2021/22)")
        phone.get_by_role("button", name="Save").click()
        expect(phone.locator(".nhsuk-notification-banner")).to_contain_text(f"{PROGRESS} added")
        assert Risk.objects.get().current_score == 6
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        then_the_page_without_javascript_meets_the_baseline(phone, page)
        context.close()
