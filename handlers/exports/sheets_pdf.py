"""A collectivity's dossier as a PDF (fpdf2) to share with the council: one section per enjeu,
each sheet with its status, services, answers and attachments. Accents render (Source Sans
Pro embedded); characters the font lacks (emoji) are left out rather than shown as boxes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from handlers.exports.fonts import font_path, printable

if TYPE_CHECKING:
    from fpdf import FPDF

FAMILY = "SourceSans"
INK = (31, 42, 51)
MUTED = (91, 103, 112)
ACCENT = (46, 125, 50)


@dataclass(frozen=True)
class SheetRecord:
    """One sheet, already turned into labelled plain texts (no HTML)."""

    title: str
    status: str
    services: str
    fields: list[tuple[str, str]]  # (label, value), value "" when not answered
    attachments: list[str]
    updated: str
    authors: str = ""  # « créée par …, modifiée par …, soumise par … »


@dataclass(frozen=True)
class EnjeuSection:
    name: str
    sheets: list[SheetRecord]


@cache
def _dossier_pdf() -> Callable[[str], FPDF]:
    """A4 pages with the footer given; fpdf2 (~20 MB in a process) imported once a dossier is asked for."""
    from fpdf import FPDF

    class Dossier(FPDF):
        def __init__(self, footer_text: str) -> None:
            super().__init__(format="A4")
            self.footer_text = footer_text

        def footer(self) -> None:
            self.set_y(-14)
            self.set_font(FAMILY, size=8)
            self.set_text_color(*MUTED)
            self.cell(0, 8, f"{self.footer_text} · page {self.page_no()}/{{nb}}", align="C")

    return Dossier


def render_pdf(
    collectivity: str,
    edition: int,
    sections: Sequence[EnjeuSection],
    counts: str,
    generated: datetime,
    notes: Sequence[str] = (),
) -> bytes:
    """`notes`: what is provisional in the dossier (lists not yet the association's), printed under the title."""
    pdf = _dossier_pdf()(printable(f"{collectivity} — fiches actions, édition {edition}"))
    pdf.add_font(FAMILY, "", str(font_path()))
    pdf.add_font(FAMILY, "B", str(font_path(bold=True)))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(printable(f"Fiches actions {edition} — {collectivity}"))
    pdf.set_author("Arobase, assistant du label Territoires, Villes et Villages Internet")
    pdf.add_page()
    pdf.set_text_color(*MUTED)
    pdf.set_font(FAMILY, size=11)
    pdf.cell(
        0,
        7,
        printable(f"Label Territoires, Villes et Villages Internet — édition {edition}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "B", 22)
    pdf.multi_cell(0, 10, printable(collectivity), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=12)
    pdf.multi_cell(0, 7, printable(f"Dossier des fiches actions · {counts}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*MUTED)
    pdf.set_font(FAMILY, size=9)
    pdf.cell(0, 6, f"Document généré le {generated:%d/%m/%Y à %H:%M}", new_x="LMARGIN", new_y="NEXT")
    for note in notes:
        pdf.multi_cell(0, 5, printable(f"Provisoire : {note}"), new_x="LMARGIN", new_y="NEXT")
    for section in sections:
        _section(pdf, section)
    return bytes(pdf.output())


def _section(pdf: FPDF, section: EnjeuSection) -> None:
    pdf.ln(6)
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    pdf.set_draw_color(*ACCENT)
    pdf.set_text_color(*ACCENT)
    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(0, 8, printable(section.name), new_x="LMARGIN", new_y="NEXT")
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
    for record in section.sheets:
        _sheet(pdf, record)


def _sheet(pdf: FPDF, record: SheetRecord) -> None:
    if pdf.get_y() > pdf.h - 50:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "B", 13)
    pdf.multi_cell(0, 7, printable(record.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*MUTED)
    pdf.set_font(FAMILY, size=9)
    pdf.multi_cell(0, 5, printable(f"{record.status} · mise à jour le {record.updated}"), new_x="LMARGIN", new_y="NEXT")
    if record.authors:
        pdf.multi_cell(0, 5, printable(record.authors), new_x="LMARGIN", new_y="NEXT")
    _field(pdf, "Services", record.services)
    for label, value in record.fields:
        _field(pdf, label, value)
    if record.attachments:
        _field(pdf, "Pièces jointes", ", ".join(record.attachments))


def _field(pdf: FPDF, label: str, value: str) -> None:
    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "B", 10)
    pdf.multi_cell(0, 5.5, printable(label), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=10)
    if not value:
        pdf.set_text_color(*MUTED)
        value = "pas de réponse"
    pdf.multi_cell(0, 5.5, printable(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
