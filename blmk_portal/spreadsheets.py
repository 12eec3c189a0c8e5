"""Reading a file of rows people fill in: an Excel workbook's first sheet or a CSV file, row by row with the
numbers a spreadsheet shows, so an import can say "row 7" and mean the row the person sees. Every upload of rows
(returns, trackers) reads its file here."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import PurePath
from typing import Any


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
    yield from enumerate(csv.reader(io.StringIO(text)), start=1)


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
