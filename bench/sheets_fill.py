"""Benchmark: fill action sheets through the full stack, next to an echo bot on the same library.

    .venv/bin/python bench/sheets_fill.py [--sheets 1000] [--users 20] [--library aiogram|ptb]
                                          [--telegram-rate 30] [--database postgresql://…]

Full stack: simulated people type into the fake Telegram Bot API (tests/fakebotapi, real HTTP);
the bot runs on a real library (aiogram or python-telegram-bot, long polling) with our adapter,
the dispatcher, the sheet handlers and SQLite (WAL, a fresh file). Each person fills sheets one
after another (enjeu, service, 8 questions, submit); `--users` people work at the same time.
An « answer » is one of the 8 questions; its latency runs from the person's message to the
bot's reply in the fake server. The echo bot is the bare library on the same fake server
(no database): the floor set by HTTP and the library.

The bot's send budget (`[telegram] rate_per_second`, 30 as Telegram allows) caps its replies at
30 messages/s whatever the code costs; the echo bot has no such cap. So by default the budget is
lifted to compare code with code; `--telegram-rate 30` shows what people see at Telegram's
ceiling. `--database` runs the bot on PostgreSQL (a throw-away database is created) instead of
a fresh SQLite file. The SQL statements per answer are counted on the bot's engine.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import Settings
from storage.database import create_engine, normalise_url, session_factory
from storage.migrate import upgrade
from tests.fakebotapi import FakeBotAPI, SimulatedUser
from tests.support.sheets import join
from tests.support.telegram import running_bot

TEXT_ANSWERS = {
    1: "Atelier numérique n°{n}",
    2: "Une synthèse de l'action n°{n}, pour les habitants.",
    4: "{n}0 participants",
    5: "Tablettes",
    6: "Médiathèque",
    7: "01/09/2025",
    8: "www.example.fr/{n}",
}


async def timed(user: SimulatedUser, action, replies: int = 1) -> float:
    start = time.perf_counter()
    await action()
    await user.replies(replies, timeout=60)
    return time.perf_counter() - start


async def fill(user: SimulatedUser, sheets: int, latencies: list[float]) -> None:
    await user.send("/start fiches")
    await user.replies(1, timeout=60)
    await user.press("Emploi")
    await user.replies(1, timeout=60)
    for n in range(sheets):
        await timed(user, lambda: user.press("⬜ Accès à l'emploi"))
        await timed(user, lambda: user.press("✅ Valider (1)"))
        for question in range(1, 9):
            if question == 3:
                latencies.append(await timed(user, lambda: user.press("En cours")))
            else:
                text = TEXT_ANSWERS[question].format(n=n)
                latencies.append(await timed(user, lambda text=text: user.send(text)))
        await timed(user, lambda: user.press("📨 Soumettre pour relecture"), replies=2)
        if n + 1 < sheets:
            await timed(user, lambda: user.press("➕ Oui, une autre action"))


LIFTED = 100_000  # messages/s: no budget in practice


@contextlib.asynccontextmanager
async def database(folder: str, postgres: str | None):
    if not postgres:
        yield f"sqlite:///{folder}/bench.db"
        return
    name = f"arobase_bench_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(normalise_url(postgres), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(normalise_url(postgres)).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


class StatementCounter:
    """SQL statements run by the bot's engine while the people fill their sheets."""

    def __init__(self) -> None:
        self.count = 0

    def attach(self, engine) -> None:
        event.listen(engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1


async def bench_sheets(
    library: str, sheets: int, users: int, *, rate: float = LIFTED, postgres: str | None = None
) -> tuple[float, list[float], int]:
    with tempfile.TemporaryDirectory() as folder:
        async with database(folder, postgres) as url:
            settings = Settings()
            settings.database.url = url
            settings.bot.log_level = "WARNING"
            settings.telegram.rate_per_second = rate
            engine = create_engine(settings.database.url)
            await upgrade(engine)
            sessions = session_factory(engine)
            people = [10_000 + i for i in range(users)]
            for person in people:
                await join(sessions, person, code=f"C{person}", town=f"Commune {person}")  # one each: no shared dossier
            await engine.dispose()
            latencies: list[float] = []
            counter = StatementCounter()
            async with FakeBotAPI() as api, running_bot(api, settings, library) as bot:
                counter.attach(bot.app.engine)
                share = [sheets // users + (1 if i < sheets % users else 0) for i in range(users)]
                start = time.perf_counter()
                await asyncio.gather(*(fill(bot.user(p, f"P{p}"), k, latencies) for p, k in zip(people, share)))
                elapsed = time.perf_counter() - start
            return elapsed, latencies, counter.count


async def bench_echo(library: str, messages: int, users: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    async with FakeBotAPI() as api:
        stop = await start_echo(library, api)
        try:
            people = [api.user(20_000 + i, "Echo") for i in range(users)]

            async def talk(user: SimulatedUser, count: int) -> None:
                for i in range(count):
                    latencies.append(await timed(user, lambda i=i: user.send(f"message {i}")))

            start = time.perf_counter()
            await asyncio.gather(*(talk(u, messages // users) for u in people))
            elapsed = time.perf_counter() - start
        finally:
            await stop()
    return elapsed, latencies


async def start_echo(library: str, api: FakeBotAPI):
    """The bare library replying with the same text: no database, no handlers of ours."""
    if library == "ptb":
        from telegram import Update
        from telegram.ext import Application, MessageHandler, filters

        async def echo(update: Update, _context) -> None:
            await update.message.reply_text(update.message.text)

        application = Application.builder().token(api.token).base_url(f"{api.base_url}/bot").build()
        application.add_handler(MessageHandler(filters.TEXT, echo))
        await application.initialize()
        await application.start()
        await application.updater.start_polling(poll_interval=0.0, timeout=1)

        async def stop() -> None:
            await application.updater.stop()
            await application.stop()
            await application.shutdown()

        return stop
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    bot = Bot(api.token, session=AiohttpSession(api=TelegramAPIServer.from_base(api.base_url)))
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    task = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False, polling_timeout=1))

    async def stop() -> None:
        await dispatcher.stop_polling()
        await task
        await bot.session.close()

    return stop


def report(name: str, elapsed: float, latencies: list[float]) -> None:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(
        f"{name:<34} {len(ordered):>7} answers  {len(ordered) / elapsed:>8.1f} answers/s  "
        f"p50 {p50 * 1000:>6.1f} ms  p99 {p99 * 1000:>6.1f} ms  ({elapsed:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sheets", type=int, default=1000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--library", choices=("aiogram", "ptb"), default="aiogram")
    parser.add_argument("--telegram-rate", type=float, default=LIFTED, help="the bot's send budget (default: lifted)")
    parser.add_argument("--database", default=None, help="a PostgreSQL server URL (default: SQLite)")
    args = parser.parse_args()
    elapsed, latencies, statements = asyncio.run(
        bench_sheets(args.library, args.sheets, args.users, rate=args.telegram_rate, postgres=args.database)
    )
    kind = "PostgreSQL" if args.database else "SQLite"
    budget = "lifted" if args.telegram_rate >= LIFTED else f"{args.telegram_rate:g} messages/s"
    print(f"{args.sheets} sheets, {args.users} people at once, {args.library}, {kind}, send budget {budget}")
    report(f"sheets (adapter+handlers+{kind})", elapsed, latencies)
    steps = args.sheets * 12  # 8 answers, a service, « Valider », « Soumettre », « une autre action »
    print(f"{'':<34} {statements / steps:>7.1f} SQL statements per update (all steps, {statements} in all)")
    elapsed, echo = asyncio.run(bench_echo(args.library, len(latencies), args.users))
    report(f"echo bot ({args.library} alone)", elapsed, echo)


if __name__ == "__main__":
    main()
