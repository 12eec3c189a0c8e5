"""Public questions: a resident asks the board a question from the meeting's page (without JavaScript), staff
accept and answer it, and the question and its answer are published on the meeting's page. axe on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from blmk_portal.publication import Audience
from governance.models import PublicQuestion
from tests.browser.conftest import (
    then_the_accessibility_baseline_is_met,
    then_the_page_without_javascript_meets_the_baseline,
)
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "When will the community diagnostic centre in Luton open?"
ANSWER = "The centre is planned to open in the spring; the board will hear an update in July."


@pytest.fixture
def meeting():
    board = BoardFactory(slug="partnership-board", name="BLMK ICS Partnership Board")
    meeting = MeetingFactory(board=board, date=timezone.localdate() + dt.timedelta(days=21))
    AgendaItemFactory(meeting=meeting, number="1", title="Welcome and apologies", order=0)
    AgendaItemFactory(meeting=meeting, number="4", title="Public Questions", order=1)
    AgendaItemFactory(meeting=meeting, number="5", title="Strategic priorities", order=2)
    AgendaItemFactory(meeting=meeting, number="12", title="Estates disposal", order=3, audience=Audience.BOARD)
    return meeting


def when_a_resident_asks_a_question(resident: Page, checker: Page, url: str) -> None:
    resident.goto(url)
    resident.get_by_role("link", name="Ask the board a question").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Ask the board a question")
    then_the_page_without_javascript_meets_the_baseline(resident, checker)
    resident.get_by_role("button", name="Send your question").click()
    expect(resident.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(resident.get_by_role("link", name="Enter your email address")).to_be_visible()
    then_the_page_without_javascript_meets_the_baseline(resident, checker)
    resident.get_by_label("Your name").fill("Sam Resident")
    resident.get_by_role("group", name="Can we publish your name with your question?").get_by_label("No").check()
    resident.get_by_label("Your email address").fill("sam@example.com")
    resident.get_by_label("I live in Bedfordshire, Luton or Milton Keynes").check()
    resident.get_by_label("Which agenda item is your question about?").select_option(label="5 Strategic priorities")
    resident.get_by_label("Your question", exact=True).fill(QUESTION)
    resident.get_by_role("button", name="Send your question").click()
    expect(resident.get_by_role("heading", name="Question sent")).to_be_visible()
    expect(resident.get_by_role("heading", name="What happens next")).to_be_visible()
    then_the_page_without_javascript_meets_the_baseline(resident, checker)


class TestAQuestionFromTheMeetingPageToItsAnswer:
    def test_a_resident_asks_staff_accept_and_answer_and_the_public_read_both_on_the_meeting_page(
        self, live_server, browser: Browser, page: Page, meeting, staff_user, sign_in_as
    ):
        """Given a meeting three weeks away, when a resident asks it a question without JavaScript and staff
        accept and answer it, then the meeting's page shows the question (from "A member of the public", as asked)
        with its answer, and the resident was emailed the answer."""
        url = live_server.url + meeting.get_absolute_url()
        resident = browser.new_page(java_script_enabled=False)
        checker = browser.new_page()
        when_a_resident_asks_a_question(resident, checker, url)
        resident.goto(url)
        expect(resident.get_by_text(QUESTION)).to_have_count(0)  # waiting for review

        sign_in_as(staff_user)
        page.goto(live_server.url + meeting.get_manage_url())
        page.get_by_role("link", name="Public questions").click()
        expect(page.get_by_text("Waiting for review")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("link", name=QUESTION).click()
        expect(page.get_by_text("sam@example.com")).to_be_visible()  # staff see the address
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Accept the question").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("accepted")

        resident.goto(url)
        expect(resident.get_by_text(QUESTION)).to_be_visible()
        expect(resident.get_by_text("not answered yet")).to_be_visible()

        page.get_by_role("link", name=QUESTION).click()
        page.get_by_label("The answer given").fill(ANSWER)
        page.get_by_role("button", name="Save and send the answer").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("recorded and published")

        resident.goto(url)
        questions = resident.locator("section", has=resident.get_by_role("heading", name="Public questions"))
        expect(questions).to_contain_text("The board takes them at item 4 of the agenda.")
        expect(questions).to_contain_text("Question 1, from A member of the public")
        expect(questions).to_contain_text(QUESTION)
        expect(questions).to_contain_text(ANSWER)
        expect(resident.get_by_text("Sam Resident")).to_have_count(0)
        expect(resident.get_by_text("sam@example.com")).to_have_count(0)
        then_the_page_without_javascript_meets_the_baseline(resident, checker)
        (answered,) = [email for email in mail.outbox if ANSWER in email.body]
        assert answered.to == ["sam@example.com"]

    def test_a_long_question_beside_a_short_answer_keeps_the_answers_words_whole(
        self, live_server, page: Page, meeting, staff_user, sign_in_as
    ):
        """Given a long question that has its answer recorded, when staff read the meeting's questions on a
        desktop screen, then the narrow Answer column says "Recorded" on one line, not "Recorde" and "d"."""
        PublicQuestion.objects.create(
            meeting=meeting,
            topic="Diagnostics",
            text=QUESTION * 12,
            name="Sam Resident",
            email="sam@example.com",
            connection=PublicQuestion.Connection.LIVE,
            state=PublicQuestion.State.ACCEPTED,
            answer=ANSWER,
        )
        sign_in_as(staff_user)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + meeting.get_manage_url() + "questions/")
        expect(page.get_by_role("cell", name="Recorded", exact=True)).to_be_visible()
        then_the_accessibility_baseline_is_met(page)  # and no word in a table splits across lines

    def test_the_privacy_notice_is_linked_from_every_page_footer(self, live_server, page: Page, meeting):
        """Given any public page, when a resident follows the footer's Privacy notice, then it says how long their
        email address is kept."""
        page.goto(live_server.url + "/boards/")
        page.get_by_role("link", name="Privacy notice").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
        expect(page.get_by_text("for 30 days after that")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)
