"""Benchmark: a real edition's size — memory of the real `arobase run` process and the time of the
staff screens, on SQLite and on PostgreSQL.

    .venv/bin/python bench/edition.py [--database sqlite|postgresql|both] [--people 10000]
                                      [--collectivities 3000] [--answers 100000] [--registrations 2000]
                                      [--submitted 3000] [--scale 0.1] [--no-process] [--library ptb]

Seeds a fresh database (the project's Alembic migrations, then bulk INSERTs through the models):
people with a complete profile, each an active member of a collectivity's dossier; sheets of 8
answers (`--answers` / 8 sheets, `--submitted` of them waiting for review, the others drafts; the
first collectivity's dossier has a sheet or more in every enjeu); webinar registrations over
20 sessions of 100 seats. PostgreSQL: a throw-away database `arobase_bench_<random>` on
127.0.0.1:5432 (or $AROBASE_TEST_POSTGRES_URL's server), dropped at the end.

Then times, through the neutral core (as bench/review.py): /relecture (first page, a later
page), opening a sheet, Valider, /stats and its picture, every export (sheets CSV/XLSX/JSON,
webinar registrations CSV/XLSX), a collectivity's dossier, its mosaic (PNG) and its PDF + XLSX.
Then starts the real `arobase run` (aiogram, or `--library ptb`; polling) on the seeded database against the fake
Bot API (tests/fakebotapi), reads its resident memory (/proc/<pid>/status VmRSS) once started,
runs the same screens through Telegram, and reads VmRSS (once the memory worker gave back what
they freed) and the peak VmHWM again.
Goal (issue 15): ≤ 150 MB. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Figure, Timing, database, table, timed
from bench.edition_seed import FIRST_PERSON, Seeded, Sizes, seed, webinar_file
from bench.review import STAFF, staff_screens
from bot.app import App, build_app, build_services
from bot.config import Settings
from bot.runner import settle_after_start
from bot.workers.memory import MemoryTrimmer
from storage.database import create_engine
from storage.migrate import upgrade
from tests.fakebotapi import FakeBotAPI, SimulatedUser
from tests.support.chat import Chat
from tests.support.process import BotProcess, write_config

RSS_GOAL_MB = 150


def settings_for(url: str, webinars: Path) -> Settings:
    settings = Settings()
    settings.database.url = url
    settings.bot.staff_ids = [STAFF]
    settings.bot.log_level = "WARNING"
    settings.data.webinaires = str(webinars)
    return settings


async def core_screens(app: App) -> list[Timing]:
    """The staff screens of bench/review.py, the webinar exports and a dossier, through the core."""
    timings = await staff_screens(app, later_page=200)
    staff = Chat(app.dispatcher, STAFF, "Équipe")
    member = Chat(app.dispatcher, FIRST_PERSON, "Prénom0")

    async def run(chat: Chat, label: str, action, *args, documents: int = 0) -> None:
        _, timing = await timed(label, action, *args)
        if len(timing.sizes) < documents:
            raise RuntimeError(f"{label}: {len(timing.sizes)} document(s), {documents} expected in {chat.text!r}")
        timings.append(timing)

    await run(staff, "/inscrits", staff.send, "/inscrits")
    await run(staff, "registrations CSV (all)", staff.press_data, "wbx:csv:*", documents=1)
    await run(staff, "registrations XLSX (all)", staff.press_data, "wbx:xlsx:*", documents=1)
    await run(member, "dossier (/fiches)", member.send, "/fiches")
    await run(member, "dossier mosaic (PNG)", member.press_data, "shd:m", documents=1)
    await run(member, "dossier PDF + XLSX", member.press_data, "shd:x", documents=2)
    return timings


def memory(pid: int) -> tuple[float, float]:
    """VmRSS and VmHWM (peak) of a process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024  # kB
    return values["VmRSS"], values["VmHWM"]


