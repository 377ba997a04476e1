"""`arobase matrix import FICHIER.csv`: load the association's official référentiel.

The CSV (columns `enjeu;service`, UTF-8 or Excel's Windows encoding) is validated first, every
problem reported with its line number, and nothing is written unless the whole file is valid.
The services then replace those of the matrix file (`[data] matrice`), written atomically;
the running bot reads it at its next start.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import date
from pathlib import Path

from bot.config import Settings
from handlers.content.matrix import header_comments, load_matrix, read_referentiel_csv, render_toml


def add_parser(commands) -> None:
    matrix = commands.add_parser("matrix", help="matrice du label (enjeux et services)")
    matrix_commands = matrix.add_subparsers(dest="matrix_command", required=True)
    imported = matrix_commands.add_parser("import", help="charger le référentiel officiel (CSV enjeu;service)")
    imported.add_argument("file", type=Path, help="fichier CSV, colonnes enjeu;service, une ligne d'en-tête")


def run(args: argparse.Namespace, settings: Settings, today: date | None = None) -> int:
    """Validate and import; raises ContentError (exit code 2) on any problem."""
    target = settings.data_path("matrice")
    current = load_matrix(target)
    referentiel = read_referentiel_csv(args.file, current)
    updated = current.with_services(
        referentiel.services, renamed=referentiel.renamed, imported_on=(today or date.today()).isoformat()
    )
    text = render_toml(updated, header_comments(target))
    _write_atomically(target, text)
    load_matrix(target)  # read back: what the bot will load
    print(f"Référentiel importé dans {target} : {referentiel.count} services, {len(updated.enjeux)} enjeux.")
    for code, name in referentiel.renamed.items():
        print(f"Enjeu « {code} » nommé d'après le fichier : {name}")
    print("Redémarrez le bot pour qu'il utilise la nouvelle matrice.")
    return 0


def _write_atomically(target: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".matrice-", suffix=".toml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
