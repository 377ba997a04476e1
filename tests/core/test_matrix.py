"""The matrix file and `arobase matrix import`: 16 enjeux, validation with lines, the official référentiel."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from bot.app import build_app
from bot.cli import main
from bot.config import PROJECT_ROOT
from handlers.content.errors import ContentError
from handlers.content.matrix import load_matrix
from tests.support.chat import Chat
from tests.support.sheets import join

SHIPPED = PROJECT_ROOT / "data" / "matrice.toml"


def test_the_shipped_matrix_has_16_enjeux_the_16th_awaiting_confirmation():
    matrix = load_matrix(SHIPPED)
    assert len(matrix.enjeux) == 16 and matrix.source == "exemples"
    assert [e.name for e in matrix.enjeux][:3] == ["Emploi", "Culture et patrimoine", "Services publics"]
    provisional = [e for e in matrix.enjeux if e.awaiting_confirmation]
    assert [e.name for e in provisional] == ["Transition écologique et sobriété numérique"]
    assert all(e.services and e.description for e in matrix.enjeux)


def test_mistakes_in_the_matrix_name_file_and_line(tmp_path):
    broken = tmp_path / "matrice.toml"
    broken.write_text(
        'source = "exemples"\n\n[[enjeu]]\ncode = "emploi"\nnom = "Emploi"\nservices = ["A"]\n\n'
        '[[enjeu]]\ncode = "Pas Bon"\nnom = "X"\nservices = ["B"]\n\n'
        '[[enjeu]]\ncode = "culture"\nnom = "Culture"\ncouleur = "rouge"\nservices = []\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_matrix(broken)
    text = str(caught.value)
    assert f"{broken}:8: code" in text
    assert f"{broken}:16: enjeu.couleur : clé inconnue" in text
    assert f"{broken}:17: services : une liste non vide" in text


@pytest.fixture
def config(tmp_path):
    """A config whose [data] matrice is a copy, so the import never touches the shipped file."""
    shutil.copy(SHIPPED, tmp_path / "matrice.toml")
    path = tmp_path / "config.toml"
    path.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "db.sqlite"}"\n[data]\nmatrice = "matrice.toml"\n')
    return path


def write_csv(path: Path, rows: list[str], encoding: str = "utf-8-sig") -> Path:
    path.write_text("\n".join(["enjeu;service", *rows]) + "\n", encoding=encoding)
    return path


def official_rows(last_enjeu: str = "Numérique responsable") -> list[str]:
    names = [*[e.name for e in load_matrix(SHIPPED).enjeux][:15], last_enjeu]
    return [f"{name};Service {i}.{n} de {name}" for i, name in enumerate(names) for n in range(1, 4)]


def test_import_replaces_services_and_confirms_the_16th_enjeu(config, tmp_path, capsys):
    csv = write_csv(tmp_path / "ref.csv", official_rows(), encoding="cp1252")
    assert main(["--config", str(config), "matrix", "import", str(csv)]) == 0
    out = capsys.readouterr().out
    assert "48 services, 16 enjeux" in out and "Numérique responsable" in out
    matrix = load_matrix(tmp_path / "matrice.toml")
    assert matrix.source == "officiel" and matrix.service_count == 48
    last = matrix.enjeux[-1]
    assert (last.code, last.name, last.awaiting_confirmation) == ("transition", "Numérique responsable", False)
    assert matrix.get("emploi").services == ("Service 0.1 de Emploi", "Service 0.2 de Emploi", "Service 0.3 de Emploi")
    assert "arobase matrix import" in (tmp_path / "matrice.toml").read_text(encoding="utf-8")  # comments kept
    assert SHIPPED.read_text(encoding="utf-8") != (tmp_path / "matrice.toml").read_text(encoding="utf-8")


def test_import_errors_name_their_lines_and_nothing_is_written(config, tmp_path, capsys):
    before = (tmp_path / "matrice.toml").read_text(encoding="utf-8")
    rows = official_rows(last_enjeu="Transition écologique et sobriété numérique")
    rows[1] = "Emploi;"
    rows[4] = "Patrimoine;Musée en ligne"
    rows[6] = "Services publics;Guichet;en trop"
    rows[8] = rows[7]
    csv = write_csv(tmp_path / "ref.csv", rows)
    assert main(["--config", str(config), "matrix", "import", str(csv)]) == 2
    err = capsys.readouterr().err
    assert f"{csv}:3: service vide" in err
    assert f"{csv}:6: enjeu inconnu « Patrimoine »" in err
    assert f"{csv}:8: 2 colonnes attendues" in err
    assert f"{csv}:10: service « {rows[7].split(';')[1]} » en double" in err
    assert (tmp_path / "matrice.toml").read_text(encoding="utf-8") == before


def test_a_file_without_the_header_is_refused(config, tmp_path, capsys):
    csv = tmp_path / "ref.csv"
    csv.write_text("Emploi;Offres\n", encoding="utf-8")
    assert main(["--config", str(config), "matrix", "import", str(csv)]) == 2
    assert "1: la première ligne doit être « enjeu;service »" in capsys.readouterr().err


async def test_the_bot_counts_what_the_loaded_file_holds_never_a_fixed_number(config, tmp_path, settings, clock):
    write_csv(tmp_path / "ref.csv", official_rows())
    assert await asyncio.to_thread(main, ["--config", str(config), "matrix", "import", str(tmp_path / "ref.csv")]) == 0
    settings.data.matrice = str(tmp_path / "matrice.toml")
    app = await build_app(settings, clock=clock)
    try:
        await join(app.sessions, 601)
        chat = Chat(app.dispatcher, 601)
        await chat.send("/start fiches")
        seen = [chat.text]
        await chat.press("Emploi")
        seen.append(chat.text)
        assert "Service 0.1 de Emploi" in " ".join(b.label for b in chat.buttons())
        await chat.press("⬜ Service 0.1 de Emploi")
        await chat.press("💾 Enregistrer et quitter")
        await chat.press("📋 Mon dossier")
        await chat.press("Emploi (1)")
        seen.append(chat.text)
        assert "3 services dans cet enjeu" in chat.text
        assert not any("139" in text for text in seen)
    finally:
        await app.close()
