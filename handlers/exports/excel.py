"""What every staff export shares: the file it produces, CSV that French Excel opens as is
(UTF-8 with BOM, `;` separator, CRLF, every field quoted) where typed text never becomes a formula,
and the text an XLSX cell can hold."""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The control characters openpyxl refuses in a cell (its `openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE`),
# written here so that a CSV export does not import openpyxl.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
XML_WRITE_BUFFER = 16 * 1024 * 1024  # bytes of a sheet's XML held before one write to its temporary file


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


def xlsx_text(value: str) -> str:
    """The text without the characters an XLSX file cannot hold (control characters such as U+0001,
    which openpyxl refuses): every XLSX export writes its strings through this."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def csv_for_excel(labels: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """Every field quoted: a reader splitting on `,` (not Excel's `;`) never sees a field start with
    a formula character in the middle of a value (« Dupont,=HYPERLINK(…) »)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(labels)
    for row in rows:  # a row at a time: one `writerows` call would hold the interpreter for all of them
        writer.writerow([excel_safe(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def new_workbook(*, write_only: bool = False) -> Workbook:
    """An openpyxl workbook, for every XLSX export. openpyxl (~8 MB) is imported here, by the
    export that needs it, not by every bot process; and its XML goes to disk in large blocks
    (`_rare_xml_writes`), so the bot keeps answering while the file is written in a thread."""
    from openpyxl import Workbook

    _rare_xml_writes()
    return Workbook(write_only=write_only)


@functools.cache
def _rare_xml_writes() -> None:
    """Make openpyxl write a sheet's XML to its temporary file in 16 MB blocks, not 8 KB ones.

    An XLSX export runs in a thread (`asyncio.to_thread`). Each small write releases the
    interpreter lock for a moment and takes it back at once; the event loop's thread, waiting
    for the lock, loses its turn every time (CPython's GIL convoy), so nobody got a reply for
    0.2–1.2 s during an edition's XLSX export (measured: bench/edition.py, « loop blocked »).
    With a 16 MB buffer a sheet is a few writes and the loop waits ≤ 11 ms.

    openpyxl writes through et_xmlfile (without lxml), whose `incremental_tree` opens the file
    by the name `open`: a buffered `open` is installed there, once. With lxml installed openpyxl
    uses it instead and this changes nothing."""
    from et_xmlfile import incremental_tree

    incremental_tree.open = functools.partial(open, buffering=XML_WRITE_BUFFER)
