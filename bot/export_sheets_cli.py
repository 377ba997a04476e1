"""`arobase export fiches`: every action sheet of an edition to a CSV (French Excel), XLSX or
JSON file, from the database and the matrix/form files of the configuration. Same content as
/export_fiches in Telegram; internal notes are never exported."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import Settings
from handlers.core.french import plural

CLI_ACTOR = 0  # audit entries written from the command line


def add_parser(what) -> None:
    """Adds `fiches` to the `arobase export` group (see bot/export_cli.py)."""
    sheets = what.add_parser("fiches", help="toutes les fiches actions (CSV pour Excel, XLSX ou JSON)")
    sheets.add_argument("--format", choices=("csv", "xlsx", "json"), default="csv", help="csv (défaut), xlsx ou json")
    sheets.add_argument(
        "--output",
        "--sortie",
        dest="output",
        help="fichier à écrire (défaut : fiches-actions-….csv ici ; « - » : la sortie standard)",
    )
    sheets.add_argument("--edition", type=int, help="année de l'édition (défaut : celle de data/edition.toml)")


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from handlers.content.edition import load_edition
    from handlers.content.form import load_form
    from handlers.content.matrix import load_matrix
    from handlers.core.services import system_clock
    from handlers.review.export_data import export_sheets
    from storage.database import create_engine, session_factory
    from storage.migrate import ensure_migrated
    from storage.repositories import AuditRepository

    matrix, form = load_matrix(settings.data_path("matrice")), load_form(settings.data_path("formulaire"))
    edition = args.edition or load_edition(settings.data_path("edition")).year
    engine = create_engine(settings.database.url)
    try:
        await ensure_migrated(engine)
        async with session_factory(engine)() as session, session.begin():
            export = await export_sheets(
                session, matrix, form, edition=edition, fmt=args.format, now=system_clock(), zone=settings.zone
            )
            AuditRepository(session).log(
                CLI_ACTOR, "sheets_exported", f"edition:{edition}", format=args.format, rows=export.rows, source="cli"
            )
    finally:
        await engine.dispose()
    if args.output == "-":
        sys.stdout.buffer.write(export.content)
        sys.stdout.flush()
        print(f"{plural(export.rows, 'fiche exportée', 'fiches exportées')} (édition {edition}).", file=sys.stderr)
        return 0
    target = Path(args.output or export.filename)
    target.write_bytes(export.content)
    written = plural(export.rows, "fiche écrite", "fiches écrites")
    print(f"{written} dans {target} (édition {edition})")
    return 0
