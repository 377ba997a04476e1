"""Throw-away databases for tests: a SQLite file, or a fresh PostgreSQL database.

PostgreSQL is used when $AROBASE_TEST_POSTGRES_URL is set or a server answers on
127.0.0.1:5432 (as on the developers' and CI machines); otherwise those tests skip.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from storage.database import normalise_url

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


def postgres_admin_url() -> str | None:
    url = os.environ.get("AROBASE_TEST_POSTGRES_URL")
    if url:
        return url
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return DEFAULT_POSTGRES
    except OSError:
        return None


@asynccontextmanager
async def sqlite_database(directory: Path) -> AsyncIterator[str]:
    yield f"sqlite:///{directory / 'arobase-test.db'}"


@asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    admin = postgres_admin_url()
    if admin is None:
        import pytest

        pytest.skip("no PostgreSQL server available")
    async with throwaway_postgres(admin, "arobase_test") as url:
        yield url


@asynccontextmanager
async def throwaway_postgres(admin: str, prefix: str) -> AsyncIterator[str]:
    """A new database `<prefix>_<random>` on the server of `admin`, dropped at the end (tests, benchmarks):
    migrations only ever run on it, never on the server's own databases."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    engine = create_async_engine(normalise_url(admin), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(normalise_url(admin)).set(database=name).render_as_string(hide_password=False)
    finally:
        async with engine.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await engine.dispose()
