""" "Forgot your password?" sends the same single-use, expiring link as an invitation, and never says whether an
address has an account; the set-password page speaks plain NHS wording; the email settings' defaults."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test.utils import override_settings
from django.utils import timezone

from blmk_portal import forms as nhs
from blmk_portal.account_views import PasswordResetForm, SetPasswordForm
from blmk_portal.models import AccountEvent
from governance.views.sign_ins import InviteForm, SignInFilters
from tests.access import EVERYONE, READERS, check_reader
from tests.factories import PASSWORD, PersonFactory, UserFactory
from tests.portal.test_forms import django_default_messages

pytestmark = pytest.mark.django_db

User = get_user_model()
LINK = re.compile(r"http://testserver(/accounts/set-password/[^/\s]+/[^/\s]+/)")
NEW_PASSWORD = "correct horse battery staple"


def ask_for_link(client, email: str):
    return client.post("/accounts/reset/", {"email": email})


def said(response) -> str:
    """What the page says in its main content, with the address it was given taken out."""
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\S+@\S+", "ADDRESS", main)


class TestAskingForALink:
    def test_the_sign_in_page_offers_it(self, client):
        assert '<a href="/accounts/reset/">Forgot your password?</a>' in client.get("/accounts/login/").content.decode()

    def test_an_address_with_an_account_gets_a_link_to_set_a_new_password(self, client):
        account = UserFactory(email="ann@example.org")
        response = ask_for_link(client, "Ann@Example.org")
        assert "If Ann@Example.org has an account, we have sent a link to it" in response.content.decode()
        (message,) = mail.outbox
        assert message.to == ["ann@example.org"]
        assert message.subject == "Reset your password for the BLMK Health and Care Partnership portal"
        assert LINK.search(message.body)
        event = AccountEvent.objects.get(user=account)
        assert (event.kind, event.by) == (AccountEvent.Kind.RESET_LINK_SENT, None)

    def test_the_page_says_the_same_whether_or_not_the_address_has_an_account(self, client, client_for):
        UserFactory(email="ann@example.org")
        UserFactory(email="off@example.org", is_active=False)
        answers = {
            said(ask_for_link(client_for(None), email))
            for email in ("ann@example.org", "nobody@example.org", "off@example.org")
        }
        assert len(answers) == 1
        assert [message.to for message in mail.outbox] == [["ann@example.org"]]

    def test_an_invited_person_who_never_set_a_password_gets_a_link_too(self, client):
        UserFactory(email="new@example.org", password=None)
        ask_for_link(client, "new@example.org")
        assert [message.to for message in mail.outbox] == [["new@example.org"]]

    def test_asking_again_within_five_minutes_sends_nothing_more_and_says_the_same(self, client):
        UserFactory(email="ann@example.org")
        first = said(ask_for_link(client, "ann@example.org"))
        assert said(ask_for_link(client, "ann@example.org")) == first
        assert len(mail.outbox) == 1
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=6)):
            ask_for_link(client, "ann@example.org")
        assert len(mail.outbox) == 2

    @override_settings(EMAIL_BACKEND="tests.governance.test_invitations.BrokenMailServer")
    def test_an_email_that_cannot_be_sent_is_logged_and_the_page_still_says_the_same(self, client, caplog):
        UserFactory(email="ann@example.org")
        unknown = said(ask_for_link(client, "nobody@example.org"))
        assert said(ask_for_link(client, "ann@example.org")) == unknown
        assert "Could not email a link to set a password" in caplog.text
        assert not AccountEvent.objects.exists()

    @pytest.mark.parametrize(
        ("email", "message"),
        [
            ("", "Enter your email address"),
            ("not an address", "Enter an email address in the correct format, like name@example.com"),
        ],
    )
    def test_a_missing_or_malformed_address_is_asked_for_again(self, client, email, message):
        response = ask_for_link(client, email)
        assert response.status_code == 200
        page = response.content.decode()
        assert "There is a problem" in page
        assert message in page
        assert mail.outbox == []


class TestSettingANewPassword:
    @pytest.fixture
    def account(self):
        return UserFactory(email="ann@example.org")

    @pytest.fixture
    def link(self, client, account):
        ask_for_link(client, "ann@example.org")
        return LINK.search(mail.outbox[0].body).group(1)

    def send(self, client, link, password, again=None):
        return client.post(link, {"new_password": password, "confirm_password": password if again is None else again})

    def test_the_link_sets_the_new_password_and_signs_in(self, client, account, link):
        response = self.send(client, link, NEW_PASSWORD)
        assert response["Location"] == "/"
        account.refresh_from_db()
        assert account.check_password(NEW_PASSWORD)
        assert not account.check_password(PASSWORD)
        assert int(client.session["_auth_user_id"]) == account.pk

    def test_used_once_it_works_no_more(self, client, client_for, link):
        self.send(client, link, NEW_PASSWORD)
        response = self.send(client_for(None), link, "yet another long password")
        assert "This link has expired or has already been used" in response.content.decode()

    def test_after_seven_days_it_works_no_more(self, client, account, link):
        with time_machine.travel(timezone.now() + dt.timedelta(days=7, seconds=61)):
            response = self.send(client, link, NEW_PASSWORD)
        assert "This link has expired or has already been used" in response.content.decode()
        account.refresh_from_db()
        assert account.check_password(PASSWORD)

    def test_the_page_is_never_cached(self, client, link):
        assert "no-store" in client.get(link)["Cache-Control"]

    @pytest.mark.parametrize(
        ("password", "again", "message"),
        [
            ("", "", "Enter a new password"),
            (NEW_PASSWORD, "", "Enter your new password again"),
            (
                NEW_PASSWORD,
                "correct horse battery stapler",
                "The passwords do not match. Enter the same password in both boxes",
            ),
            ("short1", None, "Your password must be 12 characters or more"),
            ("password1234", None, "Your password is one that many people use, so it is easy to guess. Choose another"),
            ("ann@example.org", None, "Your password must not be like your email address"),
        ],
    )
    def test_a_refused_password_is_explained_in_plain_words(self, client, account, link, password, again, message):
        response = self.send(client, link, password, again)
        page = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in page
        assert message in page
        assert "This password" not in page  # Django's own wording
        account.refresh_from_db()
        assert account.check_password(PASSWORD)


FORMS = {
    "SetPasswordForm": lambda data=None: SetPasswordForm(data, user=UserFactory.build(email="a@example.org")),
    "PasswordResetForm": PasswordResetForm,
    "InviteForm": lambda data=None: InviteForm(data, person=PersonFactory.build()),
    "SignInFilters": SignInFilters,
}


@pytest.mark.parametrize("name", FORMS)
def test_the_new_forms_are_portal_forms_with_nhs_fields(name):
    form = FORMS[name]()
    assert isinstance(form, nhs.Form)
    assert all(isinstance(field, nhs.NHSField) for field in form.fields.values())


@pytest.mark.parametrize("name", FORMS)
@pytest.mark.parametrize("value", ["", "  ", "x" * 300, "9" * 40])
def test_the_new_forms_never_show_djangos_wording(name, value):
    make = FORMS[name]
    form = make({key: value for field in make().fields for key in make().data_for(field, None)})
    form.is_valid()
    patterns = django_default_messages()
    for messages in form.errors.values():
        for message in messages:
            assert not [pattern.pattern for pattern in patterns if pattern.search(message)], message


MATRIX = [
    ("/accounts/reset/", *EVERYONE),
    ("/accounts/set-password/MQ/not-a-token/", *EVERYONE),
]


@pytest.mark.parametrize(("path", *READERS), MATRIX)
def test_access(client_for, readers, path, anonymous, board_member, other_board_member, no_role, staff):
    expected = (anonymous, board_member, other_board_member, no_role, staff)
    for role, status in zip(READERS, expected, strict=True):
        check_reader(client_for(readers[role]), role, path, status)


@pytest.mark.parametrize("role", READERS)
def test_anyone_may_ask_for_a_link_and_is_told_the_same(client_for, readers, role):
    response = ask_for_link(client_for(readers[role]), "nobody@example.org")
    assert response.status_code == 200
    assert "If nobody@example.org has an account, we have sent a link to it" in response.content.decode()


PRINT_EMAIL_BACKEND = "from django.conf import settings; print(settings.EMAIL_BACKEND)"


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "django.core.mail.backends.smtp.EmailBackend"),
        ({"HTTPS": "False"}, "django.core.mail.backends.console.EmailBackend"),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"},
            "django.core.mail.backends.dummy.EmailBackend",
        ),
    ],
)
def test_production_sends_email_by_smtp_and_local_runs_print_it(env, backend):
    keep = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-c", PRINT_EMAIL_BACKEND],
        env={**keep, "DJANGO_SETTINGS_MODULE": "blmk_portal.settings", "SECRET_KEY": "a-real-secret", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.stdout.strip() == backend, result.stderr
