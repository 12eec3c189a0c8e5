"""Priorities: status updates (with and without JavaScript), drafts and publishing, risks, the reporting round,
the public priority page filtered by place, and the highlight report. axe on every page."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from blmk_portal.formatting import date
from places.models import Place
from priorities.models import Milestone, Priority, Rag, Risk, StatusUpdate
from priorities.period_rules import recent_periods, reporting_period
from tests.browser.conftest import (
    a_signed_in_context,
    then_the_accessibility_baseline_is_met,
    then_the_page_without_javascript_meets_the_baseline,
)
from tests.factories import MilestoneFactory, PriorityFactory, ProgrammeFactory, RiskFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db(transaction=True)

OPERATING_PLAN = "operating-plan-2018-19"
CVD_PREVENTION = f"/manage/priorities/{OPERATING_PLAN}/p1/cardio-vascular-prevention/"
COMMENTARY_REQUIRED = "Enter commentary: a Red status must say what is wrong and what is being done"


def this_period() -> str:
    return reporting_period(timezone.localdate())


def milestone_card(page: Page, milestone: Milestone) -> Locator:
    return page.locator(f"#milestone-{milestone.pk}")


def when_i_report_a_status(card: Locator, rag: str, commentary: str = "") -> None:
    """Open the card's "Report a status", choose a status, write the commentary (if any) and save."""
    form = card.locator("form")
    if not form.is_visible():
        card.get_by_text("Report a status").click()
    card.get_by_label(rag, exact=True).check()
    if commentary:
        card.get_by_label("Commentary").fill(commentary)
    card.get_by_role("button", name="Save status").click()


def then_the_error_summary_links_to_the_commentary(summary: Locator, field: Locator) -> None:
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    link = summary.get_by_role("link", name=COMMENTARY_REQUIRED)
    expect(link).to_be_visible()
    field_id = field.get_attribute("id")
    assert field_id, "the commentary field has no id for the error summary to link to"
    expect(link).to_have_attribute("href", f"#{field_id}")


def then_the_card_status_is(card: Locator, word: str) -> None:
    expect(card.get_by_text(re.compile(r"^Due: .* Status:"))).to_be_visible()
    expect(card.locator(".nhsuk-tag")).to_have_text(word)


