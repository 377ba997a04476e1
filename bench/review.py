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

from bench.common import Timing, timed
from bot.app import build_app
from bot.config import Settings
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


async def staff_screens(app, *, later_page: int = 99, validate: bool = True, quiet: bool = False) -> list[Timing]:
    """What staff do, timed through the core: /relecture (first page, `later_page`), opening a
    sheet, validating it (`validate`), /stats as text and as PNG, the sheet exports (CSV, XLSX,
    JSON). Raises when a screen does not give what it should (a timing of a refusal is no timing)."""
    staff = Chat(app.dispatcher, STAFF, "Équipe")
    timings: list[Timing] = []

    async def run(label: str, action, *args, document: bool = False) -> list:
        replies, timing = await timed(label, action, *args, quiet=quiet)
        if document and not timing.sizes:
            raise RuntimeError(f"{label}: no document or picture in {staff.text!r}")
        timings.append(timing)
        return replies

    await run("/relecture (page 1)", staff.send, "/relecture")
    if not any(b.data.startswith("rvo:") for b in staff.buttons()):
        raise RuntimeError(f"/relecture: no sheet to open in {staff.text!r}")
    await run(f"/relecture page {later_page + 1}", staff.press_data, f"rvq:{later_page}:p")
    if "Page " not in staff.text or "Page 1/" in staff.text:  # a page past the end shows the last one
        raise RuntimeError(f"queue page {later_page + 1}: not shown in {staff.text[:200]!r}")
    await staff.send("/relecture")
    first = next(b.data for b in staff.buttons() if b.data.startswith("rvo:"))
    await run("open a sheet", staff.press_data, first)
    if validate:
        await run("Valider", staff.press, "✅ Valider")
    await run("/stats", staff.send, "/stats")
    await run("/stats graphique (PNG)", staff.send, "/stats graphique", document=True)
    for fmt in ("csv", "xlsx", "json"):
        await run(f"/export_fiches {fmt}", staff.send, f"/export_fiches {fmt}", document=True)
    return timings


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
            await staff_screens(app)
            if args.profile:
                import cProfile
                import pstats

                staff = Chat(app.dispatcher, STAFF, "Équipe")
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
