"""Sign-in throttling behind a load balancer: it counts the client's own address (the right-most one in
X-Forwarded-For that no trusted proxy wrote), so five wrong passwords lock an account for that client only; and
an address trying many accounts is locked as a whole."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from blmk_portal.client_address import client_address
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

BALANCER = "10.0.0.2"


@pytest.fixture(autouse=True)
def one_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def behind_the_balancer(forwarded_for: str) -> Client:
    """A browser whose requests reach the portal through the load balancer, which adds the client's address."""
    return Client(REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=forwarded_for)


def sign_in(client: Client, email: str, password: str):
    return client.post("/accounts/login/", {"username": email, "password": password})


def request_from(remote: str, forwarded_for: str | None = None):
    extra = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {})
    return RequestFactory().get("/", **extra)


class TestTheClientsAddress:
    def test_with_one_trusted_proxy_it_is_the_last_address_the_proxy_added(self):
        assert client_address(request_from(BALANCER, "203.0.113.9")) == "203.0.113.9"

    def test_addresses_the_client_wrote_itself_are_never_believed(self):
        assert client_address(request_from(BALANCER, "198.51.100.1, 203.0.113.9")) == "203.0.113.9"

    def test_with_two_trusted_proxies_it_is_the_second_from_the_right(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        assert client_address(request_from(BALANCER, "198.51.100.1, 203.0.113.9, 10.0.0.5")) == "203.0.113.9"

    def test_with_no_trusted_proxy_the_header_is_ignored(self, settings):
        settings.TRUSTED_PROXY_COUNT = 0
        assert client_address(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"

    def test_a_request_that_did_not_come_through_the_proxy_counts_its_own_address(self):
        assert client_address(request_from("203.0.113.9")) == "203.0.113.9"

    def test_something_that_is_not_an_address_is_not_used(self):
        assert client_address(request_from(BALANCER, "<script>")) == BALANCER

    def test_it_is_the_address_django_axes_counts(self):
        assert settings.AXES_CLIENT_IP_CALLABLE == "blmk_portal.client_address.client_address"


class TestOneAccountFromOneClient:
    def test_five_wrong_passwords_lock_the_account_for_that_client(self):
        UserFactory(email="ann@example.org")
        attacker = behind_the_balancer("203.0.113.9")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(attacker, "ann@example.org", "wrong")
        response = sign_in(attacker, "ann@example.org", PASSWORD)
        assert response.status_code == 429
        assert "Too many attempts to sign in" in response.content.decode()

    def test_they_do_not_lock_the_same_account_for_another_client_behind_the_same_balancer(self):
        UserFactory(email="ann@example.org")
        attacker = behind_the_balancer("203.0.113.9")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(attacker, "ann@example.org", "wrong")
        ann = behind_the_balancer("198.51.100.20")
        response = sign_in(ann, "ann@example.org", PASSWORD)
        assert response.status_code == 302
        assert "Too many attempts" not in response.content.decode()
        assert ann.get("/accounts/logout/").status_code == 200

    def test_a_forged_header_does_not_get_round_the_lock(self):
        UserFactory(email="ann@example.org")
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            sign_in(behind_the_balancer(f"192.0.2.{attempt}, 203.0.113.9"), "ann@example.org", "wrong")
        response = sign_in(behind_the_balancer("192.0.2.99, 203.0.113.9"), "ann@example.org", PASSWORD)
        assert response.status_code == 429


class TestManyAccountsFromOneClient:
    """Password spraying: a few guesses at each of many accounts, never five at one."""

    def spray(self, client: Client, accounts: int, guesses_each: int) -> None:
        for number in range(accounts):
            for _ in range(guesses_each):
                sign_in(client, f"person{number}@example.org", "Winter2021!")

    def test_the_address_is_locked_for_every_account_once_it_has_failed_many_times(self):
        UserFactory(email="ann@example.org")
        sprayer = behind_the_balancer("203.0.113.9")
        self.spray(sprayer, accounts=settings.SIGN_IN_FAILURES_PER_ADDRESS // 2, guesses_each=2)
        response = sign_in(sprayer, "ann@example.org", PASSWORD)
        assert response.status_code == 429
        assert "too many unsuccessful attempts to sign in from here" in response.content.decode()

    def test_other_clients_can_still_sign_in(self):
        UserFactory(email="ann@example.org")
        self.spray(
            behind_the_balancer("203.0.113.9"), accounts=settings.SIGN_IN_FAILURES_PER_ADDRESS // 2, guesses_each=2
        )
        assert sign_in(behind_the_balancer("198.51.100.20"), "ann@example.org", PASSWORD).status_code == 302

    def test_a_few_mistakes_across_accounts_from_a_shared_office_address_lock_nobody(self):
        UserFactory(email="ann@example.org")
        office = behind_the_balancer("203.0.113.9")
        self.spray(office, accounts=4, guesses_each=2)
        assert sign_in(office, "ann@example.org", PASSWORD).status_code == 302