class TestStaffReportAMilestoneStatus:
    def test_red_needs_commentary_inline_with_htmx(self, live_server, page: Page, blmk_data, staff_user, sign_in_as):
        sign_in_as(staff_user)
        milestone = Milestone.objects.get(programme__slug="cardio-vascular-prevention")
        page.goto(live_server.url + CVD_PREVENTION)
        expect(page.get_by_role("heading", level=1)).to_have_text("Cardio-vascular prevention", ignore_case=True)
        then_the_accessibility_baseline_is_met(page)

        card = milestone_card(page, milestone)
        then_the_card_status_is(card, "Grey (not reported)")
        when_i_report_a_status(card, "Red")

        # Refused in place: the card comes back with its own error summary, the error at the field.
        summary = card.locator(".nhsuk-error-summary")
        then_the_error_summary_links_to_the_commentary(summary, card.get_by_label("Commentary"))
        expect(card.locator(".nhsuk-error-message")).to_contain_text(COMMENTARY_REQUIRED)
        expect(card.get_by_label("Red", exact=True)).to_be_checked()
        then_the_card_status_is(card, "Grey (not reported)")
        expect(page).to_have_url(live_server.url + CVD_PREVENTION)
        assert not StatusUpdate.objects.filter(milestone=milestone).exists()
        then_the_accessibility_baseline_is_met(page)

        when_i_report_a_status(
            card, "Red", "Practices are short of staff for the health checks; a recovery plan is agreed."
        )

        expect(card.get_by_role("status")).to_have_text(f"Status saved: Red for {this_period()}")
        then_the_card_status_is(card, "Red")
        expect(card.locator(".nhsuk-error-summary")).to_have_count(0)
        expect(card.get_by_text("Practices are short of staff for the health checks")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

        update = StatusUpdate.objects.get(milestone=milestone)
        assert (update.rag, update.reporting_period, update.author) == (Rag.RED, this_period(), staff_user)

    def test_red_needs_commentary_without_javascript(
        self, live_server, browser: Browser, page: Page, blmk_data, staff_user
    ):
        checker = page
        context = a_signed_in_context(browser, live_server, staff_user, javascript=False)
        page = context.new_page()
        milestone = Milestone.objects.get(programme__slug="cardio-vascular-prevention")
        page.goto(live_server.url + CVD_PREVENTION)
        then_the_page_without_javascript_meets_the_baseline(page, checker)

        when_i_report_a_status(milestone_card(page, milestone), "Red")

        # Refused on a page of its own, the error summary at the top as on every form page.
        expect(page).to_have_url(live_server.url + f"/manage/priorities/milestones/{milestone.pk}/status/")
        expect(page).to_have_title(re.compile("^Error: Report a status"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Report a status")
        card = milestone_card(page, milestone)
        summary = page.locator(".nhsuk-error-summary")
        expect(summary).to_have_count(1)
        then_the_error_summary_links_to_the_commentary(summary, card.get_by_label("Commentary"))
        expect(summary.locator("xpath=following::h1")).to_have_count(1)  # at the top, above the heading
        expect(card.locator(".nhsuk-error-message")).to_contain_text(COMMENTARY_REQUIRED)
        then_the_card_status_is(card, "Grey (not reported)")
        assert not StatusUpdate.objects.filter(milestone=milestone).exists()
        then_the_page_without_javascript_meets_the_baseline(page, checker)

        when_i_report_a_status(card, "Red", "Practices are short of staff for the health checks.")

        expect(page).to_have_url(live_server.url + CVD_PREVENTION)
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Status saved: Red")
        then_the_card_status_is(milestone_card(page, milestone), "Red")
        then_the_page_without_javascript_meets_the_baseline(page, checker)
        assert StatusUpdate.objects.get(milestone=milestone).rag == Rag.RED
        context.close()


class TestStaffPublishANewProgramme:
    PRIORITY = "/priorities/strategic-priorities-2021-22/p2/"
    MANAGE_PRIORITY = "/manage/priorities/strategic-priorities-2021-22/p2/"
    TITLE = "School readiness checks"
    MILESTONE = "Every primary school runs the readiness check"

    def test_a_draft_stays_private_until_published(
        self, live_server, page: Page, browser: Browser, blmk_data, staff_user, sign_in_as
    ):
        public = browser.new_context().new_page()
        sign_in_as(staff_user)
        page.goto(live_server.url + self.MANAGE_PRIORITY)
        then_the_accessibility_baseline_is_met(page)

        self.when_i_add_a_programme(page, live_server)
        then_the_accessibility_baseline_is_met(page)
        self.when_i_add_a_milestone(page)
        then_the_accessibility_baseline_is_met(page)

        public.goto(live_server.url + self.PRIORITY)
        expect(public.get_by_text("No programmes have been published for this priority yet.")).to_be_visible()
        expect(public.get_by_text(self.TITLE)).to_have_count(0)
        expect(public.get_by_text(self.MILESTONE)).to_have_count(0)
        then_the_accessibility_baseline_is_met(public)

        publish = page.locator("form", has=page.get_by_role("button", name="Publish", exact=True))
        expect(publish.locator("input[name=csrfmiddlewaretoken]")).to_have_count(1)  # else the POST is a 403
        publish.get_by_role("button", name="Publish", exact=True).click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text(f"{self.TITLE} published")
        expect(page.get_by_role("button", name="Unpublish")).to_be_visible()
        milestone = Milestone.objects.get(title=self.MILESTONE)
        card = milestone_card(page, milestone)
        when_i_report_a_status(card, "Green", "The first twelve schools have run it.")
        expect(card.get_by_role("status")).to_have_text(f"Status saved: Green for {this_period()}")
        then_the_accessibility_baseline_is_met(page)
        # The quarter goes public once signed off.
        page.get_by_role("link", name="Sign off in the reporting round").click()
        page.locator("#sign-off").get_by_role("button", name=re.compile(f"^Sign off {self.TITLE}")).click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("signed off by the programme office")

        public.reload()
        programme = public.get_by_role("region", name=self.TITLE)
        expect(programme.get_by_role("heading", name=self.TITLE)).to_be_visible()
        expect(programme.get_by_text(self.MILESTONE, exact=True)).to_be_visible()
        expect(programme.get_by_text(re.compile(r"^Due: 31 March 2027 · Status:"))).to_contain_text("Green")
        timeline = programme.get_by_role("list", name="Status history of this milestone")
        expect(timeline.get_by_role("listitem")).to_have_count(1)
        expect(timeline.get_by_role("listitem")).to_contain_text(
            f"{this_period()} ({date(timezone.localdate())}) Green The first twelve schools have run it."
        )
        then_the_accessibility_baseline_is_met(public)
        public.context.close()

    def when_i_add_a_programme(self, page: Page, live_server) -> None:
        page.get_by_role("button", name="Add a programme").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Add a programme")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_label("Title").fill(self.TITLE)
        page.get_by_label("Programme", exact=True).check()
        page.get_by_label("Lead (optional)", exact=True).fill("Director of Public Health")
        page.get_by_role("button", name="Save").click()
        expect(page).to_have_url(live_server.url + self.MANAGE_PRIORITY + "school-readiness-checks/")
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text(f"{self.TITLE} added as a draft")
        expect(page.get_by_text("Draft (not public)", exact=True)).to_be_visible()

    def when_i_add_a_milestone(self, page: Page) -> None:
        page.get_by_role("button", name="Add a milestone").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Add a milestone")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_label("Milestone", exact=True).fill(self.MILESTONE)
        due = page.get_by_role("group", name="Due date (optional)")
        due.get_by_label("Day").fill("31")
        due.get_by_label("Month").fill("3")
        due.get_by_label("Year").fill("2027")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text(f"{self.MILESTONE} added")
        expect(page.get_by_text(self.MILESTONE, exact=True)).to_be_visible()


class TestStaffReadTheRiskMatrix:
    def test_counts_by_cell_current_and_target(self, live_server, page: Page, staff_user, sign_in_as):
        priority = PriorityFactory(code="P7", title="Workforce resilience")
        RiskFactory(
            title="Agency staff spend",
            priority=priority,
            current_likelihood=3,
            current_consequence=4,
            target_likelihood=2,
            target_consequence=2,
        )
        RiskFactory(
            title="Estates backlog",
            priority=priority,
            current_likelihood=5,
            current_consequence=5,
            target_likelihood=2,
            target_consequence=2,
        )
        RiskFactory(
            title="A closed risk",
            priority=priority,
            state=Risk.State.CLOSED,
            current_likelihood=3,
            current_consequence=4,
        )
        sign_in_as(staff_user)
        page.goto(live_server.url + "/manage/priorities/risks/")
        then_the_accessibility_baseline_is_met(page)

        self.when_i_add_a_risk(page, priority)
        expect(page.get_by_role("heading", name="Risk matrix: current scores")).to_be_visible()
        self.then_the_matrix_shows(page, {(3, 4): 2, (5, 5): 1, (2, 2): 0, (1, 2): 0})
        expect(page.get_by_text("Showing 1 to 3 of 3 open risks")).to_be_visible()  # the closed one is listed apart
        then_the_accessibility_baseline_is_met(page)

        page.get_by_role("link", name="2 risks at likelihood 3, consequence 4").click()
        expect(page.get_by_role("heading", name="Risks at likelihood 3, consequence 4 (current)")).to_be_visible()
        self.then_the_risks_listed_are(page, ["Agency staff spend", "Digital suppliers fail to deliver"])
        then_the_accessibility_baseline_is_met(page)

        page.get_by_role("link", name="Show target scores").click()
        expect(page.get_by_role("heading", name="Risk matrix: target scores")).to_be_visible()
        self.then_the_matrix_shows(page, {(3, 4): 0, (5, 5): 0, (2, 2): 2, (1, 2): 1})
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("link", name="2 risks at likelihood 2, consequence 2").click()
        expect(page.get_by_role("heading", name="Risks at likelihood 2, consequence 2 (target)")).to_be_visible()
        self.then_the_risks_listed_are(page, ["Agency staff spend", "Estates backlog"])
        then_the_accessibility_baseline_is_met(page)

    def when_i_add_a_risk(self, page: Page, priority: Priority) -> None:
        page.get_by_role("button", name="Add a risk").click()
        then_the_accessibility_baseline_is_met(page)
        page.get_by_label("Title").fill("Digital suppliers fail to deliver")
        for label, score in [
            ("Inherent likelihood", "4"),
            ("Inherent consequence", "4"),
            ("Current likelihood", "3"),
            ("Current consequence", "4"),
            ("Target likelihood", "1"),
            ("Target consequence", "2"),
        ]:
            page.get_by_label(label).select_option(score)
        page.get_by_label("Priority it threatens").select_option(label=f"{priority} ({priority.plan.title})")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Digital suppliers fail to deliver added")

    def then_the_matrix_shows(self, page: Page, counts: dict[tuple[int, int], int]) -> None:
        matrix = page.locator("table.app-risk-matrix")
        for (likelihood, consequence), count in counts.items():
            row = matrix.get_by_role("row").filter(has=page.get_by_role("rowheader", name=f"Likelihood {likelihood}"))
            cell = row.get_by_role("cell").nth(consequence - 1)
            expect(cell).to_have_text(re.compile(rf"^\s*{count}\b"))
            if count:
                noun = "risk" if count == 1 else "risks"
                expect(cell.get_by_role("link")).to_have_accessible_name(
                    f"{count} {noun} at likelihood {likelihood}, consequence {consequence}"
                )
            else:
                expect(cell.get_by_role("link")).to_have_count(0)

    def then_the_risks_listed_are(self, page: Page, titles: list[str]) -> None:
        table = page.get_by_role("table", name=re.compile(r"^Open risks\b"))
        rows = table.locator("tbody").get_by_role("row")
        expect(rows).to_have_count(len(titles))
        for title in titles:
            expect(table.get_by_role("link", name=title)).to_be_visible()


class TestStaffWorkThroughTheReportingRound:
    def test_an_updated_milestone_leaves_the_list_still_to_do(self, live_server, page: Page, staff_user, sign_in_as):
        programme = ProgrammeFactory(title="Diabetes prevention")
        first = MilestoneFactory(programme=programme, title="Refer 500 people to the prevention programme")
        second = MilestoneFactory(programme=programme, title="Publish the foot-care pathway")
        period = this_period()
        StatusUpdateFactory(
            milestone=MilestoneFactory(programme=programme, title="Done already"),
            rag=Rag.BLUE,
            reporting_period=recent_periods(timezone.localdate())[1],
        )
        sign_in_as(staff_user)
        page.goto(live_server.url + "/manage/priorities/")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("link", name=f"Reporting round {period}").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Reporting round {period}")
        expect(
            page.get_by_text(f"0 of 2 milestones still in progress have a status update for {period}")
        ).to_be_visible()
        expect(page.get_by_text("Showing 1 to 2 of 2 milestones")).to_be_visible()
        expect(milestone_card(page, first)).to_be_visible()
        expect(milestone_card(page, second)).to_be_visible()
        expect(page.get_by_text("Done already")).to_have_count(0)
        then_the_accessibility_baseline_is_met(page)

        card = milestone_card(page, first)
        when_i_report_a_status(card, "Green")
        expect(card.get_by_role("status")).to_have_text(f"Status saved: Green for {period}")
        then_the_card_status_is(card, "Green")
        # The counts and what awaits sign-off change in place, without a reload.
        expect(
            page.get_by_text(f"1 of 2 milestones still in progress have a status update for {period}")
        ).to_be_visible()
        expect(page.locator("#round-counts").get_by_text("Not yet updated (1)")).to_be_visible()
        expect(page.locator("#sign-off")).to_contain_text(f"Diabetes prevention: {period}")
        then_the_accessibility_baseline_is_met(page)

        page.reload()
        expect(
            page.get_by_text(f"1 of 2 milestones still in progress have a status update for {period}")
        ).to_be_visible()
        expect(milestone_card(page, first)).to_have_count(0)
        expect(milestone_card(page, second)).to_be_visible()

        # The filter, with JavaScript: the list is swapped in place and focus moves to its count.
        page.get_by_label("Show").select_option(label="Updated this period")
        page.get_by_role("button", name="Show", exact=True).click()
        expect(page).to_have_url(re.compile(r"/manage/priorities/reporting-round/\?show=updated"))
        expect(page.get_by_text("Showing 1 to 1 of 1 milestones")).to_be_focused()
        then_the_card_status_is(milestone_card(page, first), "Green")
        expect(milestone_card(page, second)).to_have_count(0)
        then_the_accessibility_baseline_is_met(page)


class TestAQuarterFromUpdateToSignOffToThePublicPage:
    def test_an_owner_reports_the_sro_signs_off_and_only_then_the_public_see_it(
        self, live_server, browser: Browser, page: Page, staff_user, sign_in_as
    ):
        priority = PriorityFactory(title="Healthy hearts", senior_responsible_officer="Jo Bloggs")
        programme = ProgrammeFactory(priority=priority, title="Blood pressure checks")
        milestone = MilestoneFactory(programme=programme, title="Check 1,000 people in pharmacies", owner="Ann")
        MilestoneFactory(programme=programme, title="Train pharmacists", owner="Bob")
        public_url = live_server.url + priority.get_absolute_url()
        period = this_period()

        # Given the owner reports the quarter, in the round filtered to their milestones
        sign_in_as(staff_user)
        page.goto(live_server.url + "/manage/priorities/reporting-round/")
        page.get_by_label("Milestone owner").select_option("Ann")
        page.get_by_role("button", name="Show", exact=True).click()
        expect(page.get_by_text("Showing 1 to 1 of 1 milestones")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)
        when_i_report_a_status(milestone_card(page, milestone), "Amber", "Two pharmacies joined late 😊")
        expect(milestone_card(page, milestone).get_by_role("status")).to_have_text(f"Status saved: Amber for {period}")
        sign_off = page.locator("#sign-off")
        expect(sign_off).to_contain_text(f"Blood pressure checks: {period}")
        expect(sign_off).to_contain_text("1 of 2 milestones have a status")
        then_the_accessibility_baseline_is_met(page)

        # Then the public do not see it before sign-off
        reader = browser.new_context().new_page()
        reader.goto(public_url)
        expect(reader.get_by_text("Two pharmacies joined late")).to_have_count(0)
        expect(reader.locator(".app-milestone").first.locator(".nhsuk-tag")).to_have_text("Grey (not reported)")
        then_the_accessibility_baseline_is_met(reader)

        # When the SRO's sign-off is recorded in the round
        page.reload()
        sign_off.get_by_label("The SRO, Jo Bloggs").check()
        sign_off.get_by_role("button", name=re.compile("^Sign off")).click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
            f"Blood pressure checks: {period} signed off by the senior responsible officer, Jo Bloggs"
        )
        expect(page.locator("#sign-off")).to_contain_text("Nothing awaits sign-off")
        then_the_accessibility_baseline_is_met(page)

        # Then the public page shows it
        reader.reload()
        expect(reader.get_by_text("Two pharmacies joined late 😊")).to_be_visible()
        expect(
            reader.get_by_role("region", name="Blood pressure checks").get_by_text("Overall status: Amber")
        ).to_be_visible()
        then_the_accessibility_baseline_is_met(reader)
        reader.context.close()


class TestAMemberOfThePublicFollowsAPriority:
    def test_filter_by_place_without_javascript(self, live_server, browser: Browser, page: Page, blmk_data):
        checker = page
        priority = Priority.objects.get(plan__slug=OPERATING_PLAN, slug="p3")
        bedford_only = ProgrammeFactory(priority=priority, title="Bedford outpatient redesign")
        bedford_only.places.set([Place.objects.get(slug="bedford-borough")])
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()

        page.goto(live_server.url + "/priorities/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Priorities")
        then_the_page_without_javascript_meets_the_baseline(page, checker)

        page.get_by_role("link", name="P3 SUSTAINABLE SECONDARY CARE", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("P3 SUSTAINABLE SECONDARY CARE")
        expect(page.get_by_role("heading", name="Bedford outpatient redesign")).to_be_visible()
        then_the_page_without_javascript_meets_the_baseline(page, checker)

        page.get_by_label("Show work covering").select_option(label="Luton")
        page.get_by_role("button", name="Show").click()
        expect(page).to_have_url(re.compile(r"/priorities/operating-plan-2018-19/p3/\?place=luton$"))
        expect(page.get_by_text("Showing work that covers Luton, including work across all of BLMK.")).to_be_visible()
        expect(page.get_by_label("Show work covering")).to_have_value("luton")
        expect(page.get_by_role("heading", name="Bedford outpatient redesign")).to_have_count(0)
        expect(page.get_by_role("heading", name="Cancer", exact=True)).to_be_visible()

        rule = page.locator("#priority-rule")
        rule.get_by_text("How this status is worked out").click()
        expect(rule.get_by_text("Worked out from the latest status of each programme: Red if any")).to_be_visible()
        then_the_page_without_javascript_meets_the_baseline(page, checker)
        context.close()


class TestStaffReadAHighlightReport:
    def test_the_page_and_its_pdf(self, live_server, page: Page, staff_user, sign_in_as):
        programme = ProgrammeFactory(title="Maternity transformation", lead="Head of Midwifery")
        milestone = MilestoneFactory(programme=programme, title="Continuity of carer for 35% of women")
        StatusUpdateFactory(milestone=milestone, rag=Rag.AMBER, commentary="Recruitment is behind plan.")
        MilestoneFactory(programme=programme, title="Open the birth centre")
        RiskFactory(title="Midwife vacancies", programme=programme, mitigations="Return-to-practice")
        sign_in_as(staff_user)
        manage = f"/manage/priorities/{programme.priority.plan.slug}/{programme.priority.slug}/{programme.slug}/"
        page.goto(live_server.url + manage)
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("link", name="Highlight report", exact=True).click()

        expect(page).to_have_url(live_server.url + manage + "highlight/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Highlight report: Maternity transformation")
        expect(page.get_by_role("cell", name="1 Amber, 1 Grey (not reported)")).to_be_visible()
        expect(page.get_by_role("cell", name="Recruitment is behind plan.", exact=False)).to_be_visible()
        expect(page.get_by_role("cell", name="Midwife vacancies", exact=False)).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

        href = page.get_by_role("link", name="Download this highlight report as a PDF").get_attribute("href")
        assert href == manage + "highlight.pdf"
        response = page.request.get(live_server.url + href)
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
