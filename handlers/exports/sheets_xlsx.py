"""A collectivity's dossier as a spreadsheet (openpyxl): one row per sheet, one column per field,
plus a « Mosaïque » tab with the counts per enjeu. Answers are written as text, never as
formulas (a leading « = » typed by a person stays text)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from handlers.exports.excel import new_workbook, xlsx_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


def _write_row(sheet, row: int, values: Sequence[object]) -> None:
    from openpyxl.styles import Alignment

    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, str):
            cell.value = xlsx_text(value)
            cell.data_type = "s"  # never a formula, whatever the person typed
        else:
            cell.value = value
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _header(sheet, labels: Sequence[str], widths: Sequence[int]) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    _write_row(sheet, 1, labels)
    for column, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=column)
        cell.fill, cell.font = PatternFill("solid", fgColor="2E7D32"), Font(bold=True, color="FFFFFF")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def render_xlsx(
    title: str,
    field_labels: Sequence[str],
    rows: Sequence[Sequence[object]],
    mosaic: Sequence[tuple[str, int, int]],
    notes: Sequence[str] = (),
) -> bytes:
    """`rows`: enjeu, titre, statut, services, one value per field label, pièces jointes,
    mise à jour; `mosaic`: (enjeu, fiches, à terminer)."""
    book = new_workbook()
    sheets = cast("Worksheet", book.active)  # a new Workbook's active sheet is its one Worksheet
    sheets.title = "Fiches"
    labels = ["Enjeu", "Titre", "Statut", "Services", *field_labels, "Pièces jointes", "Mise à jour"]
    labels += ["Créée par", "Modifiée en dernier par", "Soumise par"]
    widths = [24, 32, 16, 36, *([40] * len(field_labels)), 28, 18, 30, 30, 30]
    _header(sheets, labels, widths)
    for number, values in enumerate(rows, start=2):
        _write_row(sheets, number, values)
    mosaic_tab = book.create_sheet("Mosaïque")
    _header(mosaic_tab, ["Enjeu", "Fiches", "Dont à terminer"], [44, 10, 16])
    for number, (name, count, drafts) in enumerate(mosaic, start=2):
        _write_row(mosaic_tab, number, [name, count, drafts])
    if notes:  # what is provisional, in a tab of its own
        notes_tab = book.create_sheet("À savoir")
        _header(notes_tab, ["Provisoire, en attendant les listes officielles de l'association"], [100])
        for number, note in enumerate(notes, start=2):
            _write_row(notes_tab, number, [note])
    book.properties.title = xlsx_text(title)[:255]
    book.properties.creator = "Arobase"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
