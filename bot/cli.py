"""`arobase` command line: run the bot (Telegram or console), manage the database, check config."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from bot.config import ConfigError, Settings, load_settings, validate
from faq import KnowledgeBaseError
from handlers.content.errors import ContentError
from storage.database import DatabaseInUse, single_process_lock
from storage.migrate import DatabaseNotMigrated

EXIT_CONFIG = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="arobase", description="Arobase, l'assistant du label Villes Internet")
    parser.add_argument("--config", help="fichier de configuration (défaut : ./config.toml ou $AROBASE_CONFIG)")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("run", help="lancer le bot sur Telegram (bibliothèque et mode de la configuration)")
    console = commands.add_parser("console", help="parler au bot dans le terminal (sans Telegram)")
    console.add_argument("--user", type=int, default=1, help="identifiant Telegram simulé (défaut 1)")
    console.add_argument("--name", default="Camille", help="prénom simulé")
    console.add_argument("--staff", action="store_true", help="agir comme membre de l'équipe")

    db = commands.add_parser("db", help="base de données")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="créer ou mettre à jour le schéma (migrations Alembic)")
    db_commands.add_parser("current", help="afficher la révision de la base")
    revision = db_commands.add_parser("revision", help="(développeurs) générer une migration")
    revision.add_argument("-m", "--message", required=True)
    revision.add_argument("--head", default="head", help="révision de départ quand il y en a plusieurs (défaut : head)")

    commands.add_parser("check-config", help="vérifier la configuration et les fichiers de contenu")
    from bot import matrix_cli

    matrix_cli.add_parser(commands)
    from bot import broadcast_cli

    broadcast_cli.add_parser(commands)
    from bot import export_cli

    export_cli.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
        if args.command == "run":
            validate(settings, need_telegram=True)
    except ConfigError as exc:
        print(f"Erreur de configuration : {exc}", file=sys.stderr)
        return EXIT_CONFIG
    logging.basicConfig(
        level=settings.bot.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if args.command == "console":  # keep the conversation readable
        logging.getLogger().setLevel(logging.WARNING)
    try:
        if args.command == "db" and args.db_command == "revision":  # Alembic runs its own event loop
            return _revision(args, settings)
        return asyncio.run(_dispatch(args, settings))
    except (ContentError, ConfigError, KnowledgeBaseError) as exc:
        print(f"Erreur dans les données :\n{exc}", file=sys.stderr)
        return EXIT_CONFIG
    except (DatabaseNotMigrated, DatabaseInUse) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from bot.startup_errors import explain

        line = explain(exc, settings)
        if line is None:
            raise
        logging.getLogger(__name__).debug("startup failed", exc_info=True)
        print(line, file=sys.stderr)
        return 1


async def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "db":
        return await _db(args, settings)
    if args.command == "broadcast":
        from bot import broadcast_cli

        return await broadcast_cli.run(args, settings)
    if args.command == "export":
        from bot import export_cli

        return await export_cli.run(args, settings)
    if args.command == "matrix":
        from bot import matrix_cli

        return matrix_cli.run(args, settings)
    if args.command == "check-config":
        from bot.app import build_services, content_warnings

        services = build_services(settings)
        for line in content_warnings(settings, services.content, services.clock()):
            print(f"Attention : {line}")
        print(f"Configuration valide ({settings.source}).")
        return 0
    from bot.app import build_app

    # SQLite serves one process: a second `arobase run` or `console` on the same file is refused.
    with single_process_lock(settings.database.url, args.command):
        if args.command == "console":
            from bot.runner import run_console

            extra = frozenset({args.user}) if args.staff else frozenset()
            app = await build_app(settings, extra_staff=extra)
            try:
                await run_console(app, args.user, args.name)
            finally:
                await app.close()
            return 0
        from bot.runner import run_telegram

        app = await build_app(settings)
        try:
            await run_telegram(app)
        finally:
            await app.close()
        return 0


def _revision(args: argparse.Namespace, settings: Settings) -> int:
    from alembic import command

    from storage import migrate

    command.revision(
        migrate.alembic_config(settings.database.url), message=args.message, autogenerate=True, head=args.head
    )
    return 0


async def _db(args: argparse.Namespace, settings: Settings) -> int:
    from storage import migrate
    from storage.database import create_engine

    engine = create_engine(settings.database.url)
    try:
        if args.db_command == "upgrade":
            await migrate.upgrade(engine)
            print(f"Base de données à jour (révision {migrate.head_revision()}).")
        else:
            print(await migrate.current_revision(engine) or "(vide)")
    finally:
        await engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
