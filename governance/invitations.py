"""Giving a person named in the papers a sign-in: an account for their email address, linked to them, and an
email with a link to set its password (blmk_portal.accounts; the same link serves "Forgot your password?").

What a sign-in lets them read follows from their seats (governance.seats), day by day: inviting someone gives
them no access a seat does not. The address is kept on the account only, never on the person or in fixtures.
"""

from __future__ import annotations

import pghistory
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from blmk_portal.accounts import send_set_password_link
from blmk_portal.context_processors import SITE_NAME
from blmk_portal.models import AccountEvent
from governance.models import Membership, Person


@transaction.atomic
def invite_to_sign_in(*, person: Person, by, base_url: str, email: str = ""):
    """Email `person` a link to set a password, making their account first if they have none (from `email`).

    Sending again to someone with an account sends a fresh link: earlier links keep working until they expire
    or the password is set. The person's row is locked throughout, so two sends at once make one account.
    """
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    user = person.user or _account_for(person, email)
    if not user.is_active:
        raise ValidationError(
            f"{person.name}'s sign-in has been turned off by an administrator. Ask an administrator to turn it "
            "back on first."
        )
    if person.user_id is None:
        with pghistory.context(user=by.pk):
            Person.objects.filter(pk=person.pk).update(user=user, version=F("version") + 1)
    send_set_password_link(
        user=user, kind=AccountEvent.Kind.INVITED, opening=_opening(person, by), by=by, base_url=base_url
    )
    return user


def _account_for(person: Person, email: str):
    """The account to give `person`: an existing one at that address (not someone else's), or a new one."""
    users = get_user_model().objects
    email = users.normalize_email(email)
    if not email:
        raise ValidationError({"email": f"Enter {person.name}'s email address"})
    existing = users.filter(email=email).select_related("person").first()
    if existing is None:
        # No usable password until they set one from the link.
        return users.create_user(email=email)
    holder = getattr(existing, "person", None)
    if holder is not None:
        raise ValidationError({"email": f"{email} is already the sign-in of {holder.name}. Enter another address"})
    return existing


def _opening(person: Person, by) -> str:
    """Who is giving them a sign-in, and for which seats."""
    seats = Membership.objects.current().filter(person=person).select_related("board")
    boards = sorted({seat.board.name for seat in seats})
    sender = by.get_full_name() or by.email
    opening = f"{sender} of the {SITE_NAME} programme office has given you a sign-in to the partnership's portal"
    if not boards:
        return f"{opening}."
    seat_word = "seat" if len(boards) == 1 else "seats"
    return (
        f"{opening}, for your {seat_word} on {_and(['the ' + name for name in boards])}. Once signed in, you can "
        "read the private (Part II) papers of the boards you sit on."
    )


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
