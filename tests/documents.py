"""Real PDFs for tests to upload, and what a reader can read in one: its text, and its tags as a screen reader
follows them."""

import collections
import functools
import io
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name
from pypdf import PdfReader

from blmk_portal.pdf import render_pdf


@functools.cache
def a_pdf(text: str = "An annex", pages: int = 1) -> bytes:
    """A real PDF (rendered by WeasyPrint, so tagged), `pages` long, each page saying `text` and its sheet number."""
    sections = "".join(f'<p style="break-after: page">{text}, sheet {n}</p>' for n in range(1, pages + 1))
    return render_pdf(f"<html lang='en'><body>{sections}</body></html>")


def an_untagged_pdf(text: str = "An untagged annex", pages: int = 1, *, stray_keys: bool = False) -> bytes:
    """A PDF as many are uploaded: text on each page, no structure tree and no marked content. With `stray_keys`,
    its pages still carry the /StructParents of a tree that was taken out (as some editors leave them)."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    for number in range(1, pages + 1):
        page = pdf.add_blank_page(page_size=(595, 842))
        page.add_resource(font, Name.Font, Name.F1)
        page.contents_add(pdf.make_stream(f"BT /F1 12 Tf 72 770 Td ({text}, sheet {number}) Tj ET".encode()))
        if stray_keys:
            page.obj.StructParents = number - 1
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


# Structure trees other tools write that a merge must not trip on, each made from a tagged PDF.
ODD_TREES = (
    "its /K a dictionary",
    "its ParentTree in /Kids",
    "no ParentTree",
    "several top elements",
    "a direct StructTreeRoot",
)


def a_pdf_with_an_odd_tree(odd: str, text: str = "Odd annex", pages: int = 2) -> bytes:
    """A tagged PDF whose structure tree is odd in the way ODD_TREES names."""
    pdf = pikepdf.open(io.BytesIO(a_pdf(text, pages)))
    root = pdf.Root.StructTreeRoot
    if odd == "its /K a dictionary":
        root.K = root.K[0]
    elif odd == "its ParentTree in /Kids":
        nums = list(root.ParentTree.Nums)
        halves = [nums[: len(nums) // 4 * 2], nums[len(nums) // 4 * 2 :]]
        kids = [Dictionary(Nums=Array(half), Limits=Array([half[0], half[-2]])) for half in halves if half]
        root.ParentTree = Dictionary(Kids=Array([pdf.make_indirect(kid) for kid in kids]))
    elif odd == "no ParentTree":
        del root["/ParentTree"]
    elif odd == "several top elements":
        root.K = Array(list(root.K[0].K))
        for top in root.K:
            top.P = root
    elif odd == "a direct StructTreeRoot":
        pdf.Root.StructTreeRoot = Dictionary(dict(root.items()))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pdf_text(content: bytes) -> str:
    """The text of every page, in order."""
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def marked_text(content: bytes) -> dict[tuple[int, int | None], str]:
    """The text of each marked-content sequence, by (page index, MCID): what the tags lead a screen reader to.
    Text in an artifact, or in no marked content at all, is under (page index, None)."""
    texts: dict[tuple[int, int | None], str] = collections.defaultdict(str)
    for index, page in enumerate(PdfReader(io.BytesIO(content)).pages):
        marks: list[int | None] = []

        def before(operator, operands, cm, tm, marks=marks):
            if operator in (b"BDC", b"BMC"):
                properties = operands[1] if operator == b"BDC" and len(operands) > 1 else {}
                marks.append(properties.get("/MCID") if hasattr(properties, "get") else None)
            elif operator == b"EMC" and marks:
                marks.pop()

        def text(value, *_, marks=marks, index=index):
            texts[(index, marks[-1] if marks else None)] += value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return dict(texts)


@dataclass
class Element:
    """A structure element as a screen reader meets it: its type, its title (/T), the page it is on (/Pg, its own
    or inherited; -1 for one that is no page of the document), and the marked content (page index, MCID) it and
    the elements below it hold, in order."""

    type: str
    title: str | None
    page: int | None
    content: list[tuple[int | None, int]]

    def text(self, texts: dict) -> str:
        """What a reader hears for it, from `marked_text`."""
        return "".join(texts.get(key, "") for key in self.content).strip()


def elements(pdf: pikepdf.Pdf) -> list[Element]:
    """Every structure element below the StructTreeRoot, in reading order."""
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    found: list[Element] = []

    def page_of(node, inherited):
        return pages.get(node.Pg.objgen, -1) if "/Pg" in node else inherited

    def walk(node, inherited) -> list[tuple[int | None, int]]:
        element = Element(str(node.S), str(node.T) if "/T" in node else None, page_of(node, inherited), [])
        found.append(element)
        kids = list(node.K) if isinstance(node.get("/K"), Array) else [node.get("/K")]
        for kid in kids:
            if isinstance(kid, int):
                element.content.append((element.page, kid))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                element.content.append((page_of(kid, element.page), int(kid.MCID)))
            elif isinstance(kid, Dictionary) and "/S" in kid:
                element.content.extend(walk(kid, element.page))
        return element.content

    top = pdf.Root.StructTreeRoot.K
    for node in list(top) if isinstance(top, Array) else [top]:
        walk(node, None)
    return found
