"""Exports that hostile text never breaks: every CSV field quoted (a reader splitting on `,` sees no
formula), characters XLSX cannot hold (U+0001…) dropped from every XLSX export, and attachment
captions re-sent to staff that Telegram accepts whatever they contain."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from handlers.core.events import SendDocument, SendFile
from handlers.exports.excel import csv_for_excel
from handlers.exports.sheets_table import to_xlsx as sheets_table_xlsx
from handlers.exports.sheets_xlsx import render_xlsx
from storage.repositories.sheet_files import SheetFilesRepository
from storage.repositories.sheets import SheetsRepository
from tests.conftest import STAFF_ID
from tests.fakebotapi.errors import ApiError
from tests.fakebotapi.html_parser import utf16_len
from tests.fakebotapi.validation import format_text
from tests.support.chat import Chat
from tests.support.review import submitted_sheet
from tests.support.sheets import join
from tests.support.webinars import S1, S2, known_person, use_sessions


def document(chat: Chat) -> SendDocument:
    return next(a for a in chat.replies if isinstance(a, SendDocument))


def test_every_csv_field_is_quoted_so_a_comma_reader_sees_no_formula():
    content = csv_for_excel(["Nom", "Note"], [['Dupont,=HYPERLINK("http://x")', "=1+1"], ["Zoé", 3]])
    text = content.decode("utf-8-sig")
    assert content.startswith(b"\xef\xbb\xbf") and text.endswith("\r\n")
    assert text.splitlines() == ['"Nom";"Note"', '"Dupont,=HYPERLINK(""http://x"")";"\'=1+1"', '"Zoé";"3"']
    # French Excel (`;`) reads the values back; a `,` reader keeps the quoted field whole.
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1] == ['Dupont,=HYPERLINK("http://x")', "'=1+1"]
    for row in csv.reader(io.StringIO(text), delimiter=","):
        assert not any(field.startswith(("=", "+", "-", "@")) for field in row)


async def register(app, user_id: int, name: str) -> None:
    await known_person(app, user_id, name)
    chat = Chat(app.dispatcher, user_id)
    await chat.send("/start webinaire")
    await chat.press("jeudi 12 mars")
    await chat.press("✅")


@pytest.fixture
def sessions(settings, tmp_path):
    """The webinar sessions of tests/core/test_webinar_staff.py (ask for it before `app`)."""
    return use_sessions(settings, tmp_path, S1, S2)


async def test_the_attendee_list_exports_a_name_with_a_control_character(sessions, app):
    await register(app, 801, "Anne\x01 Dupont")
    await register(app, 802, "Paul, =1+1")
    staff = Chat(app.dispatcher, STAFF_ID)
    await staff.send("/inscrits")
    await staff.press("Excel 12/03")
    sheet = load_workbook(io.BytesIO(document(staff).content)).active
    assert [sheet["E2"].value, sheet["E3"].value] == ["Anne Dupont", "Paul, =1+1"]
    assert sheet["G2"].value == "anne@example.fr"  # the e-mail made of the name's first word too
    await staff.press("CSV 12/03")
    rows = list(csv.reader(io.StringIO(document(staff).content.decode("utf-8-sig")), delimiter=";"))
    assert [rows[1][4], rows[2][4]] == ["Anne\x01 Dupont", "Paul, =1+1"]


async def test_the_sheets_export_drops_control_characters_too(app):
    await submitted_sheet(app, 501, answers={"titre": "Portail\x01 famille", "synthese": "ligne\x0bsuivante"})
    staff = Chat(app.dispatcher, STAFF_ID)
    await staff.send("/export_fiches")
    await staff.press("Excel")
    sheet = load_workbook(io.BytesIO(document(staff).content)).active
    values = [cell.value for cell in sheet[2]]
    assert "Portail famille" in values and "lignesuivante" in values


@pytest.mark.parametrize(
    "render",
    [
        lambda text: sheets_table_xlsx([f"Titre{text}"], [[f"a{text}b"]], "Fiches"),
        lambda text: render_xlsx(f"Dossier{text}", [f"Champ{text}"], [["E", f"a{text}b", "", "", "x", "", ""]], []),
    ],
    ids=["every sheet", "a dossier"],
)
def test_the_sheet_renderers_drop_what_xlsx_cannot_hold(render):
    book = load_workbook(io.BytesIO(render("\x01\x1f")))
    assert "ab" in [cell.value for row in book.active.iter_rows() for cell in row]


def telegram_caption(caption: str) -> str:
    """The caption as Telegram would show it, or the error it would answer."""
    try:
        return format_text(caption, "HTML", caption=True)[0]
    except ApiError as error:
        return f"refused: {error}"


@pytest.mark.parametrize("written", ["R&D " * 256, "&" * 1024, "🎉&" * 512, "<b>é</b>" * 128])
async def test_an_attachment_caption_full_of_html_characters_reaches_staff(app, written):
    sheet_id = await submitted_sheet(app, 110, answers={"titre": "Portail & <cantine>"}, submit=False)
    collectivity = await join(app.sessions, 110)
    async with app.sessions() as session, session.begin():
        repo, now = SheetsRepository(session), app.services.clock()
        files = SheetFilesRepository(session)
        await files.add_attachment(
            collectivity, sheet_id, kind="photo", file_id="P-1", caption=written, by=110, now=now
        )
        assert await repo.submit(collectivity, sheet_id, by=110, now=now)
    staff = Chat(app.dispatcher, STAFF_ID)
    await staff.press_data(f"rvo:{sheet_id}")
    await staff.press("📎 Recevoir les pièces jointes (1)")
    [sent] = [a for a in staff.replies if isinstance(a, SendFile)]
    shown = telegram_caption(sent.caption)
    assert shown.startswith("« Portail & <cantine> » — " + written.split()[0][:3]) and shown.endswith("…")
    assert utf16_len(shown) <= 1024


def test_a_short_caption_is_kept_whole_and_escaped():
    from handlers.sheets.display import file_caption

    assert file_caption("R&D", "a <b> & c") == "« R&amp;D » — a &lt;b&gt; &amp; c"
    assert file_caption("R&D", "  ") == "« R&amp;D »"
