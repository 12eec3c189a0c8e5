from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse

from blmk_portal import contributions, page_cache
from blmk_portal.roles import is_programme_office

SITE_NAME = "BLMK Health and Care Partnership"


def portal(request: HttpRequest) -> dict:
    # The header offers the sections the apps have registered: never a link to a page that does not exist.
    sections = [(section.title, reverse(section.url_name)) for section in contributions.sections()]
    return {
        "site_name": SITE_NAME,
        "navigation": [
            {"text": text, "href": href, "current": request.path.startswith(href)} for text, href in sections
        ],
        # Error pages can render before the authentication middleware has run.
        "is_programme_office": is_programme_office(getattr(request, "user", AnonymousUser())),
        # While the page cache renders a page to keep, a marker in place of the token (page_cache.py).
        **page_cache.csrf_for_template(request),
    }
