"""The pack as one PDF: a cover, the agenda with the page each item's papers start on, then each paper (its
cover sheet, recommendations and body) with its attached PDFs merged in place; a bookmark per item, paper and
file; "Page n of N" on every page.

WeasyPrint takes about 5 s for 100 pages, so it never renders a whole pack. Each paper's pages are rendered
once and stored, keyed by the hash of the HTML they come from: a paper that did not change is never rendered
again, and a changed one can never be served stale. The pack is then merged with pypdf (tens of milliseconds)
and stored under the hash of everything in it, so asking again serves the stored file. Only the short front
matter is rendered for each new pack, because its page numbers depend on the papers.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from blmk_portal.pdf import render_pdf
from governance.packs import Pack, PackPaper

# The print styles, with no page numbers of their own: the merged pack is numbered as a whole.
PACK_STYLESHEET = settings.BASE_DIR / "static" / "css" / "pack.css"
PARTS = "packs/parts"
PACKS = "packs"
FRONT_PAGES_GUESS = 2


@dataclass
class Part:
    """Pages of the pack from one source, and the bookmarks that lead to them."""

    title: str
    pdf: bytes
    level: int  # 0 for the cover and agenda, 1 for a paper, 2 for a file attached to it
    paper: int | None = None  # the paper's id, on its own pages
    item: str | None = None  # on a paper that opens an agenda item's papers: the item's bookmark

    @cached_property
    def pages(self) -> int:
        return len(PdfReader(io.BytesIO(self.pdf)).pages)


def pack_key(pack: Pack) -> str:
    """What identifies the pack's contents, worked out without rendering anything: the HTML each part is rendered
    from and the bytes of each attached PDF. Equal keys, equal PDFs."""
    key = hashlib.sha256(_front_html(pack, starts={}).encode())
    for pack_paper in pack.papers:
        key.update(hashlib.sha256(_paper_html(pack, pack_paper).encode()).digest())
        for attachment, versions in pack_paper.files():
            if versions[0].kind == "pdf":
                key.update(f"{attachment.title}{versions[0].sha256}".encode())
    return key.hexdigest()


def build_pack_pdf(pack: Pack, key: str, progress: Callable[[int, int], None]) -> tuple[str, int]:
    """Build and store the pack's PDF under its key; its name and page count. `progress(done, total)` is told as
    each paper is ready (a paper unchanged since an earlier pack is read from storage, not rendered again)."""
    parts = _paper_parts(pack, progress)
    parts = [_front_matter(pack, parts), *parts]
    name = f"{PACKS}/{key}.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(_merged(parts, title=str(pack.meeting))))
    return name, sum(part.pages for part in parts)


def manifest(pack: Pack) -> list[dict]:
    """What the pack holds, for telling one edition from the next: each paper's version and its files'."""
    return [
        {
            "paper": pack_paper.paper.pk,
            "heading": pack_paper.heading,
            "version": pack_paper.paper.version,
            "files": {attachment.title: versions[0].number for attachment, versions in pack_paper.files()},
            "reasons": {attachment.title: versions[0].reason for attachment, versions in pack_paper.files()},
        }
        for pack_paper in pack.papers
    ]


def _paper_parts(pack: Pack, progress: Callable[[int, int], None]) -> list[Part]:
    parts: list[Part] = []
    papers = len(pack.papers)
    for entry in pack.entries:
        for index, pack_paper in enumerate(entry.papers):
            progress(sum(1 for part in parts if part.paper is not None), papers)
            html = _paper_html(pack, pack_paper)
            parts.append(
                Part(
                    pack_paper.heading,
                    _rendered(html),
                    1,
                    pack_paper.paper.pk,
                    entry.row.bookmark if index == 0 else None,
                )
            )
            for attachment, versions in pack_paper.files():
                if versions[0].kind == "pdf":
                    with versions[0].file.open("rb") as stored:
                        parts.append(Part(attachment.title, stored.read(), 2))
    return parts


def _front_matter(pack: Pack, parts: list[Part]) -> Part:
    """The cover and the agenda, with the page each paper starts on. Those numbers depend on how long the front
    matter itself is, so it is rendered with a guess, then again if the guess was wrong."""
    front_pages = FRONT_PAGES_GUESS
    for _ in range(3):
        front = Part("Cover and agenda", _rendered(_front_html(pack, _paper_starts(parts, front_pages))), 0)
        if front.pages == front_pages:
            break
        front_pages = front.pages
    return front


def _paper_starts(parts: list[Part], front_pages: int) -> dict[int, int]:
    """The page each paper starts on, by paper id."""
    starts, page = {}, front_pages + 1
    for part in parts:
        if part.paper is not None:
            starts[part.paper] = page
        page += part.pages
    return starts


def _front_html(pack: Pack, starts: dict[int, int]) -> str:
    return render_to_string("governance/pack_front_pdf.jinja", {"pack": pack, "starts": starts})


def _paper_html(pack: Pack, pack_paper: PackPaper) -> str:
    return render_to_string("governance/pack_paper_pdf.jinja", {"pack": pack, "shown": pack_paper})


def _rendered(html: str) -> bytes:
    """The PDF of this HTML, rendered once and then read from storage."""
    name = f"{PARTS}/{hashlib.sha256(html.encode()).hexdigest()}.pdf"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    pdf = render_pdf(html, PACK_STYLESHEET)
    default_storage.save(name, ContentFile(pdf))
    return pdf


def _merged(parts: list[Part], title: str) -> bytes:
    writer = PdfWriter()
    outline: dict[int, object] = {}  # the last bookmark at each level, the parent of the next level down
    for part in parts:
        first_page = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(part.pdf)), import_outline=False)
        if part.item:
            outline[0] = writer.add_outline_item(title=part.item, page_number=first_page)
        parent = outline.get(part.level - 1) if part.level else None
        outline[part.level] = writer.add_outline_item(title=part.title, page_number=first_page, parent=parent)
    _number_pages(writer)
    writer.add_metadata({"/Title": f"Meeting pack: {title}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _number_pages(writer: PdfWriter) -> None:
    """Stamp "Page n of N" at the foot of every page, attached PDFs included, as a few bytes of page content:
    no second rendering. The page's own content is wrapped in q/Q so its graphics state cannot move the stamp."""
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    total = len(writer.pages)
    save = writer._add_object(_stream(b"q\n"))
    for number, page in enumerate(writer.pages, start=1):
        width = float(page.mediabox.width)
        text = f"Page {number} of {total}".encode()
        x = width - 18 * 72 / 25.4 - len(text) * 4.5  # right-aligned by Helvetica's average width at 9pt
        stamp = _stream(b"Q q BT /BLMKPageNumber 9 Tf 0.3 0.38 0.45 rg %.1f %.1f Td (%s) Tj ET Q\n" % (x, 24.0, text))
        resources = page.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
        fonts = resources.setdefault(NameObject("/Font"), DictionaryObject()).get_object()
        fonts[NameObject("/BLMKPageNumber")] = font
        contents = page.get(NameObject("/Contents"))
        own = contents.get_object() if contents is not None else None
        existing = list(own) if isinstance(own, list) else ([contents] if contents is not None else [])
        page[NameObject("/Contents")] = ArrayObject([save, *existing, writer._add_object(stamp)])


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream
