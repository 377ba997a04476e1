"""Benchmark: a broadcast to 10,000 recipients through the real bot (aiogram or PTB, polling)
and the fake Bot API enforcing Telegram's 30 messages/s, while a user chats with the bot.

    .venv/bin/python bench/broadcast.py [--recipients 10000] [--library aiogram|ptb]
                                        [--rate 25] [--telegram-limit 30]

Prints the duration against the recipients/limit floor, the 429s received, messages lost and
duplicated, and the reply time of the chatting user before and during the broadcast.
Takes about recipients/rate seconds (~7 min by default). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from bot.config import Settings
from bot.workers.background import start_workers
from storage.database import create_engine
from storage.migrate import upgrade
from storage.models import BroadcastJob, Person
from storage.repositories.broadcasts import BroadcastRepository
from storage.types import utcnow
from tests.fakebotapi import FakeBotAPI
from tests.support.telegram import running_bot

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


async def main(args: argparse.Namespace) -> None:
    recipients = list(range(FIRST_RECIPIENT, FIRST_RECIPIENT + args.recipients))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        engine = create_engine(url)
        await upgrade(engine)
        async with engine.begin() as conn:
            now = utcnow()
            rows = [
                {"telegram_id": r, "first_name": f"P{r}", "created_at": now, "last_seen_at": now} for r in recipients
            ]
            for start in range(0, len(rows), 1000):
                await conn.execute(insert(Person), rows[start : start + 1000])
        await engine.dispose()
        settings = Settings()
        settings.database.url = url
        settings.bot.staff_ids = [STAFF]
        settings.outbox.rate_per_second = args.rate
        async with FakeBotAPI(rate_limit=args.telegram_limit) as api:
            for r in recipients:
                api.add_user(r)
            api.add_user(STAFF, "Équipe")
            async with running_bot(api, settings, args.library) as bot:
                workers = start_workers(bot.app, bot.sender)
                marie = bot.user(CHATTER, "Marie")
                await marie.send("/start")
                await marie.replies(2)
                await marie.press("Maire")
                await marie.replies(2)
                quiet = [await chat_exchange(marie, "/aide") for _ in range(10)]

                started = time.perf_counter()
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
                    f"broadcast {job_id} queued for {len(recipients)} recipients "
                    f"({args.library}, outbox {args.rate}/s, fake Telegram {args.telegram_limit}/s)",
                    flush=True,
                )
                busy: list[float] = []
                while True:
                    async with bot.app.sessions() as session:
                        status = (await session.get(BroadcastJob, job_id)).status
                    if status == "done":
                        break
                    busy.append(await chat_exchange(marie, "/aide" if len(busy) % 2 else "/menu"))
                    if len(busy) % 30 == 0:
                        print(
                            f"  {time.perf_counter() - started:.0f} s: "
                            f"{len(api.calls('sendMessage'))} sendMessage calls",
                            flush=True,
                        )
                    await asyncio.sleep(1.0)
                await workers.stop()

            sends = [
                r
                for r in api.requests
                if r.method == "sendMessage" and r.status == 200 and int(r.params["chat_id"]) >= FIRST_RECIPIENT
            ]
            duration = sends[-1].at - sends[0].at
            per_chat = [len(api.messages(r)) for r in recipients]
    floor = args.recipients / args.telegram_limit
    print()
    print(f"recipients          {args.recipients}")
    print(
        f"duration            {duration:.1f} s (floor {floor:.0f} s at {args.telegram_limit}/s; "
        f"{args.recipients / duration:.1f} msg/s; outbox rate {args.rate}/s)"
    )
    print(f"429 received        {api.stats.too_many_requests}")
    print(f"lost                {per_chat.count(0)}")
    print(f"duplicated          {sum(1 for n in per_chat if n > 1)}")
    print(f"reply time, quiet   {summary(quiet)}")
    print(f"reply time, during  {summary(busy)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--library", choices=["aiogram", "ptb"], default="aiogram")
    parser.add_argument("--rate", type=int, default=25, help="outbox messages per second (config default 25)")
    parser.add_argument("--telegram-limit", type=int, default=30, help="messages/s the fake server accepts")
    asyncio.run(main(parser.parse_args()))
