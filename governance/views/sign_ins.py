"""Staff pages for sign-ins of the people who hold seats: who can sign in, with which seats, and inviting them.

Sign-ins are given here, not in the admin; the invitation itself is governance.invitations.invite_to_sign_in.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from blmk_portal import forms as nhs
from blmk_portal.accounts import link_lifetime
from blmk_portal.edit_views import form_page
from blmk_portal.formatting import count, datetime
from blmk_portal.lists import Column, StaffList
from blmk_portal.models import AccountEvent
from blmk_portal.roles import PROGRAMME_OFFICE_GROUP, programme_office_required
from governance.invitations import invite_to_sign_in
from governance.models import Membership, Person
from governance.records import BOARDS

# Each state of a person's sign-in: its words, its tag, and the people in it.
NO_PASSWORD = Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
STATES = {
    "can_sign_in": ("Can sign in", "nhsuk-tag--green", Q(user__is_active=True) & ~NO_PASSWORD),
    "invited": ("Invited: no password yet", "nhsuk-tag--blue", Q(user__is_active=True) & NO_PASSWORD),
    "none": ("No sign-in", "nhsuk-tag--grey", Q(user__isnull=True)),
    "turned_off": ("Turned off", "nhsuk-tag--red", Q(user__is_active=False)),
}


class SignInFilters(nhs.FilterForm):
    name = nhs.CharField(label="Name or title contains", max_length=100, required=False)
    state = nhs.ChoiceField(
        label="Sign-in",
        choices=[("", "Anyone"), *((key, words) for key, (words, _, _) in STATES.items())],
        required=False,
    )


def _filters(people, chosen: dict[str, Any]):
    if chosen.get("name"):
        people = people.filter(Q(name__icontains=chosen["name"]) | Q(title__icontains=chosen["name"]))
    if chosen.get("state"):
        people = people.filter(STATES[chosen["state"]][2])
    return people


@dataclass
class SignInRow:
    """A person with a seat, as the sign-ins page shows them."""

    person: Person
    # The one-time token the row's "Send a new invitation" form carries, so a double click sends one email.
    submission: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def state(self) -> str:
        user = self.person.user
        if user is None:
            return "none"
        if not user.is_active:
            return "turned_off"
        return "can_sign_in" if user.has_usable_password() else "invited"

    @property
    def tag(self) -> dict[str, str]:
        words, classes, _ = STATES[self.state]
        return {"text": words, "classes": classes}

    @property
    def roles(self) -> list[str]:
        """Their current seats ("Chair, BLMK ICS Partnership Board"), and the programme office if they are in it."""
        held = [f"{seat.role}, {seat.board.name}" for seat in self.person.current_seats]
        user = self.person.user
        if user is not None and any(group.name == PROGRAMME_OFFICE_GROUP for group in user.groups.all()):
            held.append("Programme office")
        return held or ["No current seat: reads what is public"]

    @property
    def details(self) -> list[str]:
        user = self.person.user
        if user is None:
            return []
        lines = [user.email]
        if self.state == "can_sign_in":
            lines.append(f"Last signed in {datetime(user.last_login)}" if user.last_login else "Never signed in")
        invited_at: dt.datetime | None = self.person.invited_at
        if self.state == "invited" and invited_at is not None:
            expires = invited_at + link_lifetime()
            lines.append(f"Invited {datetime(invited_at)}")
            lines.append(
                f"The link expires {datetime(expires)}" if expires > timezone.now() else "The link has expired"
            )
        return lines


def people_with_seats():
    """Everyone who holds or held a seat, with their account, current seats and latest invitation: 4 queries
    for a page of them however many there are (the count, the page, seats with boards, groups)."""
    latest_invitation = AccountEvent.objects.filter(user=OuterRef("user"), kind=AccountEvent.Kind.INVITED)
    current = Membership.objects.current().select_related("board").order_by("board__name", "order")
    return (
        Person.objects.filter(Exists(Membership.objects.filter(person=OuterRef("pk"))))
        .select_related("user")
        .annotate(invited_at=Subquery(latest_invitation.order_by("-at").values("at")[:1]))
        .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_seats"), "user__groups")
    )


@programme_office_required
def sign_ins(request: HttpRequest) -> HttpResponse:
    listing = StaffList(
        request,
        people_with_seats(),
        columns={
            "name": Column("Person", sort=("name",)),
            "roles": Column("Current seats and roles"),
            "sign_in": Column("Sign-in"),
            "actions": Column("Actions"),
        },
        default_sort="name",
        filter_form=SignInFilters,
        apply_filters=_filters,
        noun="people",
    )
    return render(
        request,
        "governance/manage/sign_ins.jinja",
        {
            "listing": listing,
            "rows": [SignInRow(person) for person in listing.rows],
            "lifetime": count(link_lifetime().days, "day"),
            "breadcrumbs": BOARDS.breadcrumbs(),
        },
    )


class InviteForm(nhs.Form):
    email = nhs.EmailField(
        label="Their email address",
        max_length=254,
        subject="their email address",
        help_text="The invitation goes to this address, and they will sign in with it. It is kept with their "
        "sign-in only, never with the papers.",
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if person.user_id is not None:
            del self.fields["email"]  # their account has an address already


@programme_office_required
@require_http_methods(["GET", "POST"])
def person_invite(request: HttpRequest, person: int) -> HttpResponse:
    """Invite a person to sign in, asking for their address if they have no account, or send them a new link.

    The form carries a one-time token (edit_views.form_page): sent twice, it sends one invitation.
    """
    item = get_object_or_404(Person.objects.select_related("user"), pk=person)
    lifetime = count(link_lifetime().days, "day")
    if item.user is None:
        heading, submit_text = f"Invite {item.name} to sign in", "Send invitation"
        intro = (
            "We will make them a sign-in and email them a link to set its password. Signed in, they read the "
            "private (Part II) papers of the boards they hold a seat on, for as long as they hold it."
        )
    else:
        heading, submit_text = f"Send {item.name} a new invitation", "Send a new invitation"
        intro = (
            f"We will email {item.user.email} a new link to set their password. Links already sent keep working "
            "until they expire."
        )
    return form_page(
        request,
        form_class=InviteForm,
        form_kwargs={"person": item},
        save=lambda values: invite_to_sign_in(
            person=item, by=request.user, base_url=request.build_absolute_uri("/"), email=values.get("email", "")
        ),
        done=lambda user: (
            f"Invitation sent to {user.email}. The link in it works once, for {lifetime}",
            reverse("governance:sign_ins"),
        ),
        context={
            "caption": item.title,
            "heading": heading,
            "intro": intro,
            "submit_text": submit_text,
            "breadcrumbs": [*BOARDS.breadcrumbs(), {"text": "Sign-ins", "href": reverse("governance:sign_ins")}],
        },
    )
