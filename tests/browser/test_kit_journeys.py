"""What real people do to the staff record kit's pages: a phone at 320 pixels, two tabs on one record, a double
click, a row moved and focus kept, lists paged and filtered with and without JavaScript. axe on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from governance.models import Board
from places.models import Organisation
from priorities.models import Milestone, Plan, Priority, Programme, Risk
from tests.browser.conftest import a_signed_in_context, then_the_accessibility_baseline_is_met
from tests.factories import OrganisationFactory, RiskFactory, StatusUpdateFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 320, "height": 800}

# The words of the stacked rows' headings ("Aim", "Organisation") that were broken across lines to fit.
BROKEN_HEADING_WORDS = """() => [...document.querySelectorAll(".nhsuk-table--responsive .nhsuk-table__heading")]
    .filter(heading => heading.offsetParent && heading.firstChild?.nodeType === Node.TEXT_NODE)
    .flatMap(heading => {
        const text = heading.firstChild, broken = [];
        let at = 0;
        for (const part of text.textContent.split(/(\\s+)/)) {
            if (part.trim()) {
                const range = document.createRange();
                range.setStart(text, at);
                range.setEnd(text, at + part.length);
                if (range.getClientRects().length > 1) broken.push(part);
            }
            at += part.length;
        }
        return broken;
    })"""


def staff_pages() -> list[str]:
    """Every kind of page staff and the public open, on the real BLMK data."""
    programme = Programme.objects.filter(milestones__isnull=False).select_related("priority__plan").first()
    priority, plan = programme.priority, programme.priority.plan
    milestone = Milestone.objects.filter(programme=programme).first()
    StatusUpdateFactory(milestone=milestone)
    risk = RiskFactory(priority=priority, title="A risk with a long title that wraps on a small screen")
    organisation = Organisation.objects.filter(website__gt="").first()
    board = Board.objects.get(slug="partnership-board")
    seat = board.memberships.first()
    meeting = board.meetings.get(date=dt.date(2021, 6, 9))
    item = meeting.items.get(number="3a")
    paper = meeting.papers.get(reference="Paper 5")  # the one cover sheet that survives as text
    return [
        "/boards/",
        paper.get_absolute_url(),
        reverse("governance:meeting_pack", kwargs=meeting.url_kwargs()),
        paper.get_manage_url(),
        paper.get_manage_url("edit"),
        reverse("governance:attachment_new", kwargs=paper.url_kwargs()),
        reverse("governance:sign_ins"),
        board.get_absolute_url(),
        meeting.get_absolute_url(),
        meeting.get_manage_url(),
        meeting.get_manage_url("edit"),
        reverse("governance:agendaitem_new", kwargs=meeting.url_kwargs()),
        item.get_manage_url("edit"),
        item.get_manage_url("remove"),
        "/manage/boards/",
        board.get_manage_url(),
        seat.get_manage_url("edit"),
        board.terms_of_reference.last().get_manage_url("edit"),
        "/manage/people/",
        "/",
        "/accessibility/",
        "/places/",
        "/places/milton-keynes/",
        organisation.get_absolute_url(),
        "/priorities/",
        priority.get_absolute_url(),
        "/manage/",
        "/manage/sign-ins/",
        "/manage/places/",
        "/manage/places/luton/edit/",
        "/manage/places/luton/history/",
        "/manage/organisations/new/",
        organisation.get_manage_url("retire"),
        "/manage/priorities/",
        plan.get_manage_url(),
        plan.get_manage_url("publish"),
        priority.get_manage_url(),
        programme.get_manage_url(),
        programme.get_manage_url("edit"),
        milestone.get_manage_url("history"),
        f"/manage/priorities/milestones/{milestone.pk}/status/",
        "/manage/priorities/reporting-round/",
        "/manage/priorities/risks/",
        "/manage/priorities/risks/new/",
        risk.get_manage_url("edit"),
        f"{programme.get_manage_url()}highlight/",
    ]


class TestAPhoneScreen:
    def test_every_page_reflows_at_320_pixels_without_sideways_scrolling(
        self, live_server, page: Page, blmk_data, staff_user, sign_in_as
    ):
        sign_in_as(staff_user)
        page.set_viewport_size(PHONE)
        too_wide, squeezed = {}, {}
        for path in staff_pages():
            page.goto(live_server.url + path)
            page.evaluate("document.querySelectorAll('details').forEach(details => { details.open = true })")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide[path] = width
            if broken := page.evaluate(BROKEN_HEADING_WORDS):
                squeezed[path] = broken
        assert too_wide == {}
        assert squeezed == {}

    def test_the_risk_matrix_scrolls_inside_its_own_labelled_region(
        self, live_server, page: Page, staff_user, sign_in_as
    ):
        RiskFactory()
        sign_in_as(staff_user)
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + "/manage/priorities/risks/")
        region = page.get_by_role("region", name="Risk matrix: current scores")
        expect(region.get_by_role("table")).to_be_visible()
        assert region.evaluate("element => element.scrollWidth > element.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        then_the_accessibility_baseline_is_met(page)


class TestTwoTabsOnOneRecord:
    def test_the_second_save_shows_the_first_and_keeps_its_own_other_changes(
        self, live_server, browser: Browser, page: Page, blmk_data, staff_user, sign_in_as
    ):
        colleague = UserFactory(email="colleague@example.org", programme_office=True)
        sign_in_as(staff_user)
        theirs = a_signed_in_context(browser, live_server, colleague)
        their_page = theirs.new_page()

        path = live_server.url + "/manage/places/luton/edit/"
        page.goto(path)
        their_page.goto(path)
        their_page.get_by_label("Source of the population figure (optional)").fill("ONS mid-2016 estimates")
        their_page.get_by_role("button", name="Save").click()
        expect(their_page.get_by_text("Luton saved")).to_be_visible()

        page.get_by_label("Source of the population figure (optional)").fill("My source")
        page.get_by_label("Profile (optional)").fill("A town of 214,000 people 🏘️")
        page.get_by_role("button", name="Save").click()

        expect(page.get_by_role("heading", name="Someone else saved this first")).to_be_visible()
        source = page.get_by_label("Source of the population figure (optional)")
        expect(source).to_have_value("ONS mid-2016 estimates")
        expect(page.get_by_text("colleague@example.org changed this while you were editing")).to_be_visible()
        expect(page.get_by_text("You had entered: My source.")).to_be_visible()
        expect(page.get_by_label("Profile (optional)")).to_have_value("A town of 214,000 people 🏘️")
        then_the_accessibility_baseline_is_met(page)

        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Luton saved")).to_be_visible()
        expect(page.get_by_text("A town of 214,000 people 🏘️")).to_be_visible()
        theirs.close()


class TestTheSameFormSentTwice:
    def test_two_sends_at_the_same_moment_make_one_organisation(self, live_server, page: Page, staff_user, sign_in_as):
        sign_in_as(staff_user)
        page.goto(live_server.url + "/manage/organisations/new/")
        page.get_by_label("Name", exact=True).fill("Bridge PCN")
        page.get_by_label("Short name").fill("BPCN")
        page.get_by_label("Primary care network or cluster").check()
        # A double click or a retry: the same form, token and all, sent twice at once.
        statuses = page.evaluate(
            """async () => {
                const form = document.querySelector("form#form");
                const send = () => fetch(location.href, {method: "POST", body: new FormData(form), redirect: "manual"});
                const answers = await Promise.all([send(), send()]);
                return answers.map(answer => answer.type);
            }"""
        )
        assert statuses == ["opaqueredirect", "opaqueredirect"]  # both answered by going on, neither refused
        assert Organisation.objects.filter(name="Bridge PCN").count() == 1
        page.goto(live_server.url + "/manage/places/")
        expect(page.get_by_text("This was saved already")).to_be_visible()


class TestReordering:
    def test_focus_returns_to_the_row_that_moved(self, live_server, page: Page, blmk_data, staff_user, sign_in_as):
        sign_in_as(staff_user)
        plan = Plan.objects.get(slug="operating-plan-2018-19")
        page.goto(live_server.url + plan.get_manage_url())
        first = Priority.objects.filter(plan=plan).order_by("order").first()
        page.get_by_role("button", name=f"Move down {first.code}").click()
        row = page.locator(f"#{first.row_id}")
        expect(row).to_be_focused()
        expect(page).to_have_url(re.compile(f"#{first.row_id}$"))
        assert [p.code for p in Priority.objects.filter(plan=plan)][1] == first.code
        then_the_accessibility_baseline_is_met(page)


class TestUnpublishing:
    def test_it_asks_first_and_then_the_public_no_longer_see_it(
        self, live_server, page: Page, blmk_data, staff_user, sign_in_as
    ):
        sign_in_as(staff_user)
        plan = Plan.objects.get(slug="stp-2016")
        page.goto(live_server.url + plan.get_manage_url())
        page.get_by_role("button", name="Unpublish").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Unpublish {plan.title}?")
        plan.refresh_from_db()
        assert plan.is_published
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Unpublish").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("the public no longer see it")
        plan.refresh_from_db()
        assert not plan.is_published


class TestStaffLists:
    @pytest.fixture
    def organisations(self):
        OrganisationFactory.create_batch(30, kind=Organisation.Kind.PRIMARY_CARE_NETWORK)
        OrganisationFactory(name="Luton Borough Council", kind=Organisation.Kind.COUNCIL)

    def test_paging_and_filtering_organisations_without_javascript(
        self, live_server, browser: Browser, staff_user, organisations
    ):
        context = a_signed_in_context(browser, live_server, staff_user, javascript=False)
        plain = context.new_page()

        plain.goto(live_server.url + "/manage/places/")
        expect(plain.get_by_text("Showing 1 to 25 of 31 organisations")).to_be_visible()
        plain.get_by_role("navigation", name="Pages of organisations").get_by_role("link", name="Page 2").click()
        expect(plain.get_by_text("Showing 26 to 31 of 31 organisations")).to_be_visible()
        plain.get_by_label("Kind").select_option(label="Council")
        plain.get_by_role("button", name="Show").click()
        expect(plain.get_by_text("Showing 1 to 1 of 1 organisations")).to_be_visible()
        expect(plain.get_by_role("link", name="Luton Borough Council", exact=True)).to_be_visible()
        context.close()

    def test_with_javascript_sorting_swaps_the_list_in_place(
        self, live_server, page: Page, staff_user, sign_in_as, organisations
    ):
        sign_in_as(staff_user)
        page.goto(live_server.url + "/manage/places/")
        page.get_by_role("link", name="Organisation", exact=True).click()  # sort by name, descending
        expect(page).to_have_url(re.compile(r"\?sort=-name$"))
        expect(page.get_by_text("Showing 1 to 25 of 31 organisations")).to_be_focused()
        then_the_accessibility_baseline_is_met(page)

    def test_with_javascript_a_row_link_opens_its_own_page_not_inside_the_list(
        self, live_server, page: Page, staff_user, sign_in_as, organisations
    ):
        sign_in_as(staff_user)
        page.goto(live_server.url + "/manage/places/")
        page.get_by_role("link", name="Luton Borough Council", exact=True).click()
        expect(page).to_have_url(re.compile(r"/organisations/[^/]+/$"))
        expect(page.get_by_role("heading", level=1)).to_have_count(1)  # swapped into the list, there were two
        expect(page.get_by_role("heading", level=1)).to_have_text("Luton Borough Council")


def test_risks_with_nothing_to_show_say_so(live_server, page: Page, staff_user, sign_in_as):
    sign_in_as(staff_user)
    assert not Risk.objects.exists()
    page.goto(live_server.url + "/manage/priorities/risks/")
    expect(page.get_by_text("No open risks found")).to_be_visible()
    expect(page.get_by_text("No closed risks.")).to_be_visible()
    then_the_accessibility_baseline_is_met(page)
