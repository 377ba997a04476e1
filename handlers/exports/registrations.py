"""Attendee lists of the webinar sessions as files: CSV that French Excel opens as is (UTF-8
with BOM, `;` separator, CRLF) and XLSX (openpyxl). The rows come from `handlers.webinar.export`.
User text never becomes an Excel formula: quoted in CSV, typed text in XLSX (without the control
characters XLSX cannot hold).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, cast

from handlers.exports.excel import csv_for_excel, new_workbook, xlsx_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

HEADER = (
    "Séance",
    "Titre",
    "Date",
    "Statut",
    "Nom",
    "Fonction",
    "E-mail",
    "Collectivité",
    "Code INSEE/SIREN",
    "Département",
    "Inscrit·e le",
)


def to_csv(rows: list[list[str]]) -> bytes:
    return csv_for_excel(HEADER, rows)


def to_xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = new_workbook()
    sheet = cast("Worksheet", book.active)  # a new Workbook's active sheet is its one Worksheet
    sheet.title = "Inscriptions"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([xlsx_text(value) for value in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.data_type = "s"  # text, never a formula (a name may start with « = »)
    widths = [max(len(str(v)) for v in column) for column in zip(HEADER, *rows)] if rows else [len(h) for h in HEADER]
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(50, width + 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
