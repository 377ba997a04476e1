"""Benchmark: the staff review at the scale of a busy edition, through the core (no Telegram).

    .venv/bin/python bench/review.py [--collectivities 1000] [--sheets-each 3]

Fills a SQLite database with collectivities, one member each and complete sheets (two thirds
submitted), then times what staff do (and the longest the event loop, shared by every user,
stalls): /relecture (first page, a later page), opening a sheet,
validating, /stats as text and as PNG, the exports (CSV, XLSX, JSON) with their sizes.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select

from bot.app import build_app
from bot.config import Settings
from handlers.core.events import SendDocument, SendPhoto
from storage.database import create_engine
from storage.migrate import upgrade
from storage.models import ActionSheet, Collectivity, Person, SheetAnswer
from tests.support.chat import Chat
from tests.support.clock import FakeClock

STAFF = 9000
ANSWERS = {
    "titre": "Portail famille en ligne",
    "synthese": "Les familles inscrivent leurs enfants à la cantine et au centre de loisirs depuis le site. " * 3,
    "niveau": "En cours",
    "resultats": "300 familles inscrites la première année.",
    "date_debut": "2025-09",
}


async def populate(app, collectivities: int, per: int) -> int:
    now, edition = app.services.clock(), app.content.edition.year
    enjeux = [e.code for e in app.content.matrix.enjeux]
    async with app.sessions() as session, session.begin():
        await session.execute(
            insert(Collectivity),
            [
                {
                    "code": f"B{i:05d}",
                    "kind": "commune",
                    "name": f"Commune {i}",
                    "department": "Tarn",
                    "population": 1000,
                }
                for i in range(collectivities)
            ],
        )
        ids = dict((await session.execute(select(Collectivity.code, Collectivity.id))).all())
        await session.execute(
            insert(Person),
            [
                {
                    "telegram_id": 100_000 + i,
                    "first_name": f"M{i}",
                    "role": "agent",
                    "collectivity_id": ids[f"B{i:05d}"],
                }
                for i in range(collectivities)
            ],
        )
        rows = []
        for i in range(collectivities):
            for j in range(per):
                submitted = (i * per + j) % 3 != 0
                rows.append(
                    {
                        "collectivity_id": ids[f"B{i:05d}"],
                        "edition": edition,
                        "enjeu": enjeux[(i + j) % len(enjeux)],
                        "status": "soumise" if submitted else "brouillon",
                        "position": 8,
                        "created_by": 100_000 + i,
                        "updated_by": 100_000 + i,
                        "created_at": now,
                        "updated_at": now,
                        "submitted_at": now + timedelta(seconds=i * per + j) if submitted else None,
                    }
                )
        await session.execute(insert(ActionSheet), rows)
        sheet_ids = (await session.scalars(select(ActionSheet.id))).all()
        await session.execute(
            insert(SheetAnswer),
            [
                {"sheet_id": sid, "field": field, "value": value, "version": 1, "updated_by": 0, "updated_at": now}
                for sid in sheet_ids
                for field, value in ANSWERS.items()
            ],
        )
        return len(sheet_ids)


async def _watch_loop(stalls: list[float], stop: asyncio.Event) -> None:
    """How late a 10 ms sleep wakes up: the time other users' updates would wait."""
    while not stop.is_set():
        before = time.perf_counter()
        await asyncio.sleep(0.01)
        stalls.append(time.perf_counter() - before - 0.01)


async def timed(label: str, action, *args) -> list:
    stalls: list[float] = []
    stop = asyncio.Event()
    watcher = asyncio.create_task(_watch_loop(stalls, stop))
    started = time.perf_counter()
    replies = await action(*args)
    elapsed = (time.perf_counter() - started) * 1000
    stop.set()
    await watcher
    sizes = [f"{len(r.content) / 1024:.0f} KiB" for r in replies if isinstance(r, (SendDocument, SendPhoto))]
    stall = max(stalls, default=0) * 1000
    print(f"{label:<28} {elapsed:7.0f} ms   loop blocked ≤ {stall:5.0f} ms   {' '.join(sizes)}")
    return replies


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings()
        settings.database.url = f"sqlite:///{tmp}/bench.db"
        settings.bot.staff_ids = [STAFF]
        engine = create_engine(settings.database.url)
        await upgrade(engine)
        await engine.dispose()
        app = await build_app(settings, clock=FakeClock())
        try:
            started = time.perf_counter()
            total = await populate(app, args.collectivities, args.sheets_each)
            print(
                f"{total} sheets for {args.collectivities} collectivities, "
                f"filled in {time.perf_counter() - started:.1f} s"
            )
            staff = Chat(app.dispatcher, STAFF, "Équipe")
            await timed("/relecture (page 1)", staff.send, "/relecture")
            await timed("queue page 100", staff.press_data, "rvq:99:p")
            await staff.send("/relecture")
            first = next(b.data for b in staff.buttons() if b.data.startswith("rvo:"))
            await timed("open a sheet", staff.press_data, first)
            await timed("Valider", staff.press, "✅ Valider")
            await timed("/stats", staff.send, "/stats")
            await timed("/stats graphique (PNG)", staff.send, "/stats graphique")
            for fmt in ("csv", "xlsx", "json"):
                await timed(f"/export_fiches {fmt}", staff.send, f"/export_fiches {fmt}")
            if args.profile:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.enable()
                await staff.send(f"/export_fiches {args.profile}")
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        finally:
            await app.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--collectivities", type=int, default=1000)
    parser.add_argument("--sheets-each", type=int, default=3)
    parser.add_argument("--profile", choices=("csv", "xlsx", "json"), help="profile one export (cProfile)")
    asyncio.run(main(parser.parse_args()))
