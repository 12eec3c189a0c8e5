"""Who may do what: the portal's roles and permission rules, in one place.

- Programme office: members of the "Programme office" group (and superusers) edit everything.
- Board member: a user linked to a person who currently sits on a board; reads that board's private papers.
- Everyone else, signed in or not, reads what is published and public.
"""

from __future__ import annotations

import rules

PROGRAMME_OFFICE_GROUP = "Programme office"


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


@rules.predicate
def is_board_member(user) -> bool:
    if not user.is_authenticated:
        return False
    from governance.models import Membership

    return Membership.objects.current().filter(person__user=user).exists()


# Every staff page (/manage/...) asks for this one permission.
rules.add_perm("portal.manage", is_programme_office)


def programme_office_required(view):
    """Staff pages: people not signed in are sent to sign in; signed-in people without the role get 403."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("portal.manage"):
            raise PermissionDenied("Only the programme office can use this page")
        return view(request, *args, **kwargs)

    return wrapped
