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
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
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
# Render processes at most, whatever the cores: each holds its own WeasyPrint, fonts and layout in memory.
MAX_RENDERERS = 4
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
    def reader(self) -> PdfReader:
        """The part parsed once, for counting its pages and for merging."""
        return PdfReader(io.BytesIO(self.pdf))

    @property
    def pages(self) -> int:
        return len(self.reader.pages)


def pack_fingerprint(pack: Pack) -> str:
    """A quick stand-in for the key, from the versions of everything the pack reads (no rendering), so that a
    stored pack is found without building its HTML. Every save bumps a version, so a change gives a new one."""
    meeting, terms = pack.meeting, pack.presenter.terms
    parts: list[object] = [meeting.pk, meeting.version, meeting.board.version, terms and (terms.pk, terms.version)]
    parts += [(item.pk, item.version, item.pk in pack.presenter.shown) for item in pack.presenter.items]
    for pack_paper in pack.papers:
        paper = pack_paper.paper
        parts += [("paper", paper.pk, paper.version, pack_paper.for_items)]
        parts += [(r.pk, r.version) for r in paper.recommendations.all()]
        parts += [(p.pk, p.version) for p in paper.priorities.all()]
        parts += [(a.pk, a.version, versions[0].pk) for a, versions in pack_paper.files]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def pack_key(pack: Pack) -> str:
    """What identifies the pack's contents, worked out without rendering anything: the HTML each part is rendered
    from and the bytes of each attached PDF. Equal keys, equal PDFs."""
    key = hashlib.sha256(_front_html(pack, starts={}).encode())
    for pack_paper in pack.papers:
        key.update(hashlib.sha256(_paper_html(pack, pack_paper).encode()).digest())
        for attachment, versions in pack_paper.files:
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
            "files": {attachment.title: versions[0].number for attachment, versions in pack_paper.files},
            "reasons": {attachment.title: versions[0].reason for attachment, versions in pack_paper.files},
        }
        for pack_paper in pack.papers
    ]


def _paper_parts(pack: Pack, progress: Callable[[int, int], None]) -> list[Part]:
    htmls = {pack_paper.paper.pk: _paper_html(pack, pack_paper) for pack_paper in pack.papers}
    rendered = _render_all(list(htmls.values()), progress)
    parts: list[Part] = []
    for entry in pack.entries:
        for index, pack_paper in enumerate(entry.papers):
            bookmark = entry.row.bookmark if index == 0 else None
            pdf = rendered[htmls[pack_paper.paper.pk]]
            parts.append(Part(pack_paper.heading, pdf, 1, pack_paper.paper.pk, bookmark))
            for attachment, versions in pack_paper.files:
                if versions[0].kind == "pdf":
                    with versions[0].file.open("rb") as stored:
                        parts.append(Part(attachment.title, stored.read(), 2))
    return parts


def _render_all(htmls: list[str], progress: Callable[[int, int], None]) -> dict[str, bytes]:
    """Each HTML's PDF: from storage where an earlier pack rendered it, else rendered now, on every core at once
    (WeasyPrint is pure Python: one process renders on one core)."""
    names = {html: f"{PARTS}/{hashlib.sha256(html.encode()).hexdigest()}.pdf" for html in htmls}
    stored = {html for html, name in names.items() if default_storage.exists(name)}
    missing = [html for html in dict.fromkeys(htmls) if html not in stored]
    done = len(htmls) - len(missing)
    progress(done, len(htmls))
    rendered: dict[str, bytes] = {}
    for html in stored:
        with default_storage.open(names[html], "rb") as file:
            rendered[html] = file.read()
    workers = min(len(missing), len(os.sched_getaffinity(0)), MAX_RENDERERS)
    if workers > 1:
        # Forked, the workers need no set-up; they only render, and never touch the database.
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {pool.submit(_render_part, html): html for html in missing}
            for future in as_completed(futures):
                rendered[futures[future]] = future.result()
                done += 1
                progress(done, len(htmls))
    else:
        for html in missing:
            rendered[html] = _render_part(html)
            done += 1
            progress(done, len(htmls))
    for html in missing:
        default_storage.save(names[html], ContentFile(rendered[html]))
    return rendered


def _render_part(html: str) -> bytes:
    return render_pdf(html, PACK_STYLESHEET, tagged=False)


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
    return _render_all([html], lambda done, total: None)[html]


def _merged(parts: list[Part], title: str) -> bytes:
    writer = PdfWriter()
    outline: dict[int, object] = {}  # the last bookmark at each level, the parent of the next level down
    for part in parts:
        first_page = len(writer.pages)
        writer.append(part.reader, import_outline=False)
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
