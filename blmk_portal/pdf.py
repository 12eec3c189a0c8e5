"""PDF documents rendered by WeasyPrint from the portal's own HTML (highlight reports, meeting packs).

The document's styles come from a file on disk and every other fetch is refused except data: URLs, so a
PDF never makes a request, to the portal itself or anywhere else.
"""

from __future__ import annotations

from pathlib import Path

import weasyprint
from django.conf import settings

PRINT_STYLESHEET = settings.BASE_DIR / "static" / "css" / "print.css"


def render_pdf(html: str, extra_stylesheet: Path | None = None) -> bytes:
    """The PDF of the HTML, styled by print.css and then by `extra_stylesheet` where a document needs more.
    Tagged (pdf_tags) so that screen readers can follow headings, lists and tables; the meeting pack merges
    its parts with their tags (governance/pack_pdf.py)."""
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    sheets = [PRINT_STYLESHEET, *([extra_stylesheet] if extra_stylesheet else [])]
    return document.write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(sheet), url_fetcher=fetcher) for sheet in sheets], pdf_tags=True
    )
