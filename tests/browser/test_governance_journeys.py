"""Boards and meetings: the public follows the structure to a board, its terms, members and a meeting's agenda;
staff add a seat, and build a meeting from nothing to a published agenda with a private item. axe on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from governance.models import Meeting, Membership, Person
from tests.browser.conftest import (
    a_signed_in_context,
    then_the_accessibility_baseline_is_met,
    then_the_page_without_javascript_meets_the_baseline,
)
from tests.documents import a_pdf, pdf_text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


class TestAMemberOfThePublicReadsABoard:
    def test_from_the_structure_to_the_terms_of_reference_and_members(self, live_server, page: Page, blmk_data):
        page.goto(live_server.url + "/")
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Boards", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Boards")
        expect(page.get_by_role("heading", name="The 2021 structure")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)

        page.get_by_role("link", name="BLMK ICS Partnership Board", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("BLMK ICS Partnership Board")
        expect(page.get_by_text("Version 0.5, approved June 2021.")).to_be_visible()
        page.get_by_text("Transparency", exact=True).click()
        expect(
            page.get_by_text("Papers for meetings will be published online 7 days before the meeting")
        ).to_be_visible()
        expect(page.get_by_text("The terms of reference set no quorum.")).to_be_visible()
        members = page.get_by_role("table", name="Seats for BLMK ICS")
        expect(members.get_by_role("row", name=re.compile("Chair Dr Rima Makarem"))).to_contain_text(
            "Decision making (D)"
        )
        then_the_accessibility_baseline_is_met(page)

        page.get_by_role("link", name="BLMK ICS CEO Group").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("BLMK ICS CEO Group")
        expect(page.get_by_role("link", name="BLMK ICS Partnership Board")).to_be_visible()  # the body it reports to
        then_the_accessibility_baseline_is_met(page)


class TestStaffAddASeat:
    def test_a_new_seat_shows_in_public_and_in_its_history(
        self, live_server, page: Page, blmk_data, staff_user, sign_in_as
    ):
        sign_in_as(staff_user)
        page.goto(live_server.url + "/manage/boards/partnership-board/")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Add a seat").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Add a seat")
        page.get_by_label("Role").fill("Director of Public Health")
        page.get_by_role("group", name="Is it a decision-making seat?").get_by_label("No").check()
        page.get_by_label("Organisation as printed (optional)").fill("Luton Borough Council")
        page.get_by_label("Held by (optional)").select_option(label="Robin Porter")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Director of Public Health")

        seat = Membership.objects.get(role="Director of Public Health")
        assert (seat.person, seat.decision_making) == (Person.objects.get(name="Robin Porter"), False)
        page.goto(live_server.url + "/boards/partnership-board/")
        expect(page.get_by_role("row", name=re.compile("Director of Public Health Robin Porter"))).to_contain_text(
            "Attendee (A)"
        )
        page.goto(live_server.url + seat.get_manage_url("history"))
        expect(page.get_by_role("heading", name=re.compile("^Created by"))).to_be_visible()
        then_the_accessibility_baseline_is_met(page)


class TestAMemberOfThePublicReadsAMeeting:
    def test_from_the_board_to_the_timed_agenda(self, live_server, page: Page, blmk_data):
        page.goto(live_server.url + "/boards/partnership-board/")
        page.get_by_role("link", name="9 June 2021").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("9 June 2021")
        expect(page.get_by_text("Wednesday 9 June 2021, 2pm to 5pm")).to_be_visible()
        agenda = page.get_by_role("table", name="Agenda")
        expect(agenda.get_by_role("row", name=re.compile(r"^3a To approve .* Chair 2:10pm$"))).to_be_visible()
        expect(
            agenda.get_by_role(
                "row", name=re.compile(r"^8 ICS Establishment Paper 6: ICS Establishment Executive Lead 3pm$")
            )
        ).to_be_visible()
        page.get_by_role("link", name="Paper 5: Strategic Priorities Development").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Strategic Priorities Development")
        expect(page.get_by_text("Dr Rima Makarem, BLMK ICS Chair")).to_be_visible()
        expect(page.get_by_role("heading", name="Recommendations")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)
        then_the_accessibility_baseline_is_met(page)


class TestStaffBuildAMeeting:
    def test_from_a_new_meeting_to_a_published_agenda_with_a_private_item(
        self, live_server, browser: Browser, page: Page, blmk_data, staff_user, sign_in_as
    ):
        """Given the Partnership Board, when staff add a meeting, its standing items, a paper's item and a Part II
        item, and publish it, then the public read Part I and the board's members read Part II too."""
        sign_in_as(staff_user)
        page.goto(live_server.url + "/manage/boards/partnership-board/")
        page.get_by_role("button", name="Add a meeting").click()
        expect(page.get_by_label("Start time (optional)")).to_have_value("14:00")  # the board's usual start
        page.get_by_label("Day").fill("14")
        page.get_by_label("Month").fill("7")
        page.get_by_label("Year").fill("2027")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("14 July 2027")

        page.get_by_role("button", name="Add the standing items").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("6 standing items added")
        expect(page.get_by_role("button", name="Add the standing items")).to_have_count(0)

        page.get_by_role("button", name="Add an item").click()
        page.get_by_label("Title").fill("Estates 🏥 strategy refresh")
        page.get_by_label("Lead (optional)").fill("JB")
        page.get_by_label("Planned length in minutes (optional)").fill("20")
        page.get_by_role("button", name="Save").click()

        page.get_by_role("button", name="Add an item").click()
        page.get_by_label("Title").fill("Award of the community contract")
        page.get_by_label("Part II: private, for the board's members").check()
        page.get_by_role("button", name="Save").click()
        agenda = page.get_by_role("table", name="Agenda")
        expect(agenda.get_by_role("row", name=re.compile("^6 Estates 🏥 strategy refresh JB"))).to_be_visible()
        expect(
            agenda.get_by_role("row", name=re.compile("^7 Award of the community contract Part II: private"))
        ).to_be_visible()
        expect(agenda.get_by_role("row", name=re.compile("^8 AOB"))).to_be_visible()  # new items go before AOB
        then_the_accessibility_baseline_is_met(page)

        page.get_by_role("button", name="Move up item 7").click()
        expect(agenda.get_by_role("row", name=re.compile("^6 Award of the community contract"))).to_be_focused()
        page.get_by_role("button", name="Publish", exact=True).click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("published")

        meeting = Meeting.objects.get(board__slug="partnership-board", date=dt.date(2027, 7, 14))
        public = browser.new_context().new_page()
        public.goto(live_server.url + meeting.get_absolute_url())
        expect(public.get_by_role("row", name=re.compile("^7 Estates 🏥 strategy refresh"))).to_be_visible()
        expect(public.get_by_text("Award of the community contract")).to_have_count(0)
        expect(public.get_by_text("The board also takes 1 item in private (Part II)")).to_be_visible()
        expect(public.get_by_role("row", name=re.compile("^8 AOB"))).to_be_visible()  # numbered as the board's
        then_the_accessibility_baseline_is_met(public)

        member = UserFactory(email="chair@example.org")
        seat = Membership.objects.filter(board=meeting.board, person__isnull=False).first()
        Person.objects.filter(pk=seat.person_id).update(user=member)
        members_page = a_signed_in_context(browser, live_server, member).new_page()
        members_page.goto(live_server.url + meeting.get_absolute_url())
        expect(members_page.get_by_role("row", name=re.compile("Award of the community contract"))).to_be_visible()
        then_the_accessibility_baseline_is_met(members_page)

    def test_without_javascript_staff_remove_an_item_and_a_second_click_does_no_harm(
        self, live_server, browser: Browser, page: Page, blmk_data, staff_user
    ):
        checker = page
        meeting = Meeting.objects.get(board__slug="partnership-board", date=dt.date(2021, 6, 9))
        item = meeting.items.get(number="12")
        page = a_signed_in_context(browser, live_server, staff_user, javascript=False).new_page()
        page.goto(live_server.url + item.get_manage_url("edit"))
        page.get_by_role("link", name="Remove this agenda item").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Remove Milton Keynes Health and Care Alliance update?"
        )
        then_the_page_without_javascript_meets_the_baseline(page, checker)
        page.get_by_role("button", name="Remove").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("removed")
        expect(page.get_by_role("row", name=re.compile("Milton Keynes Health and Care Alliance"))).to_have_count(0)
        page.go_back()  # the browser asks for the confirm page again, and is told what happened
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("The agenda item has been removed")
        expect(page.get_by_role("button", name="Remove")).to_have_count(0)
        assert meeting.items.count() == 18


