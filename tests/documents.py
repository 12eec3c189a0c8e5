"""Real PDFs for tests to upload, and what a reader can read in one."""

import functools
import io

from pypdf import PdfReader

from blmk_portal.pdf import render_pdf


@functools.cache
def a_pdf(text: str = "An annex", pages: int = 1) -> bytes:
    """A real PDF (rendered by WeasyPrint), `pages` long, each page saying `text` and its sheet number."""
    sections = "".join(f'<p style="break-after: page">{text}, sheet {n}</p>' for n in range(1, pages + 1))
    return render_pdf(f"<html lang='en'><body>{sections}</body></html>")


def pdf_text(content: bytes) -> str:
    """The text of every page, in order."""
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
