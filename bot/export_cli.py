"""The `arobase export` group. `arobase export inscriptions` writes the webinar attendee list
to a CSV (French Excel) or XLSX file, from the database and data/webinaires.toml of the
configuration; other features add their own subcommand here (`fiches`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import Settings
from handlers.core.french import plural


def add_parser(commands) -> None:
    export = commands.add_parser("export", help="exporter des données pour l'équipe")
    what = export.add_subparsers(dest="export_command", required=True)
    registrations = what.add_parser("inscriptions", help="inscrits aux webinaires (CSV pour Excel, ou XLSX)")
    registrations.add_argument("--seance", help="identifiant de la séance (défaut : toutes)")
    registrations.add_argument("--format", choices=("csv", "xlsx"), default="csv", help="csv (défaut) ou xlsx")
    registrations.add_argument("--sortie", help="fichier à écrire (défaut : inscriptions-….csv ici)")
    from bot import export_sheets_cli  # `arobase export fiches` (review feature)

    export_sheets_cli.add_parser(what)


async def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.export_command == "fiches":
        from bot import export_sheets_cli

        return await export_sheets_cli.run(args, settings)
    from handlers.content.sessions import load_sessions
    from handlers.core.services import system_clock
    from handlers.webinar.export import export_registrations
    from storage.database import create_engine, session_factory
    from storage.migrate import ensure_migrated

    catalogue = load_sessions(settings.data_path("webinaires"), settings.zone)
    if args.seance and catalogue.get(args.seance) is None:
        known = ", ".join(s.id for s in catalogue.sessions) or "aucune"
        print(f"Séance inconnue « {args.seance} » (séances du fichier : {known}).")
    engine = create_engine(settings.database.url)
    try:
        await ensure_migrated(engine)
        async with session_factory(engine)() as session:
            export = await export_registrations(
                session, catalogue, fmt=args.format, session_id=args.seance, now=system_clock()
            )
    finally:
        await engine.dispose()
    target = Path(args.sortie or export.filename)
    target.write_bytes(export.content)
    print(f"{plural(export.rows, 'inscription écrite', 'inscriptions écrites')} dans {target}")
    return 0
