"""Assembly: settings -> database, content, services and the dispatcher. No global bot object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from faq import KnowledgeBaseHolder
from handlers.content.deadlines import load_deadlines
from handlers.content.edition import load_edition
from handlers.content.form import load_form
from handlers.content.matrix import load_matrix
from handlers.content.sessions import load_sessions
from handlers.collectivity_search import load_directory
from handlers.context import Services, system_clock
from handlers.dispatcher import Dispatcher
from handlers.menu import show_menu
from handlers.registry import all_routers
from storage.database import create_engine, is_sqlite, session_factory
from storage.migrate import ensure_migrated
from storage.repositories import FaqRepository


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    services: Services
    dispatcher: Dispatcher

    async def close(self) -> None:
        await self.engine.dispose()


def build_services(settings: Settings, clock: Callable[[], datetime] | None = None) -> Services:
    """Load every content file (raising ContentError with file and line on a mistake)."""
    return Services(
        staff_ids=frozenset(settings.bot.staff_ids),
        timezone=settings.zone,
        clock=clock or system_clock,
        extras={
            "edition": load_edition(settings.data_path("edition")),
            "faq": KnowledgeBaseHolder(settings.data_path("faq")),
            "matrix": load_matrix(settings.data_path("matrice")),
            "form": load_form(settings.data_path("formulaire")),
            "deadlines": load_deadlines(settings.data_path("echeances")),
            "webinars": load_sessions(settings.data_path("webinaires"), settings.zone),
            "collectivities": load_directory(settings.data_path("collectivites")),
        },
    )


async def build_app(
    settings: Settings,
    *,
    clock: Callable[[], datetime] | None = None,
    extra_staff: frozenset[int] = frozenset(),
) -> App:
    services = build_services(settings, clock)
    services.staff_ids |= extra_staff
    engine = create_engine(settings.database.url)
    try:
        await ensure_migrated(engine)
    except BaseException:
        await engine.dispose()
        raise
    sessions = session_factory(engine)
    async with sessions() as session:  # phrasings staff attached to entries, kept in the database
        services.get("faq").set_extra_phrasings(await FaqRepository(session).learned_phrasings())
    dispatcher = Dispatcher(
        sessions, services, all_routers(), menu=show_menu, serialize_transactions=is_sqlite(settings.database.url)
    )
    return App(settings, engine, sessions, services, dispatcher)
