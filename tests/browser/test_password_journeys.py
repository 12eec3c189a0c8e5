"""Passwords: someone signed in changes theirs from the header (a wrong current password first); someone who forgot
theirs gets a link by email, sets a new one without JavaScript, and finds the link used up. axe and the HTML
checker on every page."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    then_the_accessibility_baseline_is_met,
    then_the_page_without_javascript_meets_the_baseline,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "correct horse battery staple"
LINK = re.compile(r"http://[^/\s]+(/accounts/set-password/[^/\s]+/[^/\s]+/)")


class TestChangingYourPassword:
    def test_someone_signed_in_changes_it_from_the_header_and_is_told_by_email(
        self, live_server, page: Page, sign_in_as
    ):
        # Given Ann is signed in
        sign_in_as(UserFactory(email="ann@example.org"))
        page.goto(live_server.url + "/")

        # When she follows her email address in the header
        page.get_by_role("link", name="ann@example.org").click()

        # Then she is asked for her current password and a new one
        expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
        then_the_accessibility_baseline_is_met(page)

        # When she gets her current password wrong
        page.get_by_label("Current password").fill("not my password")
        page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("Confirm your new password").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Change password").click()

        # Then the page says so, linked from the error summary, and nothing is changed
        expect(page.get_by_role("link", name=re.compile("Your current password is not right"))).to_be_visible()
        then_the_accessibility_baseline_is_met(page)
        assert mail.outbox == []

        # When she enters the right one
        page.get_by_label("Current password").fill(PASSWORD)
        page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("Confirm your new password").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Change password").click()

        # Then she is still signed in, told it is changed, and emailed
        expect(page.get_by_text("Your password is changed. We have emailed you to say so")).to_be_visible()
        expect(page.get_by_role("link", name="ann@example.org")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)
        (message,) = mail.outbox
        assert message.to == ["ann@example.org"]
        assert "was changed" in message.subject


class TestForgettingYourPassword:
    def test_the_emailed_link_sets_a_new_password_once(self, live_server, page: Page, browser: Browser):
        # Given Ann has an account but has forgotten her password
        UserFactory(email="ann@example.org")

        # When she asks for a link from the sign-in page
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_role("link", name="Forgot your password?").click()
        page.get_by_label("Email address").fill("ann@example.org")
        page.get_by_role("button", name="Send me a link").click()

        # Then she is told to check her email, and a link is there
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
        then_the_accessibility_baseline_is_met(page)
        (path,) = LINK.findall(mail.outbox[0].body)

        # When she follows it in a browser without JavaScript and sets a new password
        reader = browser.new_page(java_script_enabled=False)
        reader.goto(live_server.url + path)
        expect(reader.get_by_role("heading", level=1)).to_have_text("Set your password")
        then_the_page_without_javascript_meets_the_baseline(reader, page)
        reader.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
        reader.get_by_label("Confirm your new password").fill(NEW_PASSWORD)
        reader.get_by_role("button", name="Set password and sign in").click()

        # Then she is signed in, and the link no longer works
        expect(reader.get_by_text("Your password is set, and you are signed in")).to_be_visible()
        then_the_page_without_javascript_meets_the_baseline(reader, page)
        reader.goto(live_server.url + path)
        expect(reader.get_by_role("heading", level=1)).to_have_text("This link has expired or has already been used")
        then_the_page_without_javascript_meets_the_baseline(reader, page)

        # And she signs in with the new password after signing out
        reader.context.clear_cookies()
        reader.goto(live_server.url + "/accounts/login/")
        reader.get_by_label("Email address").fill("ann@example.org")
        reader.get_by_label("Password").fill(NEW_PASSWORD)
        reader.get_by_role("button", name="Sign in").click()
        expect(reader.get_by_role("link", name="ann@example.org")).to_be_visible()
        reader.close()

    def test_an_address_with_no_account_gets_the_same_answer_and_no_email(self, live_server, page: Page):
        # Given no account has this address
        # When someone asks for a link for it
        page.goto(live_server.url + "/accounts/reset/")
        page.get_by_label("Email address").fill("nobody@example.org")
        page.get_by_role("button", name="Send me a link").click()

        # Then the page says what it says for an address with an account, and no email is sent
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
        expect(page.get_by_text("If nobody@example.org has an account, we have sent a link to it")).to_be_visible()
        then_the_accessibility_baseline_is_met(page)
        assert mail.outbox == []
