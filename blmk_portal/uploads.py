"""What an uploaded file really is, read from its bytes: never from its name or the browser's content type.

A file can be called report.pdf and be a program; the browser reports whatever the name suggests. So the kind
comes from the content: PDF, PNG and JPEG by their signatures, Word and Excel files by the parts their zip
holds, CSV as UTF-8 text. The file is read in chunks, so a large upload is never held in memory whole.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import zipfile
from collections.abc import Collection, Iterator

from django.core.files import File

# The kinds a FileField may allow, in the plain words messages use and in the order they list them.
KINDS: dict[str, str] = {
    "pdf": "PDF",
    "docx": "Word document",
    "xlsx": "Excel spreadsheet",
    "csv": "CSV file",
    "png": "PNG",
    "jpeg": "JPEG",
}
IMAGE_KINDS = ("png", "jpeg")

# What the browser's file picker offers first; the server still checks the content.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
    "csv": (".csv",),
    "png": (".png",),
    "jpeg": (".jpg", ".jpeg"),
}

# What each kind is sent as when downloaded, and the kinds a browser shows safely in place (others download).
CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
INLINE_KINDS = frozenset({"pdf", "png", "jpeg"})

CHUNK_SIZE = 64 * 1024

_SIGNATURES = {b"%PDF-": "pdf", b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}
_EXECUTABLE_SIGNATURES = (b"MZ", b"\x7fELF")  # Windows and Linux programs
_ZIP_SIGNATURE = b"PK\x03\x04"
_OFFICE_MAIN_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}

# A PDF name (like /JavaScript) runs until a PDF delimiter or whitespace; #xx spells a byte in hex.
_PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# Stream bodies (images, fonts, compressed page content) are skipped: their bytes are data, and by chance hold
# sequences like "/JS " often enough to refuse ordinary PDFs.
_PDF_STREAM_START = re.compile(rb"(?<=[\s>])stream(?:\r\n|\r|\n)")
_PDF_STREAM_END = b"endstream"
# Names are at most 127 bytes, so this much carried into the next chunk holds any name a chunk boundary cut.
_PDF_CARRY = 1024
_PDF_ACTIVE_NAMES = {b"JavaScript": "javascript", b"JS": "javascript", b"Launch": "launch"}


def kind_of(upload: File) -> str | None:
    """Which of KINDS the file's content is, or None if it is none of them (or a program, whatever its name)."""
    head = _head(upload, 8)
    if head.startswith(_EXECUTABLE_SIGNATURES):
        return None
    for signature, kind in _SIGNATURES.items():
        if head.startswith(signature):
            return kind
    if head.startswith(_ZIP_SIGNATURE):
        return _office_kind(upload)
    return "csv" if _is_utf8_text(upload) else None


def pdf_active_content(upload: File, chunk_size: int = CHUNK_SIZE) -> str | None:
    """Whether the PDF can run a script ("javascript") or start a program ("launch"); None if it can do neither.

    Automatic actions (/OpenAction, /AA) are only a danger through what they run, so the names searched for are
    the script and launch actions themselves. Scripts inside compressed object streams are not seen.
    """
    try:
        for name in _pdf_names_outside_streams(upload, chunk_size):
            active = _PDF_ACTIVE_NAMES.get(_PDF_NAME_ESCAPE.sub(lambda match: bytes.fromhex(match[1].decode()), name))
            if active:
                return active
        return None
    finally:
        upload.seek(0)


def sha256_of(upload: File) -> str:
    """The file's SHA-256, read in chunks: what a stored pack keys its contents by."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks(CHUNK_SIZE):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def kinds_in_words(kinds: Collection[str]) -> str:
    """The kinds as a person reads them: "a PDF, Word document, PNG or JPEG image"."""
    words = [KINDS[kind] for kind in KINDS if kind in kinds and kind not in IMAGE_KINDS]
    images = [KINDS[kind] for kind in IMAGE_KINDS if kind in kinds]
    if images:
        images[-1] += " image"
    words += images
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
    return f"{'an' if listed[0] in 'AEIOU' else 'a'} {listed}"


def size_in_words(size: int) -> str:
    """A size in bytes as a person reads it: 20 * 1024 * 1024 is "20 MB", and so is 20_000_000.

    Limits are written in both kinds of megabyte, so the reading that is exact (or nearest) wins; 1024 on a tie.
    """
    readings = [_reading(size, base) for base in (1024, 1000)]
    return min(readings, key=lambda reading: reading[1])[0]


def _reading(size: int, base: int) -> tuple[str, float]:
    """The size in the largest unit it fills, to one decimal place, and how far that rounding is out."""
    for unit, power in (("GB", 3), ("MB", 2), ("KB", 1)):
        amount = size / base**power
        if amount >= 1:
            shown = round(amount, 1)
            return f"{shown:,.1f}".removesuffix(".0") + f" {unit}", abs(shown - amount) / amount
    return f"{size} bytes", 0.0


def _head(upload: File, length: int) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def _office_kind(upload: File) -> str | None:
    try:
        # Only the zip's directory is read: nothing is decompressed, so a zip bomb costs nothing here.
        with zipfile.ZipFile(upload.file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    # Macro-enabled documents (.docm, .xlsm) carry their macros in vbaProject.bin: they are not what was allowed.
    if "[Content_Types].xml" not in names or any(name.endswith("vbaProject.bin") for name in names):
        return None
    return next((kind for part, kind in _OFFICE_MAIN_PARTS.items() if part in names), None)


def _is_utf8_text(upload: File) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()  # a byte order mark decodes like any other character
    try:
        for chunk in upload.chunks(CHUNK_SIZE):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        upload.seek(0)
    return True


def _pdf_names_outside_streams(upload: File, chunk_size: int) -> Iterator[bytes]:
    """Every PDF name outside stream bodies; a name cut by a chunk boundary is read whole with the next chunk.

    Bytes carried over are searched again, so a name can come twice: callers only ask whether one is there.
    """
    buffer = b""
    in_stream = False
    for chunk in upload.chunks(chunk_size):
        buffer += chunk
        while True:
            if in_stream:
                end = buffer.find(_PDF_STREAM_END)
                if end < 0:
                    # Keep enough to find an "endstream" the chunk boundary cut.
                    buffer = buffer[-len(_PDF_STREAM_END) :]
                    break
                buffer = buffer[end + len(_PDF_STREAM_END) :]
                in_stream = False
                continue
            start = _PDF_STREAM_START.search(buffer)
            if start is None:
                # A name running to the end of the buffer may go on in the next chunk.
                yield from (match[1] for match in _PDF_NAME.finditer(buffer) if match.end() < len(buffer))
                buffer = buffer[-_PDF_CARRY:]
                break
            yield from (match[1] for match in _PDF_NAME.finditer(buffer, 0, start.start()))
            buffer = buffer[start.end() :]
            in_stream = True
    if not in_stream:
        yield from (match[1] for match in _PDF_NAME.finditer(buffer))
