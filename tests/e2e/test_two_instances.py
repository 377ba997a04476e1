"""Two `arobase run` processes on one PostgreSQL database, in webhook mode, behind a load
balancer that gives each update to both of them, or to either one: every update is answered
once, and each person's updates in order, whichever instance handles them.

The fake Bot API delivers like Telegram (one chat's next update only once the previous one was
answered 2xx); the balancer answers 2xx as soon as one instance did. One instance runs on
aiogram, the other on python-telegram-bot."""

from __future__ import annotations

import asyncio
import random

import aiohttp
import pytest
from aiohttp import web

from handlers.core import texts
from tests.fakebotapi import FakeBotAPI
from tests.support.databases import postgres_database
from tests.support.process import WEBHOOK_SECRET, BotProcess, write_config
from tests.support.telegram import free_port
from tests.support.waiting import eventually

pytestmark = pytest.mark.slow  # real processes

USERS = range(7001, 7005)
COMMANDS = 8


class Balancer:
    """Sends each update to both instances, or to a random one; 2xx when one of them said 2xx."""

    def __init__(self, ports: list[int], seed: int = 11) -> None:
        self.urls = [f"http://127.0.0.1:{port}/telegram" for port in ports]
        self.rng = random.Random(seed)
        self.port = free_port()
        self.both = 0
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Balancer:
        app = web.Application()
        app.router.add_post("/telegram", self.forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._http = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc) -> None:
        assert self._http is not None and self._runner is not None
        await self._http.close()
        await self._runner.cleanup()

    async def forward(self, request: web.Request) -> web.Response:
        assert self._http is not None
        body = await request.read()
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        targets = self.urls if self.rng.random() < 0.6 else [self.rng.choice(self.urls)]
        self.both += len(targets) == 2

        async def post(url: str) -> int:
            try:
                async with self._http.post(url, data=body, headers=headers) as response:
                    return response.status
            except aiohttp.ClientError:
                return 502

        statuses = await asyncio.gather(*(post(url) for url in targets))
        if any(200 <= status < 300 for status in statuses):
            return web.Response(status=200)
        return web.Response(status=503 if 503 in statuses else 502)


async def test_two_webhook_instances_answer_each_update_once_and_in_order(tmp_path):
    async with postgres_database() as database_url, FakeBotAPI() as api:
        ports = [free_port(), free_port()]
        bots = []
        for name, library, port in (("a", "aiogram", ports[0]), ("b", "ptb", ports[1])):
            config = write_config(
                tmp_path,
                api_url=api.base_url,
                token=api.token,
                library=library,
                database_url=database_url,
                webhook_port=port,
                name=f"config-{name}.toml",
            )
            bots.append(BotProcess(config, tmp_path / f"bot-{name}.log"))
        bots[0].upgrade()
        async with Balancer(ports) as balancer:
            api.webhook.route = lambda _url: f"http://127.0.0.1:{balancer.port}/telegram"
            for bot in bots:
                bot.start()
            try:
                await eventually(lambda: _true(len(api.calls("setWebhook")) >= 2), 60, "both instances up")
                await eventually(lambda: _listening(ports), 30, "both webhook ports open")
                users = [api.user(user_id, first_name=f"U{user_id}", language_code="fr") for user_id in USERS]
                for number in range(1, COMMANDS + 1):  # everyone types quickly, without waiting
                    for user in users:
                        await user.send(f"/x{number}")
                await eventually(
                    lambda: _true(all(len(user.chat.events) >= COMMANDS for user in users)), 120, "every answer"
                )
                answered = sum(len(user.chat.events) for user in users)
                more = await api.notifier.wait_until(
                    lambda: sum(len(user.chat.events) for user in users) > answered, 2.0
                )
                assert not more, "an update was answered twice"
            finally:
                for bot in bots:
                    bot.stop()
        expected = [texts.UNKNOWN_COMMAND.format(command=f"x{n}") for n in range(1, COMMANDS + 1)]
        for user in users:  # once each, in the order typed
            assert [event.text for event in user.chat.events] == expected, user.id
        assert balancer.both >= COMMANDS  # many updates really reached both instances
        for name in ("a", "b"):
            log = (tmp_path / f"bot-{name}.log").read_text(errors="replace")
            assert not [line for line in log.splitlines() if " ERROR " in line], log


async def _listening(ports: list[int]) -> bool:
    for port in ports:
        try:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            return False
        writer.close()
        await writer.wait_closed()
    return True


async def _true(value) -> bool:
    return bool(value)
