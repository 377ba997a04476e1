"""Benchmark: a broadcast to 10,000 recipients through the real bot (aiogram or PTB, polling)
and the fake Bot API enforcing Telegram's 30 messages/s, while a user chats with the bot.

    .venv/bin/python bench/broadcast.py [--recipients 10000] [--library aiogram|ptb]
                                        [--rate 30] [--telegram-limit 30] [--processes 1|2]

With `--processes 2` the database is a fresh PostgreSQL one (127.0.0.1:5432 or
$AROBASE_TEST_POSTGRES_URL) and a second process (`tests.support.outbox_child`) sends the same
outbox beside the bot: both share the bot's send budget. Otherwise SQLite, one process.

Prints the duration against the recipients/limit floor, the 429s received, messages lost and
duplicated, the busiest second seen by the fake Telegram, and the reply time of the chatting
user before and during the broadcast. Takes about recipients/limit seconds (~6 min by default).
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from bench.common import Figure, ms
from bot.config import Settings
from bot.workers.background import start_workers
from storage.database import create_engine
from storage.migrate import upgrade
from storage.models import BroadcastJob, Person
from storage.repositories.broadcasts import BroadcastRepository
from storage.types import utcnow
from tests.fakebotapi import FakeBotAPI
from tests.support.databases import postgres_database, sqlite_database
from tests.support.telegram import running_bot

ROOT = Path(__file__).resolve().parents[1]

STAFF, CHATTER, FIRST_RECIPIENT = 9000, 42, 1_000_000
TEXT = "📣 <b>Le label 2027 est lancé</b> : inscrivez votre collectivité avant la date limite !"


async def chat_exchange(user, command: str) -> float:
    started = time.perf_counter()
    await user.send(command)
    await user.reply(timeout=60)
    return time.perf_counter() - started


def summary(times: list[float]) -> str:
    if not times:
        return "no exchange"
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (
        f"{len(times)} exchanges, median {statistics.median(times) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
    )


async def sent_by_sender(session, job_id: int) -> dict[str, int]:
    from sqlalchemy import func, select

    from storage.models import OutboxMessage

    if not hasattr(OutboxMessage, "claimed_by"):  # the code before claims had an owner
        return {}
    rows = await session.execute(
        select(OutboxMessage.claimed_by, func.count())
        .where(OutboxMessage.job_id == job_id, OutboxMessage.status == "sent")
        .group_by(OutboxMessage.claimed_by)
    )
    return {str(owner): count for owner, count in rows.all()}


def busiest_second(stamps: list[float]) -> int:
    stamps, best, start = sorted(stamps), 0, 0
    for end, stamp in enumerate(stamps):
        while stamp - stamps[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


@contextlib.asynccontextmanager
async def second_sender(url: str, api: FakeBotAPI, args: argparse.Namespace):
    """Another process sending the same outbox (PostgreSQL), as a second `arobase run` would."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.support.outbox_child",
        url,
        api.base_url,
        args.library,
        str(args.rate),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None
    assert (await asyncio.wait_for(process.stdout.readline(), 60)).strip() == b"ready"
    try:
        yield process
    finally:
        process.terminate()
        await process.wait()


@dataclass
class BroadcastResult:
    duration: float  # from the job's creation to the last send, seconds
    steady: float  # messages/s between the 10th and 90th percentile of the sends
    first_send: float
    by_sender: dict[str, int]
    too_many_requests: int
    busiest: int
    lost: int
    duplicated: int
    quiet: list[float]
    busy: list[float]


async def measure(args: argparse.Namespace) -> BroadcastResult:
    recipients = list(range(FIRST_RECIPIENT, FIRST_RECIPIENT + args.recipients))
    with tempfile.TemporaryDirectory() as tmp:
        database = postgres_database() if args.processes == 2 else sqlite_database(Path(tmp))
        async with database as url:
            return await run(args, url, recipients)


async def main(args: argparse.Namespace) -> None:
    show(args, await measure(args))


def options(recipients: int = 10_000, library: str = "aiogram") -> argparse.Namespace:
    """The command line's defaults, for a caller (python -m bench)."""
    return argparse.Namespace(recipients=recipients, library=library, rate=30, telegram_limit=30, processes=1)


async def figures(recipients: int = 900, library: str = "aiogram") -> list[Figure]:
    """One process on SQLite at Telegram's 30 messages/s, against the recipients/30 s floor."""
    args = options(recipients, library)
    result = await measure(args)
    show(args, result)
    floor = recipients / args.telegram_limit
    during = statistics.median(result.busy) if result.busy else 0.0
    return [
        Figure(
            f"broadcast: {recipients} recipients",
            f"{result.duration:.1f} s",
            f"floor {floor:.0f} s at {args.telegram_limit}/s ({result.duration / floor:.3f}×); goal ≤ 1.1×",
            result.duration <= 1.1 * floor,
        ),
        Figure("broadcast: steady rate", f"{result.steady:.1f}/s", f"Telegram's limit {args.telegram_limit}/s"),
        Figure("broadcast: 429 received", str(result.too_many_requests), "0", result.too_many_requests == 0),
        Figure(
            "broadcast: lost / duplicated",
            f"{result.lost} / {result.duplicated}",
            "0 / 0",
            not result.lost and not result.duplicated,
        ),
        Figure(
            "broadcast: chat reply during it (median)",
            ms(during),
            f"quiet {ms(statistics.median(result.quiet))}" if result.quiet else "",
        ),
    ]


