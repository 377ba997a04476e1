"""What a handler gets: the event, the person, their conversation state, the open DB session
and the application services (configuration values, content, clock).

Handlers change state through the helpers here; the dispatcher commits everything in one
transaction before any reply leaves, so an acknowledged answer is always saved.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.core.events import Incoming
from handlers.core.services import Content, Services
from storage.models import ConversationState, Person
from storage.repositories import AuditRepository, PeopleRepository

if TYPE_CHECKING:
    from handlers.core.dispatcher import Dispatcher

_TOKEN_ALPHABET = string.ascii_lowercase + string.digits


@dataclass
class Context:
    event: Incoming
    person: Person
    state: ConversationState
    session: AsyncSession
    services: Services
    now: datetime
    dispatcher: Dispatcher  # for re-dispatch: the menu, the current question, free text
    # What a handler worked out once for this update (e.g. the person's dossier access).
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def content(self) -> Content:
        return self.services.content

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
