"""What the runtime gives every handler, typed: the year's content and the services.

`bot.app` assembles them once; handlers read `ctx.content.matrix`, `ctx.services.staff_ids`…
so "go to definition" works everywhere and a missing piece fails at start, not mid-chat.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from faq import KnowledgeBaseHolder
from handlers.content.collectivities import CollectivityDirectory
from handlers.content.deadlines import Deadline
from handlers.content.edition import Edition
from handlers.content.form import Form
from handlers.content.matrix import Matrix
from handlers.content.sessions import WebinarCatalogue

if TYPE_CHECKING:
    from handlers.core.personal_data import DataSection

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Content:
    """The files staff edit each year, loaded and validated (see `bot.app.load_content`)."""

    edition: Edition
    faq: KnowledgeBaseHolder
    matrix: Matrix
    form: Form
    deadlines: tuple[Deadline, ...]
    webinars: WebinarCatalogue
    collectivities: CollectivityDirectory


class CommandMenus(Protocol):
    """Telegram's command menu of one chat (provided by a running Telegram transport)."""

    async def set_for(self, chat_id: int, *, staff: bool) -> bool: ...


@dataclass
class Services:
    """Application-wide dependencies, assembled by `bot.app` and shared by every handler."""

    content: Content
    staff_ids: frozenset[int] = frozenset()
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Paris"))
    clock: Clock = system_clock
    bot_username: str = ""
    # Every feature's share of personal data, for /mesdonnees and /effacer (handlers.core.registry).
    personal_data: tuple[DataSection, ...] = ()
    # Set by a Telegram transport at start; None in the console and in unit tests.
    command_menus: CommandMenus | None = None
    # The terminal console (no Telegram): a link of the bot is given as the command to type instead.
    console: bool = False
