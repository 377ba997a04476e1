"""Assembly: settings -> database, content, services and the dispatcher. No global bot object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.transports.session import bot_id_of
from bot.workers.identity import instance_name
from bot.workers.pacing import SendBudget, make_budget
from faq import KnowledgeBaseHolder
from handlers.content.collectivities import load_directory
from handlers.content.deadlines import load_deadlines
from handlers.content.edition import load_edition
from handlers.content.form import load_form
from handlers.content.matrix import load_matrix
from handlers.content.sessions import load_sessions
from handlers.content.warnings import provisional_warnings, session_warnings
from handlers.core.dispatcher import Dispatcher
from handlers.core.registry import all_routers, personal_data_sections
from handlers.core.services import Clock, Content, Services, system_clock
from handlers.home.menu import show_menu
from storage.database import Engines, is_sqlite, session_factory
from storage.migrate import ensure_migrated
from storage.repositories import FaqRepository


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine  # writes (on SQLite: statements run in the loop's thread, one writer at a time)
    sessions: async_sessionmaker[AsyncSession]
    services: Services
    dispatcher: Dispatcher
    budget: SendBudget  # every message of the bot, replies first (shared by every process on PostgreSQL)
    engines: Engines  # writer (= engine) and reader: long reads after the commit (exports…) on SQLite

    @property
    def content(self) -> Content:
        return self.services.content

    async def close(self) -> None:
        await self.dispatcher.delivered.close()  # the deliveries not yet recorded
        await self.engines.dispose()


def load_content(settings: Settings) -> Content:
    """Load every content file (raising ContentError with file and line on a mistake)."""
    return Content(
        edition=load_edition(settings.data_path("edition")),
        faq=KnowledgeBaseHolder(settings.data_path("faq")),
        matrix=load_matrix(settings.data_path("matrice")),
        form=load_form(settings.data_path("formulaire")),
        deadlines=tuple(load_deadlines(settings.data_path("echeances"))),
        webinars=load_sessions(settings.data_path("webinaires"), settings.zone),
        collectivities=load_directory(settings.data_path("collectivites")),
    )


def content_warnings(settings: Settings, content: Content, now: datetime) -> list[str]:
    """What loads fine but should not stay as is (past sessions, example links…)."""
    provisional = provisional_warnings(
        content.matrix, settings.data_path("matrice"), content.form, settings.data_path("formulaire")
    )
    return [*provisional, *session_warnings(content.webinars, settings.data_path("webinaires"), now)]


def build_services(settings: Settings, clock: Clock | None = None) -> Services:
    return Services(
        content=load_content(settings),
        staff_ids=frozenset(settings.bot.staff_ids),
        timezone=settings.zone,
        clock=clock or system_clock,
        personal_data=personal_data_sections(),
    )


async def build_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    extra_staff: frozenset[int] = frozenset(),
) -> App:
    services = build_services(settings, clock)
    services.staff_ids |= extra_staff
    engines = Engines.for_url(settings.database.url)
    engine = engines.writer
    try:
        await ensure_migrated(engine)
    except BaseException:
        await engines.dispose()
        raise
    sessions = session_factory(engine)
    async with sessions() as session:  # phrasings staff attached to entries, kept in the database
        services.content.faq.set_extra_phrasings(await FaqRepository(session).learned_phrasings())
    single_process = is_sqlite(settings.database.url)
    dispatcher = Dispatcher(
        sessions,
        services,
        all_routers(),
        menu=show_menu,
        serialize_transactions=single_process,
        owner=instance_name(),
        read_sessions=session_factory(engines.reader),
    )
    budget = make_budget(
        sessions,
        shared=not single_process,
        bot_id=bot_id_of(settings.telegram.token),
        rate=settings.telegram.rate_per_second,
        background_rate=settings.outbox.rate_per_second,
    )
    return App(settings, engine, sessions, services, dispatcher, budget, engines)
