"""The address of the person making a request, as the portal counts it for throttling.

Behind a load balancer, REMOTE_ADDR is the balancer's address, the same for everyone: throttling on it would let
anyone lock an account for everybody. Each proxy appends the address it received the request from to
X-Forwarded-For, so with TRUSTED_PROXY_COUNT proxies in front of the portal the client's address is that many
places from the right. Anything further left was written by the client and may be forged, so it is never read.
(django-ipware does this too, but one small function is all the portal needs; docs/deployment.md.)
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The right-most address in X-Forwarded-For that no trusted proxy wrote, else REMOTE_ADDR.

    REMOTE_ADDR is used as it is when no proxy is trusted, and when the header has fewer addresses than there
    are trusted proxies or the one it names is not an address (the request did not come the configured way).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted == 0:
        return remote
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(forwarded) < trusted:
        return remote
    candidate = forwarded[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
