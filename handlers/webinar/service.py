"""Webinar registration rules, shared by the flows: enrol, withdraw (promoting the next person
waiting), move to another date, and the reminders stored in the outbox. At start-up, the seats a
raised capacity freed go to the people waiting (`settle_at_start`).

Reminders (handlers/webinar_reminders.py) are scheduled on a seat and cancelled with it.
"""

from __future__ import annotations

import contextlib
import logging
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.content.sessions import WebinarCatalogue, WebinarSession
from handlers.core.context import Context
from handlers.core.events import Button
from handlers.core.keyboards import encode
from handlers.webinar import texts as t
from handlers.webinar.reminders import join_line, join_rows, reminder_prefix, resync_reminders, schedule_reminders
from handlers.webinar.router import INVITATION, MINE
from storage.models import Person
from storage.models.webinar import RegistrationStatus, WebinarRegistration
from storage.repositories import OutboxRepository, WebinarRepository
from storage.repositories.webinar import Counts

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Enrolment:
    registration: WebinarRegistration
    session: WebinarSession
    position: int | None = None  # on the waiting list

    @property
    def registered(self) -> bool:
        return self.registration.status == RegistrationStatus.REGISTERED


def catalogue(ctx: Context) -> WebinarCatalogue:
    return ctx.content.webinars


def is_full(session: WebinarSession, counts: dict[str, Counts]) -> bool:
    """Every seat of `session` taken (`counts`: `WebinarRepository.counts()`)."""
    taken = counts.get(session.id)
    return taken is not None and taken.registered >= session.capacity


def registered_buttons(session: WebinarSession, registration_id: int) -> list[list[Button]]:
    return [
        *join_rows(session),
        [Button(t.CALENDAR, data=f"{INVITATION}:{registration_id}")],
        [Button(t.MANAGE, data=MINE)],
    ]


async def enrol(ctx: Context, session: WebinarSession) -> Enrolment:
    """A seat, or the waiting list when full. Raises storage's AlreadyRegistered."""
    repo = WebinarRepository(ctx.session)
    registration = await repo.register(session.id, ctx.person.id, session.capacity, ctx.now)
    if registration.status == RegistrationStatus.REGISTERED:
        await _remind(ctx, registration, session, ctx.person.telegram_id)
        return Enrolment(registration, session)
    return Enrolment(registration, session, await repo.waiting_position(registration))


async def _remind(ctx: Context, registration: WebinarRegistration, session: WebinarSession, chat_id: int) -> int:
    return await schedule_reminders(ctx.session, catalogue(ctx), registration, session, chat_id, ctx.now)


async def withdraw(ctx: Context, registration: WebinarRegistration) -> list[WebinarRegistration]:
    """Cancel a registration and its reminders; a freed seat goes to the first person waiting."""
    repo = WebinarRepository(ctx.session)
    await OutboxRepository(ctx.session).cancel(dedupe_prefix=reminder_prefix(registration.id))
    freed = registration.status == RegistrationStatus.REGISTERED
    await repo.cancel(registration, ctx.now)
    session = catalogue(ctx).get(registration.session_id)
    if not freed or session is None or session.start <= ctx.now:
        return []
    return await seat_the_waiting(ctx.session, catalogue(ctx), session, ctx.now)


async def seat_the_waiting(
    db: AsyncSession, cat: WebinarCatalogue, session: WebinarSession, now: datetime
) -> list[WebinarRegistration]:
    """The free seats of `session` to the first people waiting, each told (cancellation, start-up)."""
    promoted = await WebinarRepository(db).fill_free_seats(session.id, session.capacity, now)
    for lucky in promoted:
        await _tell_promoted(db, cat, lucky, session, now)
    return promoted


async def _tell_promoted(
    db: AsyncSession, cat: WebinarCatalogue, registration: WebinarRegistration, session: WebinarSession, now: datetime
) -> None:
    """« Une place s'est libérée » through the outbox, and the seat's reminders."""
    person = await db.get(Person, registration.person_id) if registration.person_id else None
    if person is None:
        return
    await OutboxRepository(db).schedule(
        person.telegram_id,
        t.PROMOTED.format(when=session.when(cat.zone), join=join_line(session)),
        kind="webinar_promoted",
        send_after=now,
        not_after=session.start,
        buttons=encode(registered_buttons(session, registration.id)),
        dedupe_key=f"{reminder_prefix(registration.id)}promoted",
    )
    await schedule_reminders(db, cat, registration, session, person.telegram_id, now)


async def promote_to_free_seats(db: AsyncSession, cat: WebinarCatalogue, now: datetime) -> int:
    """Seats free in a session still to come (its capacity raised in the file): to the people waiting."""
    promoted = 0
    for session in cat.sessions:
        if session.start > now:
            promoted += len(await seat_the_waiting(db, cat, session, now))
    if promoted:
        log.info("webinar: %d person(s) waiting got a seat freed by the sessions file", promoted)
    return promoted


async def settle_at_start(
    sessions: async_sessionmaker[AsyncSession],
    cat: WebinarCatalogue,
    now: datetime,
    write_lock: AbstractAsyncContextManager[Any] | None = None,
) -> int:
    """At start-up (under the bot's write lock: updates may already be coming in): free seats to the
    people waiting, then the reminders brought in line with the sessions file, each in a transaction
    of its own (one failing does not undo the other). Returns the rows changed; a failure is logged,
    it never stops the bot."""
    changed = 0
    for step in (promote_to_free_seats, resync_reminders):
        try:
            async with write_lock or contextlib.nullcontext(), sessions() as db, db.begin():
                changed += await step(db, cat, now)
        except Exception:
            log.exception(
                "webinar: %s failed at start (the sessions file is followed at the next start)", step.__name__
            )
    return changed


async def move(ctx: Context, registration: WebinarRegistration, target: WebinarSession) -> Enrolment | None:
    """Change date, only if the target has a seat (else None: the current one is kept)."""
    repo = WebinarRepository(ctx.session)
    new = await repo.register(target.id, ctx.person.id, target.capacity, ctx.now)
    if new.status != RegistrationStatus.REGISTERED:
        await repo.cancel(new, ctx.now)
        return None
    await withdraw(ctx, registration)
    await _remind(ctx, new, target, ctx.person.telegram_id)
    return Enrolment(new, target)
