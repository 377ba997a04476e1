"""What every staff export shares: the file it produces, and CSV that French Excel opens as is
(UTF-8 with BOM, `;` separator, CRLF) where typed text never becomes a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes
    mime_type: str
    rows: int


def excel_safe(value: object) -> str:
    """A leading = + - @ makes Excel run the cell as a formula: prefix it with a quote."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_for_excel(labels: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(labels)
    writer.writerows([[excel_safe(cell) for cell in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")
