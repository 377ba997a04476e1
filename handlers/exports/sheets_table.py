"""Every action sheet of an edition, for staff, as files: CSV that French Excel opens as is
(UTF-8 with BOM, `;`, CRLF), XLSX (openpyxl) and JSON (structured, raw values).

Renderers only: the rows and records come from `handlers.review.export_data`. Typed text
never becomes an Excel formula.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from handlers.exports.excel import csv_for_excel, xlsx_text

FORMATS = ("csv", "xlsx", "json")
MIME_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
TableValue = str | int | float | None  # what a cell of the table holds

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


def to_csv(labels: list[str], rows: list[list[TableValue]]) -> bytes:
    return csv_for_excel(labels, rows)


def to_xlsx(labels: list[str], rows: list[list[TableValue]], title: str) -> bytes:
    from openpyxl import Workbook  # openpyxl (~8 MB) is imported by the export that needs it, not by every bot process
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wrapped = Alignment(wrap_text=True, vertical="top")
    book = Workbook()
    sheet = cast("Worksheet", book.active)  # a new Workbook's active sheet is its one Worksheet
    sheet.title = "Fiches"
    sheet.append([xlsx_text(label) for label in labels])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column)
            if isinstance(value, str):
                cell.value = xlsx_text(value)
                cell.data_type = "s"  # text, never a formula, whatever the person typed
            else:
                cell.value = value
            cell.alignment = wrapped
    for column, label in enumerate(labels, start=1):
        longest = max([len(label), *(len(str(row[column - 1])) for row in rows[:200])])
        sheet.column_dimensions[get_column_letter(column)].width = min(50, max(8, longest + 2))
    sheet.freeze_panes = "C2"
    book.properties.title = title
    book.properties.creator = "Arobase"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_json(records: list[dict[str, Any]], edition: int | None, now: datetime) -> bytes:
    document = {"edition": edition, "exporte_le": now.isoformat(), "nombre": len(records), "fiches": records}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