async def run(args: argparse.Namespace, url: str, recipients: list[int]) -> BroadcastResult:
    engine = create_engine(url)
    await upgrade(engine)
    async with engine.begin() as conn:
        now = utcnow()
        rows = [{"telegram_id": r, "first_name": f"P{r}", "created_at": now, "last_seen_at": now} for r in recipients]
        for start in range(0, len(rows), 1000):
            await conn.execute(insert(Person), rows[start : start + 1000])
    await engine.dispose()
    settings = Settings()
    settings.database.url = url
    settings.bot.staff_ids = [STAFF]
    settings.telegram.rate_per_second = args.rate  # the whole bot (every process)
    settings.outbox.rate_per_second = args.rate
    async with FakeBotAPI(rate_limit=args.telegram_limit) as api:
        for r in recipients:
            api.add_user(r)
        api.add_user(STAFF, "Équipe")
        others = second_sender(url, api, args) if args.processes == 2 else contextlib.nullcontext()
        async with running_bot(api, settings, args.library) as bot, others:
            workers = start_workers(bot.app, bot.sender)
            marie = bot.user(CHATTER, "Marie")
            await marie.send("/start")
            await marie.replies(2)
            await marie.press("Maire")
            await marie.replies(2)
            quiet = [await chat_exchange(marie, "/aide") for _ in range(10)]

            started = time.perf_counter()
            started_at = time.monotonic()  # the clock of the fake server's request records
            async with bot.app.sessions() as session, session.begin():
                job = await BroadcastRepository(session).create(
                    created_by=STAFF,
                    text=TEXT,
                    audience={"kind": "all"},
                    audience_label="bench",
                    recipients=recipients,
                    now=utcnow(),
                )
                job_id = job.id
            print(
                f"broadcast {job_id} queued for {len(recipients)} recipients ({args.library}, "
                f"{args.processes} process(es), rate {args.rate}/s, fake Telegram {args.telegram_limit}/s)",
                flush=True,
            )
            busy: list[float] = []
            while True:
                async with bot.app.sessions() as session:
                    job_row = await session.get(BroadcastJob, job_id)
                    assert job_row is not None
                    status = job_row.status
                if status == "done":
                    break
                busy.append(await chat_exchange(marie, "/aide" if len(busy) % 2 else "/menu"))
                if len(busy) % 30 == 0:
                    print(
                        f"  {time.perf_counter() - started:.0f} s: {len(api.calls('sendMessage'))} sendMessage calls",
                        flush=True,
                    )
                await asyncio.sleep(1.0)
            await workers.stop()
            async with bot.app.sessions() as session:
                by_sender = await sent_by_sender(session, job_id)

        sends = [
            r
            for r in api.requests
            if r.method == "sendMessage" and r.status == 200 and int(r.params["chat_id"]) >= FIRST_RECIPIENT
        ]
        duration = sends[-1].at - started_at
        tenth, last_tenth = sends[len(sends) // 10], sends[9 * len(sends) // 10]
        steady = (9 * len(sends) // 10 - len(sends) // 10) / (last_tenth.at - tenth.at)
        first_send = sends[0].at - started_at
        per_chat = [len(api.messages(r)) for r in recipients]
        busiest = busiest_second([r.at for r in api.requests if r.method in ("sendMessage", "editMessageText")])
    return BroadcastResult(
        duration,
        steady,
        first_send,
        by_sender,
        api.stats.too_many_requests,
        busiest,
        per_chat.count(0),
        sum(1 for n in per_chat if n > 1),
        quiet,
        busy,
    )


def show(args: argparse.Namespace, result: BroadcastResult) -> None:
    duration, steady, first_send, by_sender = result.duration, result.steady, result.first_send, result.by_sender
    floor = args.recipients / args.telegram_limit
    print()
    print(f"recipients          {args.recipients} ({args.processes} process(es), {args.library})")
    print(
        f"duration            {duration:.1f} s = {duration / floor:.3f} × the floor ({floor:.0f} s at "
        f"{args.telegram_limit}/s; {args.recipients / duration:.1f} msg/s; rate {args.rate}/s)"
    )
    print(
        f"steady rate         {steady:.1f} msg/s (10th to 90th percentile of the sends); "
        f"first send after {first_send:.1f} s"
    )
    print(f"sent by             {', '.join(f'{n} ({o})' for o, n in sorted(by_sender.items()))}")
    print(f"429 received        {result.too_many_requests}")
    print(f"busiest second      {result.busiest} messages (sends and edits, every process)")
    print(f"lost                {result.lost}")
    print(f"duplicated          {result.duplicated}")
    print(f"reply time, quiet   {summary(result.quiet)}")
    print(f"reply time, during  {summary(result.busy)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--library", choices=["aiogram", "ptb"], default="aiogram")
    parser.add_argument(
        "--rate", type=int, default=30, help="messages per second for the whole bot (config default 30)"
    )
    parser.add_argument("--telegram-limit", type=int, default=30, help="messages/s the fake server accepts")
    parser.add_argument("--processes", type=int, choices=[1, 2], default=1, help="2: PostgreSQL, a second sender")
    asyncio.run(main(parser.parse_args()))
