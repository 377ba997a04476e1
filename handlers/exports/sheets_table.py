"""Every action sheet of an edition, for staff, as files: CSV that French Excel opens as is
(UTF-8 with BOM, `;`, CRLF), XLSX (openpyxl) and JSON (structured, raw values).

Renderers only: the rows and records come from `handlers.review.export_data`. Typed text
never becomes an Excel formula.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from handlers.exports.excel import csv_for_excel, new_workbook, xlsx_text

FORMATS = ("csv", "xlsx", "json")
MIME_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
TableValue = str | int | float | None  # what a cell of the table holds

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell


def to_csv(labels: list[str], rows: list[list[TableValue]]) -> bytes:
    return csv_for_excel(labels, rows)


def to_xlsx(labels: list[str], rows: list[list[TableValue]], title: str) -> bytes:
    """Written row by row (openpyxl's write-only mode): an edition's 12,500 sheets never sit in memory
    as cell objects, and no single step holds the interpreter long (the bot answers meanwhile)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = new_workbook(write_only=True)
    sheet = book.create_sheet("Fiches")
    for column, label in enumerate(labels, start=1):
        longest = max([len(label), *(len(str(row[column - 1])) for row in rows[:200])])
        sheet.column_dimensions[get_column_letter(column)].width = min(50, max(8, longest + 2))
    sheet.freeze_panes = "C2"
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def cell(value: TableValue, **style: Any) -> Cell:
        written = WriteOnlyCell(sheet, value=xlsx_text(value) if isinstance(value, str) else value)
        if isinstance(value, str):
            written.data_type = "s"  # text, never a formula, whatever the person typed
        for name, applied in style.items():
            setattr(written, name, applied)
        return written

    sheet.append([cell(label, font=bold) for label in labels])
    for values in rows:
        sheet.append([cell(value, alignment=wrapped) for value in values])
    book.properties.title = title
    book.properties.creator = "Arobase"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_json(records: list[dict[str, Any]], edition: int | None, now: datetime) -> bytes:
    document = {"edition": edition, "exporte_le": now.isoformat(), "nombre": len(records), "fiches": records}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
