"""`arobase broadcast`: the /diffusion flow from the command line.

The job is queued in the database, exactly as /diffusion does, and sent by the running bot's
outbox worker (`arobase run`): one sender paces every message under Telegram's limits, the
job survives this command exiting, and staff can follow, pause or cancel it here or in Telegram.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import sys
from pathlib import Path

from bot.config import Settings
from handlers.broadcast import texts as t
from handlers.broadcast.html_check import html_problems
from storage.models import BroadcastStatus, Role
from storage.repositories import AuditRepository
from storage.repositories.audiences import Audience, AudienceRepository, AudienceUnavailable
from storage.repositories.broadcasts import BroadcastRepository

CLI_ACTOR = 0  # audit entries and jobs created from the command line


def add_parser(commands) -> None:
    parser = commands.add_parser("broadcast", help="diffuser un message (envoyé par le bot en marche)")
    text = parser.add_mutually_exclusive_group()
    text.add_argument("--message", help="texte du message (HTML Telegram : <b>, <i>, <a href>)")
    text.add_argument("--file", type=Path, help="fichier UTF-8 contenant le message")
    audience = parser.add_mutually_exclusive_group()
    audience.add_argument("--all", action="store_true", help="tout le monde")
    audience.add_argument("--role", choices=[r.value for r in Role], help="un rôle")
    audience.add_argument("--department", help="un département (33, 2A, 974…)")
    audience.add_argument("--session", help="inscrits à une session du webinaire (identifiant)")
    audience.add_argument("--unsubmitted", action="store_true", help="collectivités avec des fiches non soumises")
    parser.add_argument("--yes", action="store_true", help="envoyer sans demander confirmation")
    parser.add_argument("--follow", action="store_true", help="afficher l'avancement jusqu'à la fin")
    control = parser.add_mutually_exclusive_group()
    control.add_argument("--status", type=int, metavar="ID", help="avancement d'une diffusion")
    control.add_argument("--pause", type=int, metavar="ID", help="mettre une diffusion en pause")
    control.add_argument("--resume", type=int, metavar="ID", help="reprendre une diffusion")
    control.add_argument("--cancel", type=int, metavar="ID", help="annuler une diffusion")


def _audience(args: argparse.Namespace, settings: Settings) -> Audience | None:
    if args.all:
        return Audience("all")
    if args.role:
        return Audience("role", args.role)
    if args.department:
        return Audience("department", args.department.strip().upper().zfill(2))
    if args.session:
        return Audience("session", args.session)
    if args.unsubmitted:
        from handlers.content.edition import load_edition

        return Audience("unsubmitted", str(load_edition(settings.data_path("edition")).year))
    return None


def rendered(text: str) -> str:
    """What the reader sees, without the formatting."""
    return html.unescape(re.sub(r"<[^<>]*>", "", text))


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from storage.database import create_engine, session_factory
    from storage.migrate import ensure_migrated

    engine = create_engine(settings.database.url)
    try:
        await ensure_migrated(engine)
        sessions = session_factory(engine)
        job_id = args.status or args.pause or args.resume or args.cancel
        if job_id:
            return await _control(sessions, args, job_id)
        return await _create(sessions, args, settings)
    finally:
        await engine.dispose()


async def _create(sessions, args: argparse.Namespace, settings: Settings) -> int:
    if args.message is None and args.file is None:
        print('Indiquez le message : --message "…" ou --file FICHIER', file=sys.stderr)
        return 2
    text = (args.message if args.message is not None else args.file.read_text(encoding="utf-8")).strip()
    audience = _audience(args, settings)
    if audience is None:
        print("Indiquez le public : --all, --role, --department, --session ou --unsubmitted", file=sys.stderr)
        return 2
    problems = html_problems(text)
    if not text or problems:
        print("Telegram refuserait ce message :", file=sys.stderr)
        for problem in problems or ["le message est vide"]:
            print(f"  • {rendered(problem)}", file=sys.stderr)
        return 2
    label = t.audience_label(audience.kind, audience.value)
    async with sessions() as session:
        try:
            recipients = await AudienceRepository(session).recipients(audience)
        except AudienceUnavailable:
            print(f"Public indisponible dans cette installation : {label}", file=sys.stderr)
            return 2
    print("Aperçu (ce que liront les destinataires) :\n" + "-" * 40 + f"\n{rendered(text)}\n" + "-" * 40)
    print(f"Public : {label} — {len(recipients)} {t.people(len(recipients))}")
    if not recipients:
        print("Personne ne correspond à ce public : rien n'est envoyé.")
        return 1
    if not args.yes:
        if not sys.stdin.isatty():
            print("Confirmez avec --yes (pas de terminal pour demander).", file=sys.stderr)
            return 2
        if input(f"Envoyer à {len(recipients)} {t.people(len(recipients))} ? [o/N] ").strip().lower() not in (
            "o",
            "oui",
            "y",
        ):
            print("Rien n'est envoyé.")
            return 1
    from handlers.core.services import system_clock

    async with sessions() as session, session.begin():
        job = await BroadcastRepository(session).create(
            created_by=CLI_ACTOR,
            text=text,
            audience=audience.as_dict(),
            audience_label=label,
            recipients=recipients,
            now=system_clock(),
        )
        AuditRepository(session).log(
            CLI_ACTOR,
            "broadcast_started",
            f"diffusion {job.id}",
            audience=label,
            recipients=len(recipients),
            source="cli",
        )
    print(f"Diffusion n°{job.id} en file d'attente : le bot en marche (arobase run) l'envoie.")
    if args.follow:
        return await _follow(sessions, job.id)
    return 0


async def _control(sessions, args: argparse.Namespace, job_id: int) -> int:
    from handlers.core.services import system_clock

    async with sessions() as session, session.begin():
        repo = BroadcastRepository(session)
        job = await repo.get(job_id)
        if job is None:
            print(f"Pas de diffusion n°{job_id}.", file=sys.stderr)
            return 1
        active = job.status in (BroadcastStatus.RUNNING, BroadcastStatus.PAUSED)
        if args.pause and job.status == BroadcastStatus.RUNNING:
            job.status = BroadcastStatus.PAUSED
        elif args.resume and job.status == BroadcastStatus.PAUSED:
            job.status = BroadcastStatus.RUNNING
        elif args.cancel and active:
            await repo.cancel(job, system_clock())
        elif not args.status:
            print(f"Rien à faire : la diffusion est {t.STATUS_WORDS[BroadcastStatus(job.status)]}.")
        if not args.status:
            action = "pause" if args.pause else "resume" if args.resume else "cancel"
            AuditRepository(session).log(CLI_ACTOR, f"broadcast_{action}", f"diffusion {job.id}", source="cli")
        await repo.refresh_counts(job)
        print(rendered(t.progress_text(job, in_flight=await repo.in_flight(job))))
    return 0


async def _follow(sessions, job_id: int) -> int:
    while True:
        async with sessions() as session:
            repo = BroadcastRepository(session)
            job = await repo.get(job_id)
            assert job is not None  # the job was just created, and jobs are never deleted
            counts = await repo.refresh_counts(job)
            await session.rollback()
        waiting = counts["pending"] + counts["sending"]
        print(rendered(t.progress_text(job, pending=waiting)).replace("\n", " | "), flush=True)
        final = job.status in (BroadcastStatus.DONE, BroadcastStatus.CANCELLED) and counts["sending"] == 0
        if final or (job.status == BroadcastStatus.RUNNING and waiting == 0):
            print(rendered(t.report_text(job)))
            return 0
        await asyncio.sleep(2)
