"""Changing your password while signed in (the current one first; the account's address is told; other sessions
end), and "Forgot your password?" throttled by the client's address as well as by account."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from blmk_portal.models import AccountEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "correct horse battery staple"


@pytest.fixture
def ann(db):
    return UserFactory(email="ann@example.org")


def change(client: Client, current: str, new: str = NEW_PASSWORD, again: str | None = None):
    return client.post(
        "/accounts/password/",
        {"current_password": current, "new_password": new, "confirm_password": new if again is None else again},
    )


def can_sign_in(email: str, password: str) -> bool:
    response = Client().post("/accounts/login/", {"username": email, "password": password})
    return response.status_code == 302


class TestChangingYourPassword:
    def test_the_page_asks_for_the_current_password_then_a_new_one_twice(self, client_for, ann):
        page = client_for(ann).get("/accounts/password/").content.decode()
        assert "<h1>Change your password</h1>" in page
        labels = re.findall(r'<label[^>]*class="nhsuk-label"[^>]*>\s*([^<]+?)\s*</label>', page)
        assert labels == ["Current password", "New password", "Confirm your new password"]
        assert 'autocomplete="current-password"' in page
        assert 'autocomplete="new-password"' in page

    def test_the_header_links_to_it_from_your_email_address(self, client_for, ann):
        page = client_for(ann).get("/").content.decode()
        assert re.search(r'<a[^>]+href="/accounts/password/"[^>]*>.*?ann@example\.org', page, re.S)

    def test_a_change_sets_the_new_password_keeps_you_signed_in_and_emails_you(self, client_for, ann):
        client = client_for(ann)
        response = change(client, PASSWORD)
        assert response.status_code == 302
        assert client.get("/accounts/password/").status_code == 200
        assert can_sign_in("ann@example.org", NEW_PASSWORD)
        assert not can_sign_in("ann@example.org", PASSWORD)
        (message,) = mail.outbox
        assert message.to == ["ann@example.org"]
        assert message.subject == "Your password for the BLMK Health and Care Partnership portal was changed"
        assert "http://testserver/accounts/reset/" in message.body
        assert NEW_PASSWORD not in message.body
        event = AccountEvent.objects.get(user=ann)
        assert (event.kind, event.by) == (AccountEvent.Kind.PASSWORD_SET, ann)

    def test_a_change_signs_you_out_everywhere_else(self, client_for, ann):
        elsewhere = client_for(ann)
        change(client_for(ann), PASSWORD)
        assert elsewhere.get("/accounts/password/").status_code == 302

    def test_a_wrong_current_password_changes_nothing_and_says_so(self, client_for, ann):
        response = change(client_for(ann), "not my password")
        page = response.content.decode()
        assert response.status_code == 200
        assert "Your current password is not right" in page
        assert 'href="#id_current_password"' in page
        assert can_sign_in("ann@example.org", PASSWORD)
        assert mail.outbox == []
        assert not AccountEvent.objects.filter(user=ann).exists()

    def test_wrong_current_passwords_count_towards_the_sign_in_lock(self, client_for, ann):
        client = client_for(ann)
        for _ in range(settings.AXES_FAILURE_LIMIT):
            change(client, "not my password")
        response = change(client, PASSWORD)
        assert response.status_code == 429
        assert can_sign_in("ann@example.org", NEW_PASSWORD) is False
        assert get_user_model().objects.get(pk=ann.pk).check_password(PASSWORD)

    def test_the_error_summary_lists_the_problems_in_the_order_the_page_asks(self, client_for, ann):
        page = change(client_for(ann), "not my password", new="", again="").content.decode()
        summary = page.split('class="nhsuk-error-summary', 1)[1].split("</div>", 1)[0]
        assert re.findall(r'href="#(id_[a-z_]+)"', summary) == [
            "id_current_password",
            "id_new_password",
            "id_confirm_password",
        ]

    def test_the_new_password_follows_the_same_rules_as_a_links(self, client_for, ann):
        page = change(client_for(ann), PASSWORD, new="short").content.decode()
        assert "Your password must be 12 characters or more" in page
        page = change(client_for(ann), PASSWORD, again="something else entirely").content.decode()
        assert "The passwords do not match" in page
        assert can_sign_in("ann@example.org", PASSWORD)

    def test_someone_signed_out_is_sent_to_sign_in(self, client):
        response = client.get("/accounts/password/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/accounts/password/"


class TestAskingForLinksFromOneAddress:
    def ask(self, client: Client, email: str):
        return client.post("/accounts/reset/", {"email": email})

    def test_one_address_may_ask_only_so_often_an_hour_whichever_accounts_it_names(self, ann):
        client = Client(REMOTE_ADDR="203.0.113.9")
        answers = [
            self.ask(client, f"person{number}@example.org").status_code
            for number in range(settings.PASSWORD_LINKS_PER_ADDRESS)
        ]
        assert answers == [200] * settings.PASSWORD_LINKS_PER_ADDRESS
        refused = self.ask(client, "ann@example.org")
        assert refused.status_code == 429
        assert "Too many requests for a link" in refused.content.decode()
        assert mail.outbox == []

    def test_another_address_can_still_ask(self, ann):
        client = Client(REMOTE_ADDR="203.0.113.9")
        for number in range(settings.PASSWORD_LINKS_PER_ADDRESS + 1):
            self.ask(client, f"person{number}@example.org")
        response = self.ask(Client(REMOTE_ADDR="198.51.100.20"), "ann@example.org")
        assert response.status_code == 200
        assert [message.to for message in mail.outbox] == [["ann@example.org"]]

    def test_behind_the_balancer_it_counts_each_clients_own_address(self, settings, ann):
        settings.TRUSTED_PROXY_COUNT = 1
        for number in range(settings.PASSWORD_LINKS_PER_ADDRESS + 1):
            Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9").post(
                "/accounts/reset/", {"email": f"person{number}@example.org"}
            )
        response = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.20").post(
            "/accounts/reset/", {"email": "ann@example.org"}
        )
        assert response.status_code == 200
        assert len(mail.outbox) == 1

    def test_a_form_with_a_mistake_is_not_counted(self):
        client = Client(REMOTE_ADDR="203.0.113.9")
        for _ in range(settings.PASSWORD_LINKS_PER_ADDRESS + 1):
            client.post("/accounts/reset/", {"email": "not an address"})
        assert self.ask(client, "nobody@example.org").status_code == 200
