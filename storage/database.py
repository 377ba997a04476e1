"""Engines and session factory for SQLite (embedded default, WAL) and PostgreSQL (asyncpg), and
the lock that keeps a SQLite database to one bot process."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage.sqlite_inline import inline_connector


def normalise_url(url: str) -> str:
    """Accept plain `sqlite:///` and `postgresql://` URLs and pick the async drivers."""
    parsed = make_url(url)
    if parsed.drivername in ("sqlite", "sqlite+pysqlite"):
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


# SQLite's wait for a lock held by another process. The writer engine runs its statements in the
# event loop's thread (storage.sqlite_inline), where SQLite's own wait would stop everything: it
# gives up at once and waits asynchronously (sqlite_inline.BUSY_WAIT); the reader waits in its thread.
BUSY_TIMEOUT_MS = 30_000
INLINE_BUSY_TIMEOUT_MS = 0


def create_engine(url: str, *, inline: bool = False) -> AsyncEngine:
    """The engine for `url`. On SQLite, `inline` runs each statement at once in the loop's thread
    (for the bot's writes, one at a time under its write lock); otherwise aiosqlite's thread."""
    url = normalise_url(url)
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        busy_ms = INLINE_BUSY_TIMEOUT_MS if inline else BUSY_TIMEOUT_MS
        if inline:
            creator = inline_connector(database or ":memory:", timeout=busy_ms / 1000, check_same_thread=False)
            engine = create_async_engine(url, async_creator=creator)
        else:
            engine = create_async_engine(url, connect_args={"timeout": busy_ms / 1000})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - trivial
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
            cursor.close()

        return engine
    return create_async_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)


@dataclass
class Engines:
    """The bot's engines. On SQLite, `writer` runs statements inline (short transactions, under
    the write lock) and `reader` in aiosqlite's thread (long reads: exports, dossiers, after the
    commit). On PostgreSQL both are the same engine."""

    writer: AsyncEngine
    reader: AsyncEngine

    @classmethod
    def for_url(cls, url: str) -> Engines:
        database = make_url(normalise_url(url)).database if is_sqlite(url) else None
        if not is_sqlite(url) or not database or database == ":memory:":  # one database: one engine
            engine = create_engine(url)
            return cls(engine, engine)
        return cls(create_engine(url, inline=True), create_engine(url))

    async def dispose(self) -> None:
        await self.writer.dispose()
        if self.reader is not self.writer:
            await self.reader.dispose()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


# PostgreSQL: serialization failure, deadlock detected. Both mean: run the transaction again.
TRANSIENT_SQLSTATES = frozenset({"40001", "40P01"})


def is_transient(exc: BaseException) -> bool:
    """A failure that the same transaction, run again, will most likely not meet."""
    if not isinstance(exc, DBAPIError):
        return False
    original = exc.orig
    code = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if code in TRANSIENT_SQLSTATES:
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


class DatabaseInUse(RuntimeError):
    """Another process already runs the bot on this SQLite database."""


@contextmanager
def single_process_lock(url: str, command: str) -> Iterator[Path | None]:
    """SQLite serves one bot process: hold an exclusive lock on `<database>.lock` (released by
    the kernel when the process ends, even killed) and write who holds it there. A second
    process is refused with one line naming the holder. PostgreSQL: nothing to do."""
    if not is_sqlite(url):
        yield None
        return
    database = make_url(normalise_url(url)).database
    if not database or database == ":memory:":
        yield None
        return
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no lock (documented)
        yield None
        return
    path = Path(database).resolve().with_name(Path(database).name + ".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        holder = os.pread(fd, 500, 0).decode("utf-8", "replace").strip() or "un processus inconnu"
        os.close(fd)
        raise DatabaseInUse(
            f"La base SQLite {database} est déjà utilisée par {holder}. "
            "Un seul processus à la fois sur SQLite : arrêtez-le, ou passez à PostgreSQL pour en lancer plusieurs."
        ) from None
    try:
        started = datetime.now().astimezone().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(
            fd, f"« arobase {command} » (pid {os.getpid()} sur {socket.gethostname()}, depuis {started})".encode(), 0
        )
        yield path
    finally:
        os.close(fd)
