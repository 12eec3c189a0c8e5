"""Sign-ins: staff invite a board member from the sign-ins page; the member follows the emailed link, with
JavaScript off, sets a password and reads their board's Part II; someone who forgot their password asks for a
link. axe on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from blmk_portal.publication import Audience
from tests.browser.conftest import (
    then_the_accessibility_baseline_is_met,
    then_the_page_without_javascript_meets_the_baseline,
)
from tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PART_TWO = "Award of the community contract"
LINK = re.compile(r"http://[^/\s]+(/accounts/set-password/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def board_with_a_member():
    board = BoardFactory(slug="partnership", name="Partnership Board")
    MembershipFactory(board=board, person=PersonFactory(name="Felicity Cox"), role="Chief Executive")
    meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9))
    AgendaItemFactory(meeting=meeting, title=PART_TWO, audience=Audience.BOARD)


class TestStaffInviteABoardMember:
    def test_the_member_sets_a_password_from_the_link_and_reads_part_two(
        self, live_server, page: Page, browser: Browser, board_with_a_member, staff_user, sign_in_as
    ):
        sign_in_as(staff_user)
        page.goto(live_server.url + "/manage/boards/sign-ins/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign-ins of board members")
        row = page.get_by_role("row", name=re.compile("Felicity Cox"))
        expect(row).to_contain_text("No sign-in")
        then_the_accessibility_baseline_is_met(page)

        row.get_by_role("button", name="Invite to sign in Felicity Cox").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Invite Felicity Cox to sign in")
        page.get_by_role("button", name="Send invitation").click()
        expect(page.get_by_role("link", name="Enter their email address")).to_be_visible()  # the error summary
        then_the_accessibility_baseline_is_met(page)
        page.get_by_label("Their email address").fill("felicity.cox@example.nhs.uk")
        page.get_by_role("button", name="Send invitation").click()
        expect(page.get_by_text("Invitation sent to felicity.cox@example.nhs.uk")).to_be_visible()
        expect(page.get_by_role("row", name=re.compile("Felicity Cox"))).to_contain_text("Invited: no password yet")
        then_the_accessibility_baseline_is_met(page)

        (path,) = LINK.findall(mail.outbox[0].body)
        member = browser.new_page(java_script_enabled=False)
        member.goto(live_server.url + path)
        expect(member.get_by_role("heading", level=1)).to_have_text("Set your password")
        then_the_page_without_javascript_meets_the_baseline(member, page)
        member.get_by_label("New password", exact=True).fill("correct horse battery staple")
        member.get_by_label("Confirm your new password").fill("correct horse battery staple")
        member.get_by_role("button", name="Set password and sign in").click()
        expect(member.get_by_text("Your password is set, and you are signed in")).to_be_visible()
        member.goto(live_server.url + "/boards/partnership/2021-06-09/")
        expect(member.get_by_text(PART_TWO)).to_be_visible()

        member.goto(live_server.url + path)
        expect(member.get_by_role("heading", level=1)).to_have_text("This link has expired or has already been used")
        then_the_page_without_javascript_meets_the_baseline(member, page)


class TestSomeoneWhoForgotTheirPassword:
    def test_asks_for_a_link_from_the_sign_in_page(self, live_server, page: Page):
        UserFactory(email="ann@example.org")
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_role("link", name="Forgot your password?").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_label("Email address").fill("ann@example.org")
        page.get_by_role("button", name="Send me a link").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
        then_the_accessibility_baseline_is_met(page)
        assert [message.to for message in mail.outbox] == [["ann@example.org"]]
