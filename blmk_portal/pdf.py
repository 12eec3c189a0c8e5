"""PDF documents rendered by WeasyPrint from the portal's own HTML (highlight reports; later, meeting packs).

The document's styles come from a file on disk and every other fetch is refused except data: URLs, so a
PDF never makes a request, to the portal itself or anywhere else.
"""

from __future__ import annotations

from pathlib import Path

import weasyprint
from django.conf import settings

PRINT_STYLESHEET = settings.BASE_DIR / "static" / "css" / "print.css"


def render_pdf(html: str, stylesheet: Path = PRINT_STYLESHEET) -> bytes:
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[weasyprint.CSS(filename=str(stylesheet), url_fetcher=fetcher)])
