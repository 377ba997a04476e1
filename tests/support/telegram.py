"""End-to-end harness: the real bot, through aiogram or python-telegram-bot, against the fake Bot API.

async def test_x(telegram):              # runs once per library
    marie = telegram.user(42, "Marie")
    await marie.send("/start")
    assert "Bonjour Marie" in (await marie.reply()).text
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from bot.app import App, build_app
from bot.config import Settings
from bot.runner import make_transport, start_transport
from tests.fakebotapi import FakeBotAPI, SimulatedUser

LIBRARIES = ("aiogram", "ptb")


@dataclass
class RunningBot:
    api: FakeBotAPI
    app: App
    transport: Any  # the library's adapter (bot.transports)
    library: str

    def user(self, user_id: int, first_name: str = "Marie", **profile) -> SimulatedUser:
        profile.setdefault("language_code", "fr")
        return self.api.user(user_id, first_name=first_name, **profile)

    @property
    def sender(self):
        return self.transport.sender


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def point_at(settings: Settings, api: FakeBotAPI, library: str) -> None:
    settings.telegram.library = library
    settings.telegram.token = api.token
    settings.telegram.api_server = api.base_url


@asynccontextmanager
async def running_bot(
    api: FakeBotAPI, settings: Settings, library: str, clock=None, *, webhook: bool = False
) -> AsyncIterator[RunningBot]:
    point_at(settings, api, library)
    if webhook:
        settings.telegram.mode = "webhook"
        settings.webhook.listen = "127.0.0.1"
        settings.webhook.port = free_port()
        settings.webhook.secret = "s3cret-token_OK"
        settings.webhook.url = f"http://127.0.0.1:{settings.webhook.port}{settings.webhook.path}"
    app = await build_app(settings, clock=clock)
    try:
        transport = make_transport(app)
        async with transport:
            await start_transport(app, transport)
            yield RunningBot(api, app, transport, library)
    finally:
        await app.close()
