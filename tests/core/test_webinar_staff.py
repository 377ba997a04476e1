"""Staff side of the webinar: /inscrits, exports that French Excel opens (CSV with BOM and `;`,
XLSX), formulas neutralised, `arobase export inscriptions`, and the sessions data file."""

from __future__ import annotations

import asyncio
import csv
import io
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from handlers.content.errors import ContentError
from handlers.content.sessions import load_sessions
from handlers.core.events import SendDocument
from tests.support.chat import Chat
from tests.support.webinars import S1, S2, known_person, use_sessions

PARIS = ZoneInfo("Europe/Paris")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def sessions_file(settings, tmp_path):
    return use_sessions(settings, tmp_path, S1, S2)


async def register(app, user_id: int, name: str, date: str = "jeudi 12 mars") -> None:
    await known_person(app, user_id, name)
    chat = Chat(app.dispatcher, user_id)
    await chat.send("/start webinaire")
    await chat.press(date)
    await chat.press("✅")


def document(chat) -> SendDocument:
    return next(a for a in chat.replies if isinstance(a, SendDocument))


async def test_exports_open_in_french_excel_and_never_run_formulas(app):
    await register(app, 801, '=HYPERLINK("http://x") Dupont')
    await register(app, 802, "Zoé Lefèvre; « Mairie »")
    staff = Chat(app.dispatcher, 9000)
    await staff.send("/inscrits")
    assert (
        "jeudi 12 mars, 13 h – 14 h — Webinaire d'information\n   2 inscrit·es / 2 places, 0 en attente" in staff.text
    )
    await staff.press("CSV 12/03")
    content = document(staff).content
    assert content.startswith("\ufeff".encode()) and b"\r\n" in content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][4] == '\'=HYPERLINK("http://x") Dupont'
    assert rows[2][4] == "Zoé Lefèvre; « Mairie »"  # the separator inside a value is quoted
    await staff.press("Excel 12/03")
    sheet = load_workbook(io.BytesIO(document(staff).content)).active
    assert sheet["E2"].value == '=HYPERLINK("http://x") Dupont' and sheet["E2"].data_type == "s"
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"


async def test_an_empty_session_exports_just_the_header(app):
    staff = Chat(app.dispatcher, 9000)
    await staff.send("/inscrits")
    await staff.press("CSV 19/03")
    assert document(staff).content.decode("utf-8-sig").count("\r\n") == 1
    assert "0 ligne." in document(staff).caption


async def test_the_cli_writes_the_same_export(app, settings, tmp_path):
    await register(app, 811, "Anne Cli")
    config = tmp_path / "config.toml"
    config.write_text(
        f'[database]\nurl = "{settings.database.url}"\n[data]\nwebinaires = "{settings.data.webinaires}"\n',
        encoding="utf-8",
    )
    for fmt in ("csv", "xlsx"):
        target = tmp_path / f"out.{fmt}"
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "--config",
            str(config),
            "export",
            "inscriptions",
            "--format",
            fmt,
            "--sortie",
            str(target),
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await process.communicate()
        assert process.returncode == 0, err.decode()
        assert f"1 inscription écrite dans {target}" in out.decode()
    assert "Anne Cli" in (tmp_path / "out.csv").read_bytes().decode("utf-8-sig")
    assert load_workbook(tmp_path / "out.xlsx").active["E2"].value == "Anne Cli"


def test_the_shipped_sessions_file_offers_its_example_in_the_future():
    catalogue = load_sessions(ROOT / "data" / "webinaires.toml", PARIS)
    assert catalogue.reminder_offsets == (1440, 60)
    assert len(catalogue.open_sessions(datetime(2026, 11, 26, tzinfo=UTC))) == 1
    assert "EXEMPLE À REMPLACER" in (ROOT / "data" / "webinaires.toml").read_text(encoding="utf-8")


def test_mistakes_in_the_sessions_file_name_the_file_and_line(tmp_path):
    path = tmp_path / "webinaires.toml"
    path.write_text(
        "[rappels]\nminutes_avant = [1440, -5]\n\n"
        '[[seance]]\nid = "A b"\ntitre = ""\ndebut = "demain"\nplaces = 0\nlien = "http://x"\ncouleur = 1\n\n'
        '[[seance]]\nid = "ok"\ntitre = "T"\ndebut = 2027-01-07T13:00:00\nplaces = 5\nlien = "https://x.fr"\n'
        "fermeture_inscriptions = 2027-01-08T13:00:00\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as error:
        load_sessions(path, PARIS)
    problems = "\n".join(error.value.problems)
    for expected in (
        f"{path}:2: rappels.minutes_avant",
        f"{path}:5: id :",
        f"{path}:6: titre",
        f"{path}:7: debut",
        f"{path}:8: places",
        f"{path}:9: lien",
        f"{path}:10: couleur : clé inconnue",
        f"{path}:18: fermeture_inscriptions : doit être avant le début",
    ):
        assert expected in problems, (expected, problems)
