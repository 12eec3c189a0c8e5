"""The action log: staff raise an action at the 9 June 2021 meeting and note its log; the owner signs in, updates one
action with JavaScript and proposes closing another without; the packs read the log as the seed does, the next
meeting's with the owner's update and the actions closed on 9 June listed once. axe on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from blmk_portal.publication import Status
from governance.models import Action, AgendaItem, Board, Meeting, Person
from tests.browser.conftest import (
    a_signed_in_context,
    then_the_accessibility_baseline_is_met,
    then_the_page_without_javascript_meets_the_baseline,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

JUNE = "/boards/partnership-board/2021-06-09/"
SEED_ORDER = ["50", "53", "56", "57", "54", "55", "58"]


def refs_in(page: Page, table: str) -> list[str]:
    return [
        ref.strip()
        for ref in page.get_by_role("table", name=table).locator("tbody tr td:first-child a").all_inner_texts()
    ]


def row_of(log, ref: str):
    return log.locator("tbody tr").filter(has=log.page.get_by_role("link", name=ref, exact=True))


class TestTheOwnerKeepsTheirActionsUpToDate:
    def test_staff_raise_an_action_the_owner_updates_one_and_proposes_closing_another_and_the_packs_show_the_log(
        self, live_server, browser: Browser, page: Page, blmk_data, staff_user, sign_in_as
    ):
        """Given the log as at 9 June 2021 and Kay Dhesi, an owner of action 57, able to sign in."""
        owner = UserFactory(email="kay.dhesi@example.org")
        Person.objects.filter(name="Kay Dhesi").update(user=owner)
        next_year = timezone.localdate().year + 1

        # When staff raise an action for Kay Dhesi at the 9 June 2021 meeting, and the meeting notes the log
        sign_in_as(staff_user)
        page.goto(live_server.url + "/manage/meetings/partnership-board/2021-06-09/")
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Raise an action").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Add an action")
        page.get_by_label("Agenda item it was raised at (optional)").select_option(label="8 ICS Establishment")
        page.get_by_label("Action", exact=True).fill("Share the ICS establishment timetable with partners")
        page.get_by_label("Kay Dhesi (BLMK Cancer Programme Lead)").check()
        deadline = page.get_by_role("group", name="Deadline (optional)")
        deadline.get_by_label("Day").fill("1")
        deadline.get_by_label("Month").fill("12")
        deadline.get_by_label("Year").fill(str(next_year))
        page.get_by_label("A month, printed as Sep-21").check()
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Action 59 added")
        expect(page.get_by_role("heading", level=1)).to_have_text("Action 59")
        then_the_accessibility_baseline_is_met(page)  # the action's staff Overview
        page.goto(live_server.url + "/manage/actions/?board=&status=open&overdue=yes")
        expect(page.locator(".app-list-summary")).to_contain_text("of 4 actions")  # 50, 53, 56, 57 as at today
        then_the_accessibility_baseline_is_met(page)
        page.goto(live_server.url + "/manage/meetings/partnership-board/2021-06-09/")
        expect(page.locator("#actions ~ p").first).to_contain_text("3 actions are proposed for closure now.")
        page.get_by_role("button", name="Note the action log").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("3 actions closed (54, 55, 58)")

        # Then the owner, with JavaScript, sees their actions, and adds an update to action 57 in place
        with_js = a_signed_in_context(browser, live_server, owner)
        owner_page = with_js.new_page()
        owner_page.goto(live_server.url + "/actions/")
        expect(owner_page.get_by_role("heading", level=1)).to_have_text("Your actions")
        cards = owner_page.locator(".app-action")
        expect(cards.first).to_contain_text("Action 57")  # overdue first
        expect(cards.first).to_contain_text("Open: overdue")
        expect(cards.nth(1)).to_contain_text("Action 59")
        then_the_accessibility_baseline_is_met(owner_page)
        card = owner_page.locator(".app-action", has_text="Action 57")
        card.get_by_role("link", name="Add an update to Action 57").click()
        card.get_by_label("Update").fill("Diagnostics update booked for the autumn meeting 👍")
        then_the_accessibility_baseline_is_met(owner_page)
        card.get_by_role("button", name="Add the update").click()
        expect(card.get_by_role("status")).to_have_text("Update added.")
        expect(card).to_contain_text("Diagnostics update booked for the autumn meeting 👍")
        assert owner_page.url == live_server.url + "/actions/"  # swapped in place
        then_the_accessibility_baseline_is_met(owner_page)

        # And without JavaScript, proposes closing action 59 from a page of its own
        without_js = a_signed_in_context(browser, live_server, owner, javascript=False)
        plain = without_js.new_page()
        plain.goto(live_server.url + "/actions/")
        plain.get_by_role("link", name="Propose closure of Action 59").click()
        expect(plain.get_by_role("heading", level=1)).to_have_text("Propose closure")
        then_the_page_without_javascript_meets_the_baseline(plain, owner_page)
        plain.get_by_label("Why it can close (optional)").fill("Timetable shared at the CEO group")
        plain.get_by_role("button", name="Propose closure").click()
        expect(plain.locator(".nhsuk-notification-banner")).to_contain_text("Action 59 proposed for closure")
        expect(plain.locator(".app-action", has_text="Action 59")).to_contain_text("Closing")
        then_the_page_without_javascript_meets_the_baseline(plain, owner_page)
        assert Action.objects.get(number=59).status == "closing"

        # And the owner cannot change someone else's action
        response = plain.request.get(live_server.url + "/actions/partnership-board/58/update/")
        assert response.status == 403

        # Then the 9 June 2021 pack still reads as the seed printed it
        page.goto(live_server.url + JUNE + "pack/")
        assert refs_in(page, "Open and closing actions") == SEED_ORDER
        log = page.locator(".app-action-log")
        expect(row_of(log, "50")).to_contain_text("Overdue")
        expect(row_of(log, "54")).to_contain_text("Closing")
        expect(row_of(log, "54")).to_contain_text("Executive lead, Nicola Kay")
        expect(log).not_to_contain_text("Diagnostics update booked")  # written after that meeting
        then_the_accessibility_baseline_is_met(page)

        # And the next meeting's pack has the log by itself, with the actions closed on 9 June listed once
        board = Board.objects.get(slug="partnership-board")
        next_meeting = Meeting.objects.create(
            board=board, date=timezone.localdate() + dt.timedelta(days=14), status=Status.PUBLISHED
        )
        AgendaItem.objects.create(meeting=next_meeting, title="Action log", order=0)
        page.goto(live_server.url + f"/boards/partnership-board/{next_meeting.date}/pack/")
        expect(page.get_by_role("heading", name="Action log", exact=True)).to_be_visible()
        assert refs_in(page, "Open and closing actions") == ["50", "53", "56", "57", "59"]
        assert refs_in(page, "Closed since the meeting of 9 June 2021, listed this once") == ["54", "55", "58"]
        expect(page.locator(".app-action-log")).to_contain_text("Diagnostics update booked for the autumn meeting")
        then_the_accessibility_baseline_is_met(page)

        # And the public log and an action's page read the same
        page.goto(live_server.url + "/boards/partnership-board/actions/")
        assert refs_in(page, "Closed actions") == ["54", "55", "58"]
        then_the_accessibility_baseline_is_met(page)
        page.get_by_role("link", name="59", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Action 59")
        expect(page.locator(".nhsuk-summary-list")).to_contain_text("Kay Dhesi")
        then_the_accessibility_baseline_is_met(page)
        with_js.close()
        without_js.close()
