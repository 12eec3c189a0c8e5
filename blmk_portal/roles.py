"""Who may do what: the portal's roles and permission rules, in one place.

- Programme office: members of the "Programme office" group (and superusers) edit everything.
- Board member: someone who holds a current seat on a board; reads what is shown to that board's members.
- Everyone else, signed in or not, reads what is published and public.

The shared kit knows nothing of boards itself: the governance app registers the rule that says which boards
a person sits on (`register_board_seats`), and publication asks it through `boards_of`.
"""

from __future__ import annotations

import contextlib
import copy
import uuid
from collections.abc import Callable, Iterable
from functools import wraps

import rules
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from blmk_portal import shared_cache
from blmk_portal.near_copies import NearCopies

PROGRAMME_OFFICE_GROUP = "Programme office"
# Who holds which role is kept in the shared cache under a version that every change to users, groups or
# group memberships replaces; a day at most as a backstop.
ROLES_VERSION_KEY = "roles:version"
ROLES_KEPT_SECONDS = 24 * 60 * 60
# What is kept under the version (people and the roles they hold), as this worker last read it: the version is
# still read from the shared cache on every request, so a change reaches every worker at its next request.
NEAR_ROLES = NearCopies(budget=4096)

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
    # Kept on the user object, and between requests in the shared cache: the navigation asks on every page.
    if not hasattr(user, "_is_programme_office"):
        user._is_programme_office = _kept_role(
            user, "programme_office", lambda: user.groups.filter(name=PROGRAMME_OFFICE_GROUP).exists()
        )
    return user._is_programme_office


def version() -> str | None:
    """The current roles version, or None where roles are not kept between requests: the cache is each
    process's own (a role taken away must be gone on every worker at once) or it failed."""
    if not shared_cache.is_shared():
        return None
    with contextlib.suppress(Exception):
        current = cache.get(ROLES_VERSION_KEY)
        if current is None:
            current = uuid.uuid4().hex
            if not cache.add(ROLES_VERSION_KEY, current, None):
                current = cache.get(ROLES_VERSION_KEY) or current
        return current
    return None


def version_for(user) -> str | None:
    """The roles version a person's request reads under: read once, and kept on the request's user object."""
    if not hasattr(user, "_roles_version"):
        user._roles_version = version()
    return user._roles_version


def _kept_role(user, role: str, work_out: Callable[[], bool]) -> bool:
    """Whether the person holds `role`, as last worked out under the current roles version; worked out afresh
    when roles are not kept (`version`)."""
    current = version_for(user)
    if current is None:
        return work_out()
    key = f"roles:{current}:{user.pk}:{role}"
    held = _kept_under_version(key)
    if held is None:
        held = work_out()
        _keep_under_version(key, held)
    return held


def _kept_under_version(key: str):
    """What is kept under `key`, which names the roles version: this worker's near copy, or the shared cache's."""
    kept = NEAR_ROLES.get(key)
    if kept is None:
        with contextlib.suppress(Exception):
            kept = cache.get(key)
        if kept is not None:
            NEAR_ROLES.put(key, kept)
    return kept


def _keep_under_version(key: str, kept) -> None:
    with contextlib.suppress(Exception):
        cache.set(key, kept, ROLES_KEPT_SECONDS)
        NEAR_ROLES.put(key, kept)


class KeptUserBackend(ModelBackend):
    """Django's ModelBackend, with the signed-in person read from the shared cache under the roles version, so a
    signed-in request does not query for them. Any save of a user (a new password, an account made inactive, a
    new name) replaces the version, so the next request reads them afresh."""

    def get_user(self, user_id):
        current = version()
        if current is None:
            return super().get_user(user_id)
        key = f"roles:{current}:user:{user_id}"
        kept = _kept_under_version(key)
        if kept is None:
            kept = super().get_user(user_id)
            if kept is None:
                return None
            _keep_under_version(key, kept)
        elif not self.user_can_authenticate(kept):
            return None
        # This request's own copy: what it learns about the person (version_for, their roles) stays with it.
        user = copy.copy(kept)
        user._roles_version = current
        return user


def roles_changed(**_signal) -> None:
    """A new roles version: now, and again once the change commits. A request that read the roles while the
    change was in flight (the old ones, not yet committed) kept them under the version the commit replaces."""

    def new_version() -> None:
        with contextlib.suppress(Exception):
            cache.set(ROLES_VERSION_KEY, uuid.uuid4().hex, None)

    new_version()
    transaction.on_commit(new_version)


# Lazy senders: this module is imported before the models are ready. The through model's own signals catch
# memberships written row by row as well as through `user.groups`.
for sender in (settings.AUTH_USER_MODEL, "auth.Group", f"{settings.AUTH_USER_MODEL}_groups"):
    post_save.connect(roles_changed, sender=sender, dispatch_uid=f"roles_changed_save_{sender}")
    post_delete.connect(roles_changed, sender=sender, dispatch_uid=f"roles_changed_delete_{sender}")
m2m_changed.connect(roles_changed, sender=f"{settings.AUTH_USER_MODEL}_groups", dispatch_uid="roles_changed_m2m")


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
