"""Who may do what: the portal's roles and permission rules, in one place.

- Programme office: members of the "Programme office" group (and superusers) edit everything.
- Board member: someone who holds a current seat on a board; reads what is shown to that board's members.
- Everyone else, signed in or not, reads what is published and public.

The shared kit knows nothing of boards itself: the governance app registers the rule that says which boards
a person sits on (`register_board_seats`), and publication asks it through `boards_of`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

PROGRAMME_OFFICE_GROUP = "Programme office"

# Which boards a signed-in person holds a current seat on, and how their seats read on the people page.
BoardSeats = Callable[[object], frozenset[int]]
SeatDescriptions = Callable[[list], dict[int, list[str]]]
_board_seats: BoardSeats = lambda user: frozenset()  # noqa: E731  (until governance registers its rule)
_seat_descriptions: SeatDescriptions = lambda users: {}  # noqa: E731


def register_board_seats(*, seats: BoardSeats, describe: SeatDescriptions) -> None:
    global _board_seats, _seat_descriptions
    _board_seats, _seat_descriptions = seats, describe


@rules.predicate
def is_programme_office(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # Cached on the user object: the navigation asks on every page.
    if not hasattr(user, "_is_programme_office"):
        user._is_programme_office = user.groups.filter(name=PROGRAMME_OFFICE_GROUP).exists()
    return user._is_programme_office


def boards_of(user) -> frozenset[int]:
    """The ids of the boards the person holds a current seat on (none for anyone not signed in)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_boards"):
        user._boards = _board_seats(user)
    return user._boards


def roles_of(users: Iterable) -> dict[int, list[str]]:
    """Each person's roles in words, for the page where staff see who can sign in and what they hold.

    Pass users with their groups prefetched: this reads them rather than asking once per person.
    """
    users = list(users)
    seats = _seat_descriptions(users)
    described = {}
    for user in users:
        held = []
        if user.is_superuser:
            held.append("Administrator (superuser)")
        elif any(group.name == PROGRAMME_OFFICE_GROUP for group in user.groups.all()):
            held.append("Programme office")
        held += seats.get(user.pk, [])
        described[user.pk] = held or ["No role: reads what is public"]
    return described


# Every staff page (/manage/...) asks for this one permission.
rules.add_perm("portal.manage", is_programme_office)


def programme_office_required(view):
    """Staff pages: people not signed in are sent to sign in; signed-in people without the role get 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("portal.manage"):
            raise PermissionDenied("Only the programme office can use this page")
        return view(request, *args, **kwargs)

    return wrapped
