"""Run Alembic migrations from code, and tell whether a database is at the latest revision."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class DatabaseNotMigrated(RuntimeError):
    """The schema is missing or older than this code expects."""


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revisions() -> set[str]:
    """Latest revisions; features developed in parallel may leave several branches."""
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def head_revision() -> str:
    return ", ".join(sorted(head_revisions()))


async def upgrade(engine: AsyncEngine, revision: str = "heads") -> None:
    def _run(connection) -> None:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)

    async with engine.begin() as conn:
        await conn.run_sync(_run)


async def current_revisions(engine: AsyncEngine) -> set[str]:
    def _read(connection) -> set[str]:
        return set(MigrationContext.configure(connection).get_current_heads())

    async with engine.connect() as conn:
        return await conn.run_sync(_read)


async def current_revision(engine: AsyncEngine) -> str | None:
    return ", ".join(sorted(await current_revisions(engine))) or None


def _as_tuple(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def applied_revisions(current: set[str]) -> set[str]:
    """Every revision a database at `current` has: its heads, their ancestors and what they
    depend on (a revision may depend on another branch: Alembic then stores only the former)."""
    script = ScriptDirectory.from_config(alembic_config())
    applied: set[str] = set()
    stack = list(current)
    while stack:
        revision = script.get_revision(stack.pop())
        if revision is None or revision.revision in applied:
            continue
        applied.add(revision.revision)
        stack += [*_as_tuple(revision.down_revision), *_as_tuple(revision.dependencies)]
    return applied


def is_up_to_date(current: set[str]) -> bool:
    known = {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    return bool(current) and current <= known and head_revisions() <= applied_revisions(current)


async def ensure_migrated(engine: AsyncEngine) -> None:
    current = await current_revisions(engine)
    head = head_revision()
    if not is_up_to_date(current):
        state = "vide" if not current else f"à la révision {', '.join(sorted(current))}"
        raise DatabaseNotMigrated(f"La base de données est {state}, le code attend {head}. Lancez : arobase db upgrade")