class TestStaffPublishAPack:
    def test_from_three_items_and_two_papers_to_the_packs_the_public_and_a_member_read(
        self, live_server, browser: Browser, page: Page, blmk_data, staff_user, sign_in_as, tmp_path
    ):
        """Given a new meeting, when staff add three items and two papers (one with its cover sheet, a
        recommendation and a PDF annex; one for a Part II item) and publish it, then the public read the pack
        without Part II, on the page and in the PDF, and a member of the board opens the Part II paper."""
        sign_in_as(staff_user)
        page.goto(live_server.url + "/manage/boards/partnership-board/")
        page.get_by_role("button", name="Add a meeting").click()
        page.get_by_label("Day").fill("8")
        page.get_by_label("Month").fill("9")
        page.get_by_label("Year").fill("2027")
        page.get_by_role("button", name="Save").click()
        for title, private in [("Apologies", False), ("Recovery 🏥 against plan", False), ("Contract award", True)]:
            page.get_by_role("button", name="Add an item").click()
            page.get_by_label("Title").fill(title)
            if private:
                page.get_by_label("Part II: private, for the board's members").check()
            page.get_by_role("button", name="Save").click()

        page.get_by_role("button", name="Add a paper").click()
        page.get_by_label("Reference (optional)").fill("Paper 7")
        page.get_by_label("Report title").fill("Recovery 🏥 against plan")
        page.get_by_role("group", name="Agenda items it is for").get_by_label(re.compile("Recovery")).check()
        page.get_by_label("SRO (optional)").fill("Dr Rima Makarem")
        page.get_by_role("group", name="Purpose").get_by_label("Approval").check()
        page.get_by_label("Document summary (optional)").fill("Elective activity against the recovery plan.")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Recovery 🏥 against plan")

        page.get_by_role("button", name="Add a recommendation").click()
        page.get_by_label("Approve").check()
        page.get_by_label("Recommendation").fill("the recovery trajectory")
        page.get_by_role("button", name="Save").click()
        page.get_by_role("button", name="Add a file").click()
        annex = tmp_path / "annex.pdf"
        annex.write_bytes(a_pdf("Annex: theatre sessions by week"))
        page.get_by_label("Title").fill("Annex A: theatre sessions")
        page.locator("input[type=file][name=file]").set_input_files(annex)  # the NHS drop zone wraps it
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("table", name=re.compile("Files of"))).to_contain_text("annex.pdf")
        then_the_accessibility_baseline_is_met(page)

        page.get_by_role("link", name="Back to the meeting").click()
        page.get_by_role("button", name="Add a paper").click()
        page.get_by_label("Report title").fill("Contract award evaluation")
        page.get_by_role("group", name="Agenda items it is for").get_by_label(re.compile("Contract award")).check()
        page.get_by_label("The paper (optional)").fill("The evaluation panel scored the bids.")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Members of the board only (not public)")).to_be_visible()  # it follows its item
        page.get_by_role("link", name="Back to the meeting").click()
        page.get_by_role("button", name="Publish", exact=True).click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("published")

        meeting = Meeting.objects.get(board__slug="partnership-board", date=dt.date(2027, 9, 8))
        public = browser.new_context().new_page()
        public.goto(live_server.url + meeting.get_absolute_url())
        public.get_by_role("link", name="Read the whole pack on one page").click()
        expect(public.get_by_role("heading", level=1)).to_have_text("Meeting pack: 8 September 2027")
        contents = public.get_by_role("navigation", name="Contents of the pack")
        expect(contents.get_by_role("link")).to_have_text(["Agenda", "Paper 7: Recovery 🏥 against plan"])
        expect(public.get_by_text("Approve the recovery trajectory")).to_be_visible()
        expect(public.get_by_text("Contract award")).to_have_count(0)
        expect(public.get_by_text("The board also takes 1 item in private (Part II)")).to_be_visible()
        then_the_accessibility_baseline_is_met(public)
        pdf = public.request.get(live_server.url + f"{meeting.get_absolute_url()}pack.pdf")
        text = pdf_text(pdf.body())
        assert "Annex: theatre sessions by week" in text
        assert "Contract award" not in text

        member = UserFactory(email="chair@example.org")
        seat = Membership.objects.filter(board=meeting.board, person__isnull=False).first()
        Person.objects.filter(pk=seat.person_id).update(user=member)
        members_page = a_signed_in_context(browser, live_server, member).new_page()
        members_page.goto(live_server.url + meeting.get_absolute_url())
        members_page.get_by_role("link", name="Contract award evaluation").click()
        expect(members_page.get_by_text("The evaluation panel scored the bids.")).to_be_visible()
        expect(members_page.get_by_text("Part II: private")).to_be_visible()
        then_the_accessibility_baseline_is_met(members_page)