@dataclass
class ProcessRun:
    started: tuple[float, float] = (0.0, 0.0)  # RSS, HWM
    after: tuple[float, float] = (0.0, 0.0)
    startup: float = 0.0
    screens: list[tuple[str, float]] = field(default_factory=list)


async def through_telegram(user: SimulatedUser, label: str, action: Callable[[], Awaitable[object]], replies: int):
    started = time.perf_counter()
    await action()
    await user.replies(replies, timeout=300)
    return label, time.perf_counter() - started


async def real_process(url: str, folder: Path, webinars: Path, library: str = "aiogram") -> ProcessRun:
    """`arobase run` (`library`, polling) on the seeded database, driven through the fake Bot API."""
    result = ProcessRun()
    async with FakeBotAPI() as api:
        config = write_config(folder, api_url=api.base_url, token=api.token, library=library, database_url=url)
        with config.open("a", encoding="utf-8") as out:
            out.write(f'[data]\nwebinaires = "{webinars}"\n')
        bot = BotProcess(config, folder / "bot.log")
        began = time.perf_counter()
        bot.start()
        try:
            assert bot.process is not None
            pid = bot.process.pid
            await api.wait_for_call("getUpdates", timeout=120)
            result.startup = time.perf_counter() - began
            await asyncio.sleep(2)  # the workers' first rounds
            result.started = memory(pid)
            staff = api.user(STAFF, "Équipe", language_code="fr")
            member = api.user(FIRST_PERSON, "Prénom0", language_code="fr")
            steps = [
                (staff, "/relecture (page 1)", lambda: staff.send("/relecture"), 1),
                (staff, "/relecture page 201", lambda: staff.press_data("rvq:200:p"), 1),
                (staff, "/relecture again", lambda: staff.send("/relecture"), 1),
                (staff, "open a sheet", lambda: staff.press_data(first_sheet(staff)), 1),
                (staff, "/stats", lambda: staff.send("/stats"), 1),
                (staff, "/stats graphique (PNG)", lambda: staff.send("/stats graphique"), 1),
                (staff, "/export_fiches csv", lambda: staff.send("/export_fiches csv"), 2),  # « je prépare », the file
                (staff, "/export_fiches xlsx", lambda: staff.send("/export_fiches xlsx"), 2),
                (staff, "/export_fiches json", lambda: staff.send("/export_fiches json"), 2),
                (staff, "/inscrits", lambda: staff.send("/inscrits"), 1),
                (staff, "registrations CSV (all)", lambda: staff.press_data("wbx:csv:*"), 1),
                (staff, "registrations XLSX (all)", lambda: staff.press_data("wbx:xlsx:*"), 1),
                (member, "dossier (/fiches)", lambda: member.send("/fiches"), 1),
                (member, "dossier mosaic (PNG)", lambda: member.press_data("shd:m"), 1),
                (member, "dossier PDF + XLSX", lambda: member.press_data("shd:x"), 3),
            ]
            for user, label, action, replies in steps:
                result.screens.append(await through_telegram(user, label, action, replies))
            await asyncio.sleep(MemoryTrimmer().interval + 1)  # freed memory is given back every few seconds
            result.after = memory(pid)
        except BaseException:
            log = bot.log.read_text(encoding="utf-8", errors="replace") if bot.log.exists() else ""
            print(f"arobase run's log (last lines):\n{log[-3000:]}", file=sys.stderr)
            raise
        finally:
            await asyncio.to_thread(bot.stop)
    return result


def first_sheet(staff: SimulatedUser) -> str:
    message = staff.chat.bot_messages[-1]
    for row in message.reply_markup["inline_keyboard"] if message.reply_markup else []:
        for button in row:
            if button.get("callback_data", "").startswith("rvo:"):
                return button["callback_data"]
    raise RuntimeError(f"/relecture: no sheet to open in {message.text!r}")


