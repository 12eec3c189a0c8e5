"""The register of interests in a browser: staff record a member's interest, tag an agenda item with the
organisation it concerns, and the cross-check names the member before the meeting; the public register shows the
interest. Everyone here is made up: the portal never invents interests for real named people. axe on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from governance.models import Interest
from tests.browser.conftest import then_the_accessibility_baseline_is_met
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def meeting():
    board = BoardFactory(slug="steering", name="Example Steering Group")
    MembershipFactory(board=board, person__name="Alex Example", role="Chair", decision_making=True)
    OrganisationFactory(name="Example Hospitals NHS Trust", short_name="EHT")
    meeting = MeetingFactory(board=board, date=dt.date.today() + dt.timedelta(days=14))
    AgendaItemFactory(meeting=meeting, title="Welcome", order=0)
    AgendaItemFactory(meeting=meeting, title="Elective recovery", order=1)
    return meeting


class TestTheChairSeesWhoHasAnInterestBeforeTheMeeting:
    def test_staff_record_an_interest_tag_an_item_and_the_cross_check_names_the_member(
        self, live_server, page: Page, browser: Browser, staff_user, sign_in_as, meeting
    ):
        # Given a member of the board with nothing on their register
        sign_in_as(staff_user)
        page.goto(f"{live_server.url}/manage/boards/steering/")
        page.get_by_role("link", name="Interests of Alex Example").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Alex Example")
        expect(page.get_by_text("No interests declared.")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

        # When staff record the interest they declared
        page.get_by_role("button", name="Add an interest").click()
        page.get_by_role("group", name="Kind of interest").get_by_label("Financial interest").check()
        page.get_by_label("Description").fill("Non-executive director")
        page.get_by_label("Organisation concerned (optional)").select_option(label="Example Hospitals NHS Trust")
        declared = page.get_by_role("group", name="Declared on")
        declared.get_by_label("Day").fill("6")
        declared.get_by_label("Month").fill("4")
        declared.get_by_label("Year").fill("2021")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Save").click()

        # Then it is on their register, held today
        expect(page.get_by_role("heading", level=1)).to_have_text("Alex Example")
        register = page.get_by_role("table", name="Interests of Alex Example")
        expect(register).to_contain_text("Example Hospitals NHS Trust")
        expect(register).to_contain_text("Current")
        then_the_accessibility_baseline_is_met(page)
        assert Interest.objects.get().description == "Non-executive director"

        # When staff tag the agenda item with the organisation it concerns
        page.goto(live_server.url + meeting.get_manage_url())
        page.get_by_role("link", name=re.compile("^Edit item 2")).click()
        page.get_by_role("group", name="Organisations it concerns").get_by_label("Example Hospitals NHS Trust").check()
        page.get_by_role("button", name="Save").click()

        # Then the cross-check, reached from the meeting, names the member and their interest
        page.get_by_role("link", name="Interests to check before the meeting").click()
        expect(page.get_by_role("heading", level=2)).to_have_text(
            "Item 2 concerns Example Hospitals NHS Trust; one member has an interest there"
        )
        expect(page.get_by_role("listitem").filter(has_text="Alex Example, Chair:")).to_contain_text(
            "Financial interest, concerning Example Hospitals NHS Trust. Non-executive director."
        )
        then_the_accessibility_baseline_is_met(page)

        # And anyone reads the interest on the board's public register
        public = browser.new_context()
        reader = public.new_page()
        reader.goto(f"{live_server.url}/boards/steering/")
        reader.get_by_role("link", name="Register of interests of the decision-making members").click()
        expect(reader.get_by_role("heading", name="Alex Example")).to_be_visible()
        row = reader.get_by_role("table", name="Interests of Alex Example").get_by_role("row").nth(1)
        expect(row).to_contain_text("Financial interest")
        expect(row).to_contain_text("Example Hospitals NHS Trust")
        expect(row).to_contain_text("6 April 2021")
        then_the_accessibility_baseline_is_met(reader)
        # but not the check, which is for the board's members
        reader.goto(f"{live_server.url}/boards/steering/{meeting.date:%Y-%m-%d}/interests/")
        expect(reader.get_by_role("heading", level=1)).not_to_have_text("Interests to check before the meeting")
        public.close()


class TestADeclarationAtTheMeeting:
    def test_staff_record_a_declaration_and_the_public_read_it_against_the_item(
        self, live_server, page: Page, browser: Browser, staff_user, sign_in_as, meeting
    ):
        # Given the meeting's staff page
        sign_in_as(staff_user)
        page.goto(live_server.url + meeting.get_manage_url())
        expect(page.get_by_text("No declarations recorded.")).to_be_visible()

        # When staff choose the item, then record who declared what and what the chair decided
        page.get_by_role("button", name="Add a declaration of interest").click()
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("alert")).to_contain_text("Select the item the interest was declared for")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_label("2 Elective recovery").check()
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Add a declaration of interest")
        page.get_by_label("Who declared it").select_option(label="Alex Example")
        page.get_by_label("The interest as declared (optional)").fill("Non-executive director of a local trust")
        page.get_by_role("group", name="The chair's decision").get_by_label(
            "May take part in the discussion but not vote"
        ).check()
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Save").click()

        # Then the meeting's staff page lists it under its item
        expect(page.get_by_text("Alex Example declared: Non-executive director of a local trust")).to_be_visible()

        # And the public read it on the meeting page, against the item, with the chair's decision
        public = browser.new_context()
        reader = public.new_page()
        reader.goto(live_server.url + meeting.get_absolute_url())
        expect(reader.get_by_role("heading", name="Item 2: Elective recovery")).to_be_visible()
        expect(
            reader.get_by_text("The chair's decision: May take part in the discussion but not vote.")
        ).to_be_visible()
        then_the_accessibility_baseline_is_met(reader)
        public.close()
