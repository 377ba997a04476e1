"""« Voir ma mosaïque » (PNG) and « Exporter mon dossier » (PDF + XLSX) from the collectivity's sheets."""

from __future__ import annotations

import io
import re
import zlib

from openpyxl import load_workbook
from PIL import Image

from handlers.core.events import SendDocument, SendPhoto
from handlers.exports import sheets_mosaic as mosaic
from tests.support.chat import Chat
from tests.support.sheets import fill_whole_sheet, join


async def dossier_with_sheets(app) -> Chat:
    await join(app.sessions, 801, town="Saint-Étienne-de-Tinée")
    chat = Chat(app.dispatcher, 801)
    await fill_whole_sheet(chat, "Éducation", {"titre": "=1+1 <b>École</b> numérique 🎒"})
    await chat.press("📨 Soumettre pour relecture")
    await chat.press("📨 Oui, soumettre")
    await fill_whole_sheet(chat, "Éducation", {"titre": "Tablettes en classe"})
    await fill_whole_sheet(chat, "Solidarités", {"titre": "Aide aux démarches"})
    await chat.send("/start fiches")
    return chat


def tile_colour(picture: Image.Image, index: int) -> tuple[int, int, int]:
    width = (mosaic.WIDTH - 2 * mosaic.MARGIN - (mosaic.COLUMNS - 1) * mosaic.GAP) // mosaic.COLUMNS
    x = mosaic.MARGIN + (index % mosaic.COLUMNS) * (width + mosaic.GAP) + width - 12
    y = mosaic.HEADER + (index // mosaic.COLUMNS) * (mosaic.TILE_HEIGHT + mosaic.GAP) + mosaic.TILE_HEIGHT // 2
    return picture.getpixel((x, y))


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


async def test_the_mosaic_picture_colours_each_enjeu_by_its_sheets(app):
    chat = await dossier_with_sheets(app)
    await chat.press("🖼 Voir ma mosaïque")
    [photo] = [r for r in chat.replies if isinstance(r, SendPhoto)]
    assert photo.caption == "Votre mosaïque 2027 : 3 fiches, enjeux couverts : 2 sur 16."
    picture = Image.open(io.BytesIO(photo.content))
    assert picture.format == "PNG" and picture.width == 1080 and picture.height > 1200
    enjeux = app.content.matrix.enjeux
    education = next(i for i, e in enumerate(enjeux) if e.code == "education")
    solidarity = next(i for i, e in enumerate(enjeux) if e.code == "solidarites")
    assert tile_colour(picture, education) == rgb(mosaic.SHADES[2][0])
    assert tile_colour(picture, solidarity) == rgb(mosaic.SHADES[1][0])
    assert tile_colour(picture, 0) == rgb(mosaic.SHADES[0][0])


def pdf_streams(pdf: bytes) -> bytes:
    """Every stream of the PDF, inflated, to look into fonts and their Unicode maps."""
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            out.append(match.group(1))
    return b"\n".join(out)


async def test_the_dossier_exports_as_pdf_and_spreadsheet(app):
    chat = await dossier_with_sheets(app)
    await chat.press("📄 Exporter mon dossier")
    assert "Voici votre dossier" in chat.text
    pdf, xlsx = [r for r in chat.replies if isinstance(r, SendDocument)]
    assert pdf.filename == "fiches-actions-2027-Saint-Etienne-de-Tinee.pdf" and pdf.mime_type == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and b"SourceSansPro" in pdf.content
    unicode_maps = pdf_streams(pdf.content)
    for accented in ("00C9", "00E9", "00E8", "00E0"):  # É é è à: drawn with real glyphs
        assert accented.encode() in unicode_maps.upper(), accented

    book = load_workbook(io.BytesIO(xlsx.content))
    rows = list(book["Fiches"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Enjeu", "Titre", "Statut", "Services") and "Niveau de réalisation" in rows[0]
    assert [r[1] for r in rows[1:]] == ["=1+1 <b>École</b> numérique 🎒", "Tablettes en classe", "Aide aux démarches"]
    assert book["Fiches"]["B2"].data_type == "s"  # typed « = » stays text, never a formula
    assert [r[2] for r in rows[1:]] == ["Soumise, en relecture", "Brouillon", "Brouillon"]
    mosaic_rows = list(book["Mosaïque"].iter_rows(values_only=True))
    assert ("Éducation", 2, 1) in mosaic_rows and len(mosaic_rows) == 17


async def test_an_empty_dossier_has_nothing_to_export(app):
    await join(app.sessions, 802)
    chat = Chat(app.dispatcher, 802)
    await chat.send("/start fiches")
    await chat.press("📄 Exporter mon dossier")
    assert "encore vide" in chat.text and not any(isinstance(r, SendDocument) for r in chat.replies)
