"""Email alerts: a resident follows a board from its page without JavaScript, mistypes their address, confirms by
the emailed link, gets a digest naming a newly published paper, and stops every alert with the link in it. axe and
the HTML checker on every page."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from blmk_portal.models import AlertSubscription
from blmk_portal.publication import Audience, Status
from blmk_portal.services import record_publish
from tests.browser.conftest import (
    then_the_accessibility_baseline_is_met,
    then_the_page_without_javascript_meets_the_baseline,
)
from tests.factories import BoardFactory, MeetingFactory, PaperFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def link_in(message, kind: str, server: str) -> str:
    found = re.search(rf"{re.escape(server)}(/alerts/{kind}/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


class TestFollowingABoardByEmail:
    def test_a_resident_subscribes_confirms_reads_a_digest_and_stops_every_alert(
        self, live_server, page: Page, browser: Browser, settings
    ):
        settings.PORTAL_URL = live_server.url
        # Given the Partnership Board, with a meeting in draft
        board = BoardFactory(name="Partnership Board", slug="partnership-board")
        meeting = MeetingFactory(board=board, date=dt.date(2021, 6, 9), status=Status.DRAFT)
        PaperFactory(meeting=meeting, reference="Paper 7", title="Strategic priorities")
        PaperFactory(meeting=meeting, reference="Paper 9", title="Estates in confidence", audience=Audience.BOARD)

        # When a resident, without JavaScript, follows "Get email alerts" from the board's page
        resident = browser.new_page(java_script_enabled=False)
        resident.goto(live_server.url + "/boards/partnership-board/")
        resident.get_by_role("link", name=re.compile("Get email alerts about Partnership Board")).click()

        # Then they are asked for their email address, and told what they will get
        expect(resident.get_by_role("heading", level=1)).to_have_text("Get email alerts about Partnership Board")
        expect(resident.get_by_text("new meetings, papers published and minutes confirmed")).to_be_visible()
        then_the_page_without_javascript_meets_the_baseline(resident, page)

        # When they mistype it
        resident.get_by_label("Email address").fill("resident at example.org")
        resident.get_by_role("button", name="Get email alerts").click()

        # Then the error is in the summary and at the field, and what they typed is kept
        expect(resident.get_by_role("link", name="Enter an email address in the correct format")).to_be_visible()
        expect(resident.get_by_label("Email address")).to_have_value("resident at example.org")
        then_the_page_without_javascript_meets_the_baseline(resident, page)
        assert mail.outbox == []

        # When they correct it
        resident.get_by_label("Email address").fill("resident@example.org")
        resident.get_by_role("button", name="Get email alerts").click()

        # Then they are asked to check their email, where a link to confirm is
        expect(resident.get_by_role("heading", level=1)).to_have_text("Check your email")
        then_the_page_without_javascript_meets_the_baseline(resident, page)
        (confirmation,) = mail.outbox
        assert confirmation.to == ["resident@example.org"]

        # When they follow the link and confirm
        resident.goto(live_server.url + link_in(confirmation, "confirm", live_server.url))
        expect(resident.get_by_role("heading", level=1)).to_have_text("Confirm your email alerts")
        then_the_page_without_javascript_meets_the_baseline(resident, page)
        resident.get_by_role("button", name="Confirm email alerts").click()

        # Then their alerts are confirmed
        expect(resident.get_by_role("heading", level=1)).to_have_text("Your email alerts are confirmed")
        then_the_page_without_javascript_meets_the_baseline(resident, page)

        # When staff publish the meeting, and the day's emails go
        mail.outbox.clear()
        record_publish(item=meeting, publish=True, opened_at_version=meeting.version, by=UserFactory())
        call_command("send_reminders", stdout=io.StringIO())

        # Then the digest names the public paper and not the Part II one
        (digest,) = mail.outbox
        assert "Paper 7: Strategic priorities, for the meeting on 9 June 2021" in digest.body
        assert "Estates in confidence" not in digest.body

        # When they follow the link to stop alerts, with JavaScript this time
        page.goto(live_server.url + link_in(digest, "unsubscribe", live_server.url))
        expect(page.get_by_role("heading", level=1)).to_have_text("Stop all email alerts")
        then_the_accessibility_baseline_is_met(page)
        assert AlertSubscription.objects.exists()
        page.get_by_role("button", name="Stop all email alerts").click()

        # Then every alert stops, and the address is forgotten
        expect(page.get_by_role("heading", level=1)).to_have_text("Your email alerts have stopped")
        then_the_accessibility_baseline_is_met(page)
        assert not AlertSubscription.objects.exists()
        resident.close()

    def test_a_link_that_does_not_work_says_so(self, live_server, page: Page):
        # Given a confirmation link copied wrongly
        # When someone opens it
        page.goto(live_server.url + "/alerts/confirm/not-a-real-link/")

        # Then the page says the link does not work, and how to ask again
        expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
        then_the_accessibility_baseline_is_met(page)
