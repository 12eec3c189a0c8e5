"""Files of rows for spreadsheets, both ways.

Reading a file people fill in: an Excel workbook's first sheet or a CSV file, row by row with the numbers a
spreadsheet shows, so an import can say "row 7" and mean the row the person sees. Every upload of rows (returns,
trackers) reads its file here.

Writing a file people download: every CSV goes through `csv_text` and every workbook through `text_stays_text`,
so text in one never runs as a formula (CSV injection; OWASP's list of the characters a spreadsheet reads a
formula from), whoever typed it: a risk's description, an indicator's name, an organisation's short name."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import Any

# What a spreadsheet reads a formula from, at the start of a cell (OWASP); a ' before it makes the cell text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number ("-3.5", "+2") is a number to a spreadsheet, never a formula, and a file read back must keep it.
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
GUARD = "'"


class Unreadable(Exception):
    """The file is neither a workbook nor CSV text that can be read; the message says what to do."""


def read_cells(file_name: str, data: bytes) -> Iterator[tuple[int, list[Any]]]:
    """The rows of the file's first sheet with their numbers, as cell values (text for CSV)."""
    if data[:4] == b"PK\x03\x04" or PurePath(file_name).suffix.lower() == ".xlsx":
        yield from _xlsx_cells(data)
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable(
            "The file is neither an Excel workbook (.xlsx) nor CSV text in UTF-8: save it as ‘CSV UTF-8’ or as .xlsx"
        ) from None
    # A CSV the portal wrote guards text a spreadsheet would run as a formula: read the text it guarded.
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        yield number, [unguarded(cell) for cell in row]


def _xlsx_cells(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook  # only uploads of workbooks need it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            yield number, [_cell_value(cell) for cell in cells]
    except Exception:
        raise Unreadable("The file could not be read as an Excel workbook (.xlsx)") from None


def _cell_value(cell) -> Any:
    value = getattr(cell, "value", None)
    # A cell formatted as a percentage holds the fraction (0.9414 shows as 94.14%): take what the person sees.
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return Decimal(repr(value)) * 100
    return value


# Writing files people download.


def formula_safe(text: str) -> str:
    """Text a spreadsheet would run as a formula, with a ' before it: a spreadsheet shows it as the text it is."""
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return GUARD + text
    return text


def unguarded(text: str) -> str:
    """A cell of a file the portal wrote, read back as the text it was written from (`formula_safe` undone)."""
    if text.startswith(GUARD) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """One header row, then a line a row (CRLF, as RFC 4180 has it): an empty cell for None, numbers as Python
    writes them, and text made formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return out.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return formula_safe(value)
    return value


def text_stays_text(sheet) -> None:
    """A workbook's text cells kept as text: openpyxl takes text that starts with "=" for a formula Excel would
    run."""
    for cells in sheet.iter_rows():
        for cell in cells:
            if cell.data_type == "f":
                cell.data_type = "s"
