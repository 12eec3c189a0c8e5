"""Links to set a password: the one mechanism behind an invitation to sign in and "Forgot your password?".

A link names the account (its id, base64-encoded) and carries a token from Django's PasswordResetTokenGenerator.
Nothing about it is stored: the token is a hash of the account's password, its last sign-in and the time it was
made, so it stops working once the password is set or the person signs in (single use), and after
PASSWORD_RESET_TIMEOUT (expiry). Every link sent and every password set is kept as an AccountEvent.
"""

from __future__ import annotations

import datetime as dt
import logging
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from blmk_portal.context_processors import SITE_NAME
from blmk_portal.formatting import datetime
from blmk_portal.models import AccountEvent

logger = logging.getLogger(__name__)

tokens = PasswordResetTokenGenerator()
# "Forgot your password?" sends an account at most one link in this time, so the form cannot flood a mailbox.
RESET_LINK_INTERVAL = dt.timedelta(minutes=5)
NOT_SENT = (
    "The email could not be sent, so nothing was changed. Try again in a few minutes; if it still fails, "
    "tell the portal's administrator."
)


def link_lifetime() -> dt.timedelta:
    return dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)


def set_password_url(user, *, base_url: str) -> str:
    """The address of the page that sets `user`'s password, as a link from an email (base_url: https://host/)."""
    path = reverse(
        "set_password", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": tokens.make_token(user)}
    )
    return base_url.rstrip("/") + path


def user_from_link(uidb64: str, token: str):
    """The account a link is for, or None when the link is wrong, used, expired, or for a turned-off account."""
    try:
        pk = urlsafe_base64_decode(uidb64).decode()
        user = get_user_model().objects.get(pk=pk)
    except (TypeError, ValueError, OverflowError, ValidationError, get_user_model().DoesNotExist):
        return None
    return user if user.is_active and tokens.check_token(user, token) else None


def send_set_password_link(*, user, kind: AccountEvent.Kind, opening: str, by, base_url: str) -> AccountEvent:
    """Email `user` a link to set their password, beginning with `opening` (why they are getting it); record it.

    Call inside the caller's transaction: a failed send raises ValidationError (NOT_SENT), so the caller's
    writes are undone with it and the person can simply try again.
    """
    expires = timezone.now() + link_lifetime()
    subject = (
        f"Set your password for the {SITE_NAME} portal"
        if kind == AccountEvent.Kind.INVITED
        else f"Reset your password for the {SITE_NAME} portal"
    )
    body = "\n\n".join(
        [
            opening,
            f"Set your password here:\n{set_password_url(user, base_url=base_url)}",
            f'The link works once, until {datetime(expires)}. If it has expired, use "Forgot your password?" '
            "on the sign-in page for a new one, or ask the partnership's programme office.",
            f"You sign in with this email address: {user.email}",
            "If you were not expecting this email, you can ignore it: nothing changes until the link is used.",
        ]
    )
    event = AccountEvent.objects.create(user=user, kind=kind, by=by)
    try:
        send_mail(subject, body, None, [user.email])
    except (SMTPException, OSError) as error:
        logger.exception("Could not email a link to set a password to account %s", user.pk)
        raise ValidationError(NOT_SENT) from error
    return event


def password_reset_request(*, email: str, base_url: str) -> None:
    """Send a link to set a new password, if the address is an active account's: nothing else happens otherwise,
    and the caller must say the same thing either way (no one learns from it which addresses have accounts).

    An invited person who has not yet set a password gets a link too.
    """
    user = get_user_model().objects.filter(email=get_user_model().objects.normalize_email(email)).first()
    if user is None or not user.is_active:
        return
    recently = timezone.now() - RESET_LINK_INTERVAL
    if user.account_events.filter(kind=AccountEvent.Kind.RESET_LINK_SENT, at__gte=recently).exists():
        return
    opening = f"Someone, probably you, asked for a link to set a new password for the {SITE_NAME} portal."
    try:
        with transaction.atomic():
            send_set_password_link(
                user=user, kind=AccountEvent.Kind.RESET_LINK_SENT, opening=opening, by=None, base_url=base_url
            )
    except ValidationError:
        # Already logged. Saying so would tell the asker that the address has an account.
        return


@transaction.atomic
def password_set(*, user, password: str):
    """Set the password (already validated), which also ends every link sent for it; record it."""
    user.set_password(password)
    user.save(update_fields=["password"])
    AccountEvent.objects.create(user=user, kind=AccountEvent.Kind.PASSWORD_SET, by=user)
    return user


def send_password_changed_notice(*, user, base_url: str) -> None:
    """Tell the account's address that its password was changed, so someone else's change does not go unseen.

    Sent after the change is saved: a failed send is logged and changes nothing (the new password stands).
    """
    reset_url = base_url.rstrip("/") + reverse("password_reset")
    body = "\n\n".join(
        [
            f"The password you sign in to the {SITE_NAME} portal with, as {user.email}, was changed on "
            f"{datetime(timezone.now())}.",
            f"If it was not you, set a new password at once here:\n{reset_url}\n"
            "and tell the partnership's programme office.",
            "If it was you, there is nothing more to do.",
        ]
    )
    try:
        send_mail(f"Your password for the {SITE_NAME} portal was changed", body, None, [user.email])
    except (SMTPException, OSError):
        logger.exception("Could not email account %s that its password was changed", user.pk)
