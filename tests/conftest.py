"""Shared fixtures: a migrated database (SQLite, and PostgreSQL where available), settings, the app."""

from __future__ import annotations

import pytest

from bot.app import build_app
from bot.config import Settings
from storage.database import create_engine
from storage.migrate import upgrade
from tests.support.clock import FakeClock
from tests.support.databases import postgres_database, sqlite_database


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request, tmp_path):
    """A migrated database; tests using it run once per backend."""
    maker = sqlite_database(tmp_path) if request.param == "sqlite" else postgres_database()
    async with maker as url:
        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()
        yield url


@pytest.fixture
async def sqlite_url(tmp_path):
    async with sqlite_database(tmp_path) as url:
        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()
        yield url


@pytest.fixture
def clock():
    return FakeClock()


STAFF_ID = 9000


@pytest.fixture
def settings(sqlite_url):
    settings = Settings()
    settings.database.url = sqlite_url
    settings.bot.staff_ids = [STAFF_ID]
    return settings


@pytest.fixture
async def app(settings, clock):
    app = await build_app(settings, clock=clock)
    yield app
    await app.close()


@pytest.fixture(params=["aiogram", "ptb"])
async def telegram(request, settings, clock):
    """The bot running on a real Telegram library (both, in turn) against the fake Bot API."""
    from tests.fakebotapi import FakeBotAPI
    from tests.support.telegram import running_bot

    async with FakeBotAPI() as api:
        api.add_user(STAFF_ID, first_name="Équipe")
        async with running_bot(api, settings, request.param, clock) as running:
            yield running
