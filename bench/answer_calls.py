"""Benchmark: the Python function calls the core makes to handle one sheet answer.

    .venv/bin/python bench/answer_calls.py [--sheets 10] [--top 20]

A figure that does not depend on the machine's load (the timings of `bench/sheets_fill.py` vary
by ±10 % from run to run here): one person fills sheets through the dispatcher directly (no
Telegram library, no HTTP), on a fresh SQLite file, and cProfile counts the calls made while the
8 answers of each sheet are handled (the first sheet is left out: caches warm up). A resumed
coroutine counts as a call, as cProfile counts it. `--top` lists where the calls are made, by
package. Fewer calls is less Python run for an answer; it is how a change to the hot path is
judged before it is timed.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Figure
from bench.sheets_fill import TEXT_ANSWERS
from bot.app import build_app
from bot.config import Settings
from storage.database import create_engine
from storage.migrate import upgrade
from tests.support.chat import Chat
from tests.support.sheets import join

BEFORE = 4_850  # at commit 75fe4c2, before the update's claim became a Core INSERT


async def count_calls(sheets: int = 10) -> tuple[float, collections.Counter[str]]:
    """Calls per answer, and per answer by package (`sqlalchemy`, `~` for built-ins, ours by folder)."""
    with tempfile.TemporaryDirectory() as directory:
        settings = Settings()
        settings.database.url = f"sqlite+aiosqlite:///{directory}/bench.db"
        settings.bot.log_level = "WARNING"
        engine = create_engine(settings.database.url)
        await upgrade(engine)
        await engine.dispose()
        app = await build_app(settings)
        try:
            await join(app.sessions, 10_001, code="C10001", town="Commune 10001")
            chat = Chat(app.dispatcher, 10_001)
            await chat.send("/start fiches")
            await chat.press("Emploi")
            profile, answers = cProfile.Profile(), 0
            for n in range(sheets + 1):
                await chat.press("⬜ Accès à l'emploi")
                await chat.press("✅ Valider (1)")
                for question in range(1, 9):
                    counted = n > 0
                    if counted:
                        profile.enable()
                    if question == 3:
                        await chat.press("En cours")
                    else:
                        await chat.send(TEXT_ANSWERS[question].format(n=n))
                    if counted:
                        profile.disable()
                        answers += 1
                await chat.press("📨 Soumettre pour relecture")
                await chat.press("📨 Oui, soumettre")
                await chat.press("➕ Oui, une autre action")
        finally:
            await app.close()
    by_package: collections.Counter[str] = collections.Counter()
    for (filename, _line, _name), row in pstats.Stats(profile).stats.items():  # type: ignore[attr-defined]
        by_package[_package(filename)] += row[1]
    total = sum(by_package.values())
    return total / answers, collections.Counter({k: round(v / answers) for k, v in by_package.items()})


def _package(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/")[-1].split("/")[0]
    root = str(Path(__file__).resolve().parents[1]) + "/"
    if filename.startswith(root):
        return "/".join(filename.removeprefix(root).split("/")[:2])
    return filename.rsplit("/", 1)[-1]


async def figures(sheets: int = 10) -> list[Figure]:
    calls, _ = await count_calls(sheets)
    return [Figure("core: Python calls an answer", f"{calls:,.0f}", f"{BEFORE:,} at 75fe4c2")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sheets", type=int, default=10)
    parser.add_argument("--top", type=int, default=0, help="list the packages making the most calls")
    args = parser.parse_args()
    calls, by_package = asyncio.run(count_calls(args.sheets))
    print(f"{calls:,.0f} Python calls an answer ({BEFORE:,} at 75fe4c2)")
    for package, count in by_package.most_common(args.top):
        print(f"  {count:7,} {package}")


if __name__ == "__main__":
    main()
