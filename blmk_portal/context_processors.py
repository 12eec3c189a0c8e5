from __future__ import annotations

from django.http import HttpRequest

from blmk_portal.roles import is_programme_office

SITE_NAME = "BLMK Health and Care Partnership"

NAVIGATION = [
    ("Priorities", "/priorities/"),
    ("Places", "/places/"),
    ("Boards", "/boards/"),
    ("Dashboards", "/dashboards/"),
    ("Search", "/search/"),
]


def portal(request: HttpRequest) -> dict:
    return {
        "site_name": SITE_NAME,
        "navigation": [
            {"text": text, "href": href, "current": request.path.startswith(href)} for text, href in NAVIGATION
        ],
        "is_programme_office": is_programme_office(request.user),
        "cspNonce": getattr(request, "csp_nonce", ""),
    }
