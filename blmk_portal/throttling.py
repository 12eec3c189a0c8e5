"""How often one client may try: signing in (with django-axes) and asking for password links.

Sign-in: five failures for one account from one address lock that account for that address only (another
person, elsewhere, can still sign in to it). An address that fails many times across accounts (password spraying)
is locked as a whole, for every account: django-axes counts one limit against each of its lockout parameters, so
the address alone becomes a parameter only once it has failed SIGN_IN_FAILURES_PER_ADDRESS times.

Password links: each address may ask PASSWORD_LINKS_PER_ADDRESS times an hour, counted in the portal's cache
(the per-account limit, one link in five minutes, is in accounts.py and counted in the database).
"""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from blmk_portal.client_address import client_address

HOUR = dt.timedelta(hours=1)


def sign_in_lockout_parameters(request_or_attempt, credentials: dict | None = None) -> list:
    """django-axes' AXES_LOCKOUT_PARAMETERS: the account with the address, and the address alone once it has
    failed for many accounts within the cool-off time."""
    parameters: list = [["username", "ip_address"]]
    address = getattr(request_or_attempt, "axes_ip_address", None) or getattr(request_or_attempt, "ip_address", None)
    if address is None and isinstance(request_or_attempt, HttpRequest):
        address = client_address(request_or_attempt)
    if address and _failures_from(address) >= settings.SIGN_IN_FAILURES_PER_ADDRESS:
        parameters.append("ip_address")
    return parameters


def _failures_from(address: str) -> int:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    return attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0


def allowed_this_hour(request: HttpRequest, purpose: str, limit: int) -> bool:
    """Count one request for `purpose` from this client; False once it has made more than `limit` this hour.
    Counted in the portal's cache, which every server shares when CACHE_URL is set (docs/deployment.md)."""
    key = f"{purpose}:{client_address(request)}"
    seconds = int(HOUR.total_seconds())
    cache.add(key, 0, timeout=seconds)
    try:
        made = cache.incr(key)
    except ValueError:
        # The count expired between add and incr: this is the first of a new hour.
        cache.set(key, 1, timeout=seconds)
        made = 1
    return made <= limit


def password_link_allowed(request: HttpRequest) -> bool:
    """Count one request for a password link from this client; False once it has asked too often this hour."""
    return allowed_this_hour(request, "password-links", settings.PASSWORD_LINKS_PER_ADDRESS)
