"""Exports of every sheet for staff: CSV for French Excel (UTF-8 BOM, `;`), XLSX and JSON, in the
chat (/export_fiches) and from the command line (`arobase export fiches`). Typed text never
becomes a formula; internal notes are never exported."""

from __future__ import annotations

import asyncio
import csv
import io
import json

from openpyxl import load_workbook

from bot.app import build_app
from bot.cli import main
from bot.config import Settings
from handlers.core.events import SendDocument
from tests.conftest import STAFF_ID
from tests.support.chat import Chat
from tests.support.clock import FakeClock
from tests.support.review import submitted_sheet

TRICKY_TITLE = '=HYPERLINK("http://x";"clic")'
TRICKY_SYNTHESIS = 'Deux lignes ;\nguillemets "ici" & accents éàç'


async def populate(app) -> dict[str, int]:
    """A sheet sent back for correction (with an internal note), a draft and a plain one."""
    ids = {
        "tricky": await submitted_sheet(app, 501, answers={"titre": TRICKY_TITLE, "synthese": TRICKY_SYNTHESIS}),
        "draft": await submitted_sheet(app, 502, town="Gaillac", code="81099", enjeu="emploi", submit=False),
        "plain": await submitted_sheet(app, 503, town="Castres", code="81065", attachments=True),
    }
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.press_data(f"rvo:{ids['tricky']}")
    await staff.press("🔒 Note interne")
    await staff.send("SECRET interne")
    await staff.press("✏️ Demander une correction")
    await staff.press("Incomplet")
    await staff.send("Précisez les résultats.")
    await staff.press("📨 Envoyer")
    return ids


async def export_in_chat(app, label: str) -> SendDocument:
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/export_fiches")
    assert "(3 fiches, brouillons compris)" in staff.text
    await staff.press(label)
    [document] = [r for r in staff.replies if isinstance(r, SendDocument)]
    assert "Les notes internes ne sont jamais exportées." in document.caption
    return document


async def test_csv_opens_in_french_excel_and_keeps_text_as_text(app):
    ids = await populate(app)
    document = await export_in_chat(app, "CSV (Excel)")
    assert document.filename.endswith(".csv") and document.mime_type == "text/csv"
    assert document.content.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    assert b"SECRET" not in document.content
    rows = list(csv.reader(io.StringIO(document.content.decode("utf-8-sig"), newline=""), delimiter=";"))
    header = rows[0]
    assert header[:8] == [
        "N°",
        "Édition",
        "Collectivité",
        "Code INSEE/SIREN",
        "Département",
        "Enjeu",
        "Statut",
        "Services",
    ]
    assert header[-2:] == ["Motif de la dernière correction", "Commentaire de la dernière correction"]
    by_id = {int(row[0]): dict(zip(header, row)) for row in rows[1:]}
    assert set(by_id) == set(ids.values())
    tricky = by_id[ids["tricky"]]
    assert tricky["Titre"] == "'" + TRICKY_TITLE  # never a formula
    assert tricky["Synthèse"] == TRICKY_SYNTHESIS
    assert (tricky["Collectivité"], tricky["Statut"], tricky["Enjeu"]) == ("Albi", "À corriger", "Éducation")
    assert tricky["Motif de la dernière correction"] == "Incomplet"
    assert tricky["Commentaire de la dernière correction"] == "Précisez les résultats."
    assert by_id[ids["draft"]]["Statut"] == "Brouillon"
    assert by_id[ids["plain"]]["Pièces jointes"] == "photo « Lancement », document « bilan.pdf »"
    assert by_id[ids["plain"]]["Date de début"] == "septembre 2025"


async def test_xlsx_has_one_row_per_sheet_with_text_cells(app):
    ids = await populate(app)
    document = await export_in_chat(app, "Excel (XLSX)")
    sheet = load_workbook(io.BytesIO(document.content))["Fiches"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    by_id = {row[0]: dict(zip(header, row)) for row in rows[1:]}
    assert set(by_id) == set(ids.values())
    assert by_id[ids["tricky"]]["Titre"] == TRICKY_TITLE
    title_cell = sheet.cell(row=[r[0] for r in rows].index(ids["tricky"]) + 1, column=header.index("Titre") + 1)
    assert title_cell.data_type == "s"  # stored as text: Excel shows it, never runs it
    assert not any("SECRET" in str(v) for row in rows for v in row)
    assert sheet.freeze_panes == "C2" and sheet.cell(row=1, column=1).font.b  # header kept in view, in bold
    assert title_cell.alignment.wrap_text  # long answers wrap in their cell


async def test_json_keeps_raw_values_and_the_visible_exchange_only(app):
    ids = await populate(app)
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/export_fiches json")
    [document] = [r for r in staff.replies if isinstance(r, SendDocument)]
    assert document.mime_type == "application/json" and b"SECRET" not in document.content
    data = json.loads(document.content)
    assert data["nombre"] == 3
    by_id = {record["id"]: record for record in data["fiches"]}
    tricky = by_id[ids["tricky"]]
    assert tricky["statut"] == "a_corriger" and tricky["enjeu"] == {"code": "education", "nom": "Éducation"}
    assert tricky["reponses"]["titre"] == TRICKY_TITLE and tricky["reponses"]["date_debut"] == "2025-09"
    assert tricky["collectivite"]["code"] == "81004"
    assert tricky["derniere_correction"]["motif"] == "Incomplet"
    assert [a["file_id"] for a in by_id[ids["plain"]]["pieces_jointes"]] == ["PHOTO-1", "DOC-1"]


async def test_an_empty_edition_says_so(app):
    staff = Chat(app.dispatcher, STAFF_ID, "Équipe")
    await staff.send("/export_fiches")
    assert staff.text.startswith("Aucune fiche pour l'édition") and not staff.buttons()


def test_the_command_line_exports_the_same_sheets(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    settings = Settings()
    settings.database.url = url
    settings.bot.staff_ids = [STAFF_ID]

    async def prepare() -> dict[str, int]:
        app = await build_app(settings, clock=FakeClock())
        try:
            return await populate(app)
        finally:
            await app.close()

    from storage.database import create_engine
    from storage.migrate import upgrade

    async def migrate() -> None:
        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()

    asyncio.run(migrate())
    ids = asyncio.run(prepare())
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    out = tmp_path / "fiches.json"

    assert main(["--config", str(config), "export", "fiches", "--format", "json", "--output", str(out)]) == 0
    assert "3 fiches écrites dans" in capsys.readouterr().out
    assert {record["id"] for record in json.loads(out.read_text(encoding="utf-8"))["fiches"]} == set(ids.values())

    csv_out = tmp_path / "fiches.csv"
    assert main(["--config", str(config), "export", "fiches", "--output", str(csv_out)]) == 0
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf") and b"SECRET" not in csv_out.read_bytes()
