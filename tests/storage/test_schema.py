"""Storage on SQLite and PostgreSQL: migrations build the schema, optimistic locking, repositories."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.orm.exc import StaleDataError

from bot.app import build_app
from bot.config import Settings
from storage.database import create_engine, session_factory
from storage.migrate import DatabaseNotMigrated
from storage.models import Base, ConversationState
from storage.repositories import ConversationRepository, PeopleRepository
from tests.support.databases import sqlite_database

NOW = datetime(2027, 1, 15, 9, 0, tzinfo=UTC)


async def test_models_and_migrations_do_not_drift(database_url):
    engine = create_engine(database_url)

    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as conn:
        differences = await conn.run_sync(diff)
    await engine.dispose()
    assert differences == [], "models differ from migrations: generate one with `arobase db revision -m …`"


async def state_demo_read_twice(sessions, first, second):
    """State « demo » read by `first` and `second`; then `first` writes step « one » and commits.
    Returns what `second` read, which is now one version behind."""
    async with sessions() as s, s.begin():
        state = await ConversationRepository(s).load(1)
        state.flow = "demo"
        await ConversationRepository(s).save(state, NOW)
    a = await ConversationRepository(first).load(1)
    b = await ConversationRepository(second).load(1)
    a.step = "one"
    await ConversationRepository(first).save(a, NOW)
    await first.commit()
    return b


async def test_concurrent_writes_to_one_state_are_detected(database_url):
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    async with sessions() as first, sessions() as second:
        b = await state_demo_read_twice(sessions, first, second)
        b.step = "two"
        with pytest.raises(StaleDataError):  # read before « one » was written: refused, never overwritten
            await ConversationRepository(second).save(b, NOW)
    async with sessions() as s:
        kept = await s.get(ConversationState, 1)
        assert (kept.flow, kept.step) == ("demo", "one")
    await engine.dispose()


async def test_a_state_left_unchanged_is_not_written(database_url):
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    async with sessions() as first, sessions() as second:
        b = await state_demo_read_twice(sessions, first, second)
        b.flow = "demo"  # the same value: nothing to write, so nothing to refuse or overwrite
        await ConversationRepository(second).save(b, NOW)
        await second.commit()
    async with sessions() as s:
        kept = await s.get(ConversationState, 1)
        assert (kept.step, kept.version) == ("one", 2)
    await engine.dispose()


async def test_people_are_created_once_and_updated(database_url):
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    async with sessions() as s, s.begin():
        person = await PeopleRepository(s).get_or_create(7, first_name="Léa", language="fr")
        assert person.id
    async with sessions() as s, s.begin():
        again = await PeopleRepository(s).get_or_create(7, first_name="Léa-Marie")
        assert again.id == person.id and again.first_name == "Léa-Marie"
    await engine.dispose()


async def test_the_bot_refuses_an_unmigrated_database(tmp_path):
    async with sqlite_database(tmp_path) as url:
        settings = Settings()
        settings.database.url = url
        with pytest.raises(DatabaseNotMigrated, match="arobase db upgrade"):
            await build_app(settings)
