"""What a handler gets: the event, the person, their conversation state, the open DB session
and the application services (configuration values, content, clock).

Handlers change state through the helpers here; the dispatcher commits everything in one
transaction before any reply leaves, so an acknowledged answer is always saved.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.events import Incoming
from storage.models import ConversationState, Person
from storage.repositories import AuditRepository, PeopleRepository

_TOKEN_ALPHABET = string.ascii_lowercase + string.digits


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Services:
    """Application-wide dependencies, assembled by `bot.app` and shared by every handler."""

    staff_ids: frozenset[int] = frozenset()
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Paris"))
    clock: Callable[[], datetime] = system_clock
    bot_username: str = ""
    # Feature services (FAQ, content, …) registered by name by the assembly.
    extras: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        return self.extras[name]


@dataclass
class Context:
    event: Incoming
    person: Person
    state: ConversationState
    session: AsyncSession
    services: Services
    now: datetime
    dispatcher: Any = None  # handlers.dispatcher.Dispatcher, for re-dispatch (menu, prompts)

    # -- who ---------------------------------------------------------------
    @property
    def is_staff(self) -> bool:
        return self.person.is_staff or self.person.telegram_id in self.services.staff_ids

    @property
    def people(self) -> PeopleRepository:
        return PeopleRepository(self.session)

    @property
    def audit(self) -> AuditRepository:
        return AuditRepository(self.session)

    # -- conversation state -------------------------------------------------
    @property
    def flow(self) -> str | None:
        return self.state.flow

    @property
    def step(self) -> str | None:
        return self.state.step

    @property
    def data(self) -> dict[str, Any]:
        return self.state.data or {}

    @property
    def token(self) -> str:
        """Short random token of the current step, put in its buttons to spot stale presses."""
        return str(self.data.get("_t", ""))

    def start_flow(self, flow: str, step: str, data: dict[str, Any] | None = None) -> None:
        self.state.flow = flow
        self.state.data = dict(data or {})
        self.goto(step)

    def goto(self, step: str, **updates: Any) -> None:
        new = dict(self.state.data or {})
        new.update(updates)
        new["_t"] = "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(4))
        self.state.step = step
        self.state.data = new  # reassign: JSON columns track replacement, not mutation

    def update_data(self, **updates: Any) -> None:
        new = dict(self.state.data or {})
        new.update(updates)
        self.state.data = new

    def end_flow(self) -> None:
        self.state.flow = None
        self.state.step = None
        self.state.data = {}
