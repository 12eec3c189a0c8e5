"""The pack as one PDF: a cover, the agenda with the page each item's papers start on, then each paper (its
cover sheet, recommendations and body) with its attached PDFs merged in place; a bookmark per item, paper and
file; "Page n of N" on every page. It is a tagged PDF: screen readers follow its headings, lists and tables.

WeasyPrint takes about 5 s for 100 pages, so it never renders a whole pack. Each paper's pages are rendered
(tagged) once and stored, keyed by the hash of the HTML they come from: a paper that did not change is never
rendered again, and a changed one can never be served stale. The pack is then merged with pikepdf (qpdf: tens
of milliseconds), which keeps each part's structure tree as one /Part of the pack's /Document, and stored under
the hash of everything in it, so asking again serves the stored file. Only the short front matter is rendered
for each new pack, because its page numbers depend on the papers.
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

import pikepdf
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from pikepdf import Array, Dictionary, Name, OutlineItem, String

from blmk_portal.pdf import PRINT_STYLESHEET, render_pdf
from governance.packs import Pack, PackPaper

# The print styles, with no page numbers of their own: the merged pack is numbered as a whole.
PACK_STYLESHEET = settings.BASE_DIR / "static" / "css" / "pack.css"
PARTS = "packs/parts"
# Render processes at most, whatever the cores: each holds its own WeasyPrint, fonts and layout in memory.
MAX_RENDERERS = 4
PACKS = "packs"
FRONT_PAGES_GUESS = 2
# How parts are rendered, hashed into the name each part is stored under and into the pack's key: tagged, with
# these styles. A part stored by an earlier way of rendering (untagged, or with other styles) is never reused,
# nor a pack merged from such parts.
RENDERING = "tagged " + hashlib.sha256(PRINT_STYLESHEET.read_bytes() + PACK_STYLESHEET.read_bytes()).hexdigest()
LANGUAGE = "en-GB"
# The page number is an artifact: a screen reader reads the page, not its furniture.
STAMP = (
    b"Q\n/Artifact <</Type /Pagination /Subtype /Footer /Attached [/Bottom]>> BDC\n"
    b"q BT /BLMKPageNumber 9 Tf 0.3 0.38 0.45 rg %.1f %.1f Td (%s) Tj ET Q\nEMC\n"
)


@dataclass
class Part:
    """Pages of the pack from one source, and the bookmarks that lead to them."""

    title: str
    pdf: bytes
    level: int  # 0 for the cover and agenda, 1 for a paper, 2 for a file attached to it
    paper: int | str | None = None  # the paper's key (PackPaper.key), on its own pages
    item: str | None = None  # on a paper that opens an agenda item's papers: the item's bookmark

    @cached_property
    def reader(self) -> pikepdf.Pdf:
        """The part opened once, for counting its pages and for merging (it must stay open until the pack is
        saved: qpdf copies its pages' content then)."""
        return pikepdf.open(io.BytesIO(self.pdf))

    @property
    def pages(self) -> int:
        return len(self.reader.pages)


def pack_fingerprint(pack: Pack) -> str:
    """A quick stand-in for the key, from the versions of everything the pack reads (no rendering), so that a
    stored pack is found without building its HTML. Every save bumps a version, so a change gives a new one."""
    meeting, terms = pack.meeting, pack.presenter.terms
    parts: list[object] = [meeting.pk, meeting.version, meeting.board.version, terms and (terms.pk, terms.version)]
    parts += [(item.pk, item.version, item.pk in pack.presenter.shown) for item in pack.presenter.items]
    parts += [("question", shown.question.pk, shown.question.version) for shown in pack.questions]
    for pack_paper in pack.papers:
        paper = pack_paper.paper
        if pack_paper.log is not None:
            parts += [("log", pack_paper.key, pack_paper.for_items, pack_paper.log.fingerprint())]
        if paper is None:
            continue
        parts += [("paper", paper.pk, paper.version, pack_paper.for_items)]
        parts += [(r.pk, r.version) for r in paper.recommendations.all()]
        parts += [(p.pk, p.version) for p in paper.priorities.all()]
        parts += [(a.pk, a.version, versions[0].pk) for a, versions in pack_paper.files]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def pack_key(pack: Pack) -> str:
    """What identifies the pack's contents, worked out without rendering anything: the HTML each part is rendered
    from and the bytes of each attached PDF. Equal keys, equal PDFs."""
    key = hashlib.sha256(_part_hash(_front_html(pack, starts={})).encode())
    for pack_paper in pack.papers:
        key.update(_part_hash(_paper_html(pack, pack_paper)).encode())
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
    """What the pack holds, for telling one edition from the next: each paper's version and its files' (the action
    log's state is part of the version of the paper that carries it)."""
    return [
        {
            "paper": pack_paper.key,
            "heading": pack_paper.heading,
            "version": _version(pack_paper),
            "files": {attachment.title: versions[0].number for attachment, versions in pack_paper.files},
            "reasons": {attachment.title: versions[0].reason for attachment, versions in pack_paper.files},
        }
        for pack_paper in pack.papers
    ]


def _version(pack_paper: PackPaper) -> int | str:
    version = pack_paper.paper.version if pack_paper.paper else 0
    return f"{version} log {pack_paper.log.fingerprint()[:12]}" if pack_paper.log is not None else version


def _paper_parts(pack: Pack, progress: Callable[[int, int], None]) -> list[Part]:
    htmls = {pack_paper.key: _paper_html(pack, pack_paper) for pack_paper in pack.papers}
    rendered = _render_all(list(htmls.values()), progress)
    parts: list[Part] = []
    for entry in pack.entries:
        for index, pack_paper in enumerate(entry.papers):
            bookmark = entry.row.bookmark if index == 0 else None
            pdf = rendered[htmls[pack_paper.key]]
            parts.append(Part(pack_paper.heading, pdf, 1, pack_paper.key, bookmark))
            for attachment, versions in pack_paper.files:
                if versions[0].kind == "pdf":
                    with versions[0].file.open("rb") as stored:
                        parts.append(Part(attachment.title, stored.read(), 2))
    return parts


def _render_all(htmls: list[str], progress: Callable[[int, int], None]) -> dict[str, bytes]:
    """Each HTML's PDF: from storage where an earlier pack rendered it, else rendered now, on every core at once
    (WeasyPrint is pure Python: one process renders on one core)."""
    names = {html: f"{PARTS}/{_part_hash(html)}.pdf" for html in htmls}
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


def _part_hash(html: str) -> str:
    """What a part is stored under: its HTML, rendered as RENDERING says."""
    return hashlib.sha256(f"{RENDERING}\n{html}".encode()).hexdigest()


def _render_part(html: str) -> bytes:
    return render_pdf(html, PACK_STYLESHEET)


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


def _paper_starts(parts: list[Part], front_pages: int) -> dict[int | str, int]:
    """The page each paper starts on, by its key."""
    starts, page = {}, front_pages + 1
    for part in parts:
        if part.paper is not None:
            starts[part.paper] = page
        page += part.pages
    return starts


def _front_html(pack: Pack, starts: dict[int, int]) -> str:
    return render_to_string("governance/pack_front_pdf.jinja", {"pack": pack, "starts": starts})


def _paper_html(pack: Pack, pack_paper: PackPaper) -> str:
    paper = pack_paper.key
    if paper not in pack.paper_html:
        context = {"pack": pack, "shown": pack_paper}
        pack.paper_html[paper] = render_to_string("governance/pack_paper_pdf.jinja", context)
    return pack.paper_html[paper]


def _rendered(html: str) -> bytes:
    """The PDF of this HTML, rendered once and then read from storage."""
    return _render_all([html], lambda done, total: None)[html]


def _merged(parts: list[Part], title: str) -> bytes:
    """The parts as one tagged PDF: their pages in order, each part's structure tree as a /Part of the pack's
    /Document, a bookmark per item, paper and file, "Page n of N", and the pack's title and language."""
    pack = pikepdf.new()
    tags = _Tags(pack)
    with pack.open_outline() as outline:
        bookmarks: dict[int, OutlineItem] = {}  # the last at each level, the parent of the next level down
        for part in parts:
            first_page = len(pack.pages)
            pack.pages.extend(part.reader.pages)
            element = tags.add(part, pack.pages[first_page:])
            if part.item:
                bookmarks[0] = OutlineItem(part.item, first_page)
                outline.root.append(bookmarks[0])
            parent = bookmarks.get(part.level - 1) if part.level else None
            bookmarks[part.level] = OutlineItem(part.title, first_page, structure_element=element)
            (parent.children if parent else outline.root).append(bookmarks[part.level])
    tags.finish()
    _number_pages(pack)
    pack.Root.Lang = String(LANGUAGE)
    pack.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    with pack.open_metadata(set_pikepdf_as_editor=False) as metadata:  # the XMP and the document information
        metadata["dc:title"] = f"Meeting pack: {title}"
    out = io.BytesIO()
    # Object streams: the structure tree is thousands of small objects, half the file written one by one.
    pack.save(
        out,
        min_version=max(part.reader.pdf_version for part in parts),
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
    )
    return out.getvalue()


class _Tags:
    """The pack's structure tree: one /Document holding, in pack order, each tagged part's tree as a /Part (a part
    whose tree is one /Document becomes that /Part; others are wrapped in one). qpdf copies each part's tree with
    the same map it copied its pages with, so every /Pg lands on the pack's own page. Each part's ParentTree keys
    (and its pages' /StructParents, its annotations' /StructParent) move past the parts before it. An untagged
    part (a file uploaded as it came) adds pages but no tags; odd trees are taken as far as they make sense."""

    def __init__(self, pack: pikepdf.Pdf):
        self.pack = pack
        self.document = pack.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
        self.kids = Array()
        self.nums = Array()  # the ParentTree, flat: key, value, key, value...
        self.next_key = 0
        self.namespaces = Array()  # each part's own: its elements' /NS point at them
        self.namespaces_seen: set[tuple[int, int]] = set()
        self.maps: dict[str, Dictionary] = {"/RoleMap": Dictionary(), "/ClassMap": Dictionary()}
        self.ids: list[tuple[bytes, pikepdf.Object]] = []

    def add(self, part: Part, pages: list[pikepdf.Page]) -> Dictionary | None:
        """Take in the part's tree, its pages already in the pack; the part's /Part element, if it is tagged."""
        source = part.reader.Root.get("/StructTreeRoot")
        if not isinstance(source, Dictionary):
            _renumber(pages, None)  # stray keys would point into another part's tags
            return None
        if not source.is_indirect:  # qpdf copies only indirect objects
            source = part.reader.make_indirect(source)
        tree = self.pack.copy_foreign(source)
        element = self._part_element(part, tree)
        parent_tree = tree.get("/ParentTree")
        entries = sorted(_tree_entries(parent_tree, "/Nums")) if isinstance(parent_tree, Dictionary) else []
        keys = _renumber(pages, self.next_key if entries else None)
        for key, value in entries:
            self.nums.extend([key + self.next_key, value])
        ends = [key + 1 for key, _ in entries] + [key + 1 for key in keys]
        if entries and _whole(stated := tree.get("/ParentTreeNextKey")) is not None:
            ends.append(stated)
        self.next_key += max(ends, default=0)
        for namespace in _as_list(tree.get("/Namespaces")):
            if isinstance(namespace, Dictionary) and namespace.objgen not in self.namespaces_seen:
                self.namespaces_seen.add(namespace.objgen)
                self.namespaces.append(namespace)
        for name, merged in self.maps.items():
            if isinstance(own := tree.get(name), Dictionary):
                for key, value in own.items():
                    if key not in merged:  # the first part to name a role or class decides it
                        merged[key] = value
        if isinstance(id_tree := tree.get("/IDTree"), Dictionary):
            self.ids.extend(_tree_entries(id_tree, "/Names"))
        return element

    def _part_element(self, part: Part, tree: Dictionary) -> Dictionary:
        tops = [top for top in _as_list(tree.get("/K")) if isinstance(top, Dictionary)]
        if len(tops) == 1 and tops[0].get("/S") == Name.Document:
            element = tops[0] if tops[0].is_indirect else self.pack.make_indirect(tops[0])
            element.S = Name.Part
        else:
            element = self.pack.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part, K=Array(tops)))
            for top in tops:
                top.P = element
        element.P = self.document
        element.T = String(part.title)
        if "/Lang" not in element and isinstance(lang := part.reader.Root.get("/Lang"), String):
            element.Lang = String(str(lang))  # the part's language, which its catalog gave
        self.kids.append(element)
        return element

    def finish(self) -> None:
        root = self.pack.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=self.document))
        root.ParentTree = self.pack.make_indirect(Dictionary(Nums=self.nums))
        root.ParentTreeNextKey = self.next_key
        if self.namespaces:
            root.Namespaces = self.namespaces
        for name, merged in self.maps.items():
            if merged:
                root[name] = merged
        if self.ids:
            names = Array()
            for key, value in sorted(dict(reversed(self.ids)).items()):  # the first part to use an ID keeps it
                names.extend([String(key), value])
            root.IDTree = Dictionary(Names=names)
        self.document.K = self.kids
        self.document.P = root
        self.pack.Root.StructTreeRoot = root
        self.pack.Root.MarkInfo = Dictionary(Marked=True)