@dataclass
class EditionResult:
    kind: str
    seeded: Seeded
    core: list[Timing]
    process: ProcessRun | None
    library: str = "aiogram"

    def title(self) -> str:
        s = self.seeded
        return (
            f"edition bench, {'SQLite' if self.kind == 'sqlite' else 'PostgreSQL'}, arobase run on {self.library}: "
            f"{s.people} people, "
            f"{s.collectivities} collectivities, {s.sheets} sheets ({s.submitted} submitted), "
            f"{s.answers} answers, {s.registrations} webinar registrations"
        )

    def figures(self) -> list[Figure]:
        s = self.seeded
        out = [Figure("seeding", f"{s.seconds:.1f} s", "bulk INSERTs, after the migrations")]
        if self.process is not None:
            p = self.process
            goal = f"goal ≤ {RSS_GOAL_MB} MB"
            out += [
                Figure("arobase run: start-up", f"{p.startup:.1f} s", "to its first getUpdates"),
                Figure("RSS after start-up", f"{p.started[0]:.0f} MB", goal, p.started[0] <= RSS_GOAL_MB),
                Figure("RSS after the screens", f"{p.after[0]:.0f} MB", goal, p.after[0] <= RSS_GOAL_MB),
                Figure("peak RSS (VmHWM)", f"{p.after[1]:.0f} MB", goal, p.after[1] <= RSS_GOAL_MB),
            ]
        for t in self.core:
            sizes = ", ".join(f"{n / 1024:.0f} KiB" for n in t.sizes)
            note = f"core; loop blocked ≤ {t.stall * 1000:.0f} ms" + (f"; {sizes}" if sizes else "")
            out.append(Figure(t.label, f"{t.seconds * 1000:.0f} ms", note))
        if self.process is not None:
            for label, seconds in self.process.screens:
                out.append(Figure(f"{label} (Telegram)", f"{seconds * 1000:.0f} ms", "real process, fake Bot API"))
        return out


async def run_edition(kind: str, sizes: Sizes, *, process: bool = True, library: str = "aiogram") -> EditionResult:
    async with database(kind) as url:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            webinars = webinar_file(folder)
            settings = settings_for(url, webinars)
            engine = create_engine(url)
            await upgrade(engine)
            await engine.dispose()
            content = build_services(settings, None).content
            seeded = await seed(
                url, sizes, edition=content.edition.year, enjeux=[e.code for e in content.matrix.enjeux]
            )
            print(
                f"{kind}: seeded {seeded.people} people, {seeded.collectivities} collectivities, {seeded.answers} "
                f"answers, {seeded.submitted} submitted sheets, {seeded.registrations} registrations "
                f"in {seeded.seconds:.1f} s",
                flush=True,
            )
            app = await build_app(settings)
            settle_after_start()  # as `arobase run` does once started: its full collections skip start-up's objects
            try:
                core = await core_screens(app)
            finally:
                await app.close()
            ran = await real_process(url, folder, webinars, library) if process else None
            return EditionResult(kind, seeded, core, ran, library)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="sqlite")
    defaults = Sizes()
    parser.add_argument("--people", type=int, default=defaults.people)
    parser.add_argument("--collectivities", type=int, default=defaults.collectivities)
    parser.add_argument("--answers", type=int, default=defaults.answers)
    parser.add_argument("--registrations", type=int, default=defaults.registrations)
    parser.add_argument("--submitted", type=int, default=defaults.submitted)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size (0.1: a tenth)")
    parser.add_argument("--no-process", action="store_true", help="skip the real process (no RSS)")
    parser.add_argument("--library", choices=("aiogram", "ptb"), default="aiogram", help="the real process's")
    args = parser.parse_args(argv)
    sizes = Sizes(args.people, args.collectivities, args.answers, args.registrations, args.submitted)
    if args.scale != 1.0:
        sizes = sizes.scaled(args.scale)
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    for kind in kinds:
        result = asyncio.run(run_edition(kind, sizes, process=not args.no_process, library=args.library))
        print(table(result.figures(), result.title()))


if __name__ == "__main__":
    main()