def _renumber(pages: list[pikepdf.Page], offset: int | None) -> list[int]:
    """Move the pages' /StructParents and their annotations' /StructParent on by `offset`, or remove them where
    there is no ParentTree for them to point into (None); the keys as they were."""
    keys = []
    for page in pages:
        annotations = [a for a in _as_list(page.obj.get("/Annots")) if isinstance(a, Dictionary)]
        for holder, name in [(page.obj, "/StructParents"), *((a, "/StructParent") for a in annotations)]:
            if name not in holder:
                continue
            key = _whole(holder[name])
            if offset is not None and key is not None:
                keys.append(key)
                holder[name] = key + offset
            else:
                del holder[name]
    return keys


def _tree_entries(node: Dictionary, kind: str) -> list[tuple]:
    """The (key, value) pairs of a number tree (`kind` "/Nums") or a name tree ("/Names"), leaves and /Kids
    alike; pairs with a key of the wrong type are left out, and a node met twice is read once."""
    entries: list[tuple] = []
    seen: set[tuple[int, int]] = set()
    nodes = [node]
    while nodes:
        current = nodes.pop()
        if current.is_indirect:
            if current.objgen in seen:
                continue
            seen.add(current.objgen)
        pairs = _as_list(current.get(kind))
        for key, value in zip(pairs[::2], pairs[1::2], strict=False):
            if kind == "/Nums" and _whole(key) is not None:
                entries.append((key, value))
            elif kind == "/Names" and isinstance(key, String):
                entries.append((bytes(key), value))
        nodes.extend(reversed([kid for kid in _as_list(current.get("/Kids")) if isinstance(kid, Dictionary)]))
    return entries


def _whole(value: object) -> int | None:
    """A key of a number tree or a /StructParents as it should be, a whole number not below 0, or None."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _as_list(value: object) -> list:
    """An entry that may be one object or an array of them, as a list (empty where it is missing)."""
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def _number_pages(pack: pikepdf.Pdf) -> None:
    """Stamp "Page n of N" at the foot of every page, attached PDFs included, as a few bytes of page content
    marked as an artifact: no second rendering. The page's own content is wrapped in q/Q so its graphics state
    cannot move the stamp."""
    font = pack.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding)
    )
    total = len(pack.pages)
    save = pack.make_stream(b"q\n")
    for number, page in enumerate(pack.pages, start=1):
        x0, y0, x1, y1 = (float(value) for value in page.cropbox)  # what a viewer shows of the page
        text = f"Page {number} of {total}".encode()
        x = max(x0, x1) - 18 * 72 / 25.4 - len(text) * 4.5  # right-aligned by Helvetica's average width at 9pt
        page.add_resource(font, Name.Font, Name("/BLMKPageNumber"))
        page.contents_add(save, prepend=True)
        page.contents_add(pack.make_stream(STAMP % (x, min(y0, y1) + 24, text)))
