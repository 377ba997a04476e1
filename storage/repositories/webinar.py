"""Webinar registrations: take a seat or a waiting place safely, cancel, promote, count, list.

Seat assignment is concurrency-safe on SQLite and PostgreSQL with several workers: the
lowest free seat number is inserted under a unique (session_id, seat) constraint inside a
savepoint; if another transaction took that seat first, the insert fails and we look again
(and end up on the waiting list when the session has filled up meanwhile).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Collectivity, Person
from storage.models.webinar import ACTIVE_STATUSES, RegistrationStatus, WebinarRegistration
from storage.repositories._rowcount import changed_rows

MAX_ATTEMPTS = 8


class AlreadyRegistered(Exception):
    def __init__(self, registration: WebinarRegistration) -> None:
        super().__init__(f"already registered ({registration.id})")
        self.registration = registration


class SeatContention(Exception):
    """Could not settle a seat after several concurrent attempts (the dispatcher retries)."""


@dataclass(frozen=True)
class Counts:
    registered: int = 0
    waiting: int = 0


@dataclass(frozen=True)
class Attendee:
    registration: WebinarRegistration
    person: Person | None
    collectivity: Collectivity | None


class WebinarRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, registration_id: int) -> WebinarRegistration | None:
        return await self.session.get(WebinarRegistration, registration_id)

    async def active_for(self, session_id: str, person_id: int) -> WebinarRegistration | None:
        return await self.session.scalar(
            select(WebinarRegistration).where(
                WebinarRegistration.session_id == session_id,
                WebinarRegistration.person_id == person_id,
                WebinarRegistration.status.in_(ACTIVE_STATUSES),
            )
        )

    async def for_person(self, person_id: int, *, active_only: bool = True) -> Sequence[WebinarRegistration]:
        query = select(WebinarRegistration).where(WebinarRegistration.person_id == person_id)
        if active_only:
            query = query.where(WebinarRegistration.status.in_(ACTIVE_STATUSES))
        return (await self.session.scalars(query.order_by(WebinarRegistration.id))).all()

    async def _free_seat(self, session_id: str, capacity: int) -> int | None:
        taken = set(
            (
                await self.session.scalars(
                    select(WebinarRegistration.seat).where(
                        WebinarRegistration.session_id == session_id, WebinarRegistration.seat.is_not(None)
                    )
                )
            ).all()
        )
        if len(taken) >= capacity:
            return None
        return next((n for n in range(1, capacity + 1) if n not in taken), None)

    async def register(self, session_id: str, person_id: int, capacity: int, now: datetime) -> WebinarRegistration:
        """A seat if one is free, else a place on the waiting list. Raises AlreadyRegistered."""
        for _ in range(MAX_ATTEMPTS):
            existing = await self.active_for(session_id, person_id)
            if existing is not None:
                raise AlreadyRegistered(existing)
            seat = await self._free_seat(session_id, capacity)
            row = WebinarRegistration(
                session_id=session_id,
                person_id=person_id,
                status=RegistrationStatus.REGISTERED if seat else RegistrationStatus.WAITING,
                seat=seat,
                created_at=now,
            )
            try:
                async with self.session.begin_nested():
                    self.session.add(row)
            except IntegrityError:  # that seat (or this person) was taken by a concurrent transaction
                continue
            return row
        raise SeatContention(session_id)

    async def cancel(self, registration: WebinarRegistration, now: datetime) -> None:
        registration.status = RegistrationStatus.CANCELLED
        registration.seat = None
        registration.cancelled_at = now
        await self.session.flush()

    async def fill_free_seats(self, session_id: str, capacity: int, now: datetime) -> list[WebinarRegistration]:
        """Give free seats to the first people waiting, in order; returns those promoted."""
        promoted: list[WebinarRegistration] = []
        for _ in range(capacity + MAX_ATTEMPTS):
            seat = await self._free_seat(session_id, capacity)
            if seat is None:
                break
            first = await self.session.scalar(
                select(WebinarRegistration)
                .where(
                    WebinarRegistration.session_id == session_id,
                    WebinarRegistration.status == RegistrationStatus.WAITING,
                    WebinarRegistration.person_id.is_not(None),  # an erased person's row waits for nothing
                )
                .order_by(WebinarRegistration.id)
                .limit(1)
            )
            if first is None:
                break
            try:
                async with self.session.begin_nested():
                    seated = await changed_rows(
                        self.session,
                        update(WebinarRegistration)
                        .where(
                            WebinarRegistration.id == first.id, WebinarRegistration.status == RegistrationStatus.WAITING
                        )
                        .values(status=RegistrationStatus.REGISTERED, seat=seat, promoted_at=now)
                        .execution_options(synchronize_session=False),
                    )
            except IntegrityError:  # seat taken concurrently: look again
                continue
            await self.session.refresh(first)
            if seated:
                promoted.append(first)
        return promoted

    async def waiting_position(self, registration: WebinarRegistration) -> int:
        ahead = await self.session.scalar(
            select(func.count()).where(
                WebinarRegistration.session_id == registration.session_id,
                WebinarRegistration.status == RegistrationStatus.WAITING,
                WebinarRegistration.id < registration.id,
            )
        )
        return int(ahead or 0) + 1

    async def counts(self) -> dict[str, Counts]:
        rows = await self.session.execute(
            select(WebinarRegistration.session_id, WebinarRegistration.status, func.count())
            .where(WebinarRegistration.status.in_(ACTIVE_STATUSES))
            .group_by(WebinarRegistration.session_id, WebinarRegistration.status)
        )
        totals: dict[str, dict[str, int]] = {}
        for session_id, status, number in rows:
            totals.setdefault(session_id, {})[status] = number
        return {
            sid: Counts(by.get(RegistrationStatus.REGISTERED, 0), by.get(RegistrationStatus.WAITING, 0))
            for sid, by in totals.items()
        }

    async def attendees(self, session_id: str | None = None) -> list[Attendee]:
        """Registered then waiting people (in order), with their profile, for exports."""
        query = (
            select(WebinarRegistration, Person, Collectivity)
            .outerjoin(Person, Person.id == WebinarRegistration.person_id)
            .outerjoin(Collectivity, Collectivity.id == Person.collectivity_id)
            .where(WebinarRegistration.status.in_(ACTIVE_STATUSES))
            .order_by(WebinarRegistration.session_id, WebinarRegistration.status, WebinarRegistration.id)
        )
        if session_id is not None:
            query = query.where(WebinarRegistration.session_id == session_id)
        return [Attendee(r, p, c) for r, p, c in (await self.session.execute(query)).all()]

    async def registered_with_chats(self) -> list[tuple[WebinarRegistration, int]]:
        """Every seated registration with the Telegram id of its person (for reminders)."""
        rows = await self.session.execute(
            select(WebinarRegistration, Person.telegram_id)
            .join(Person, Person.id == WebinarRegistration.person_id)
            .where(WebinarRegistration.status == RegistrationStatus.REGISTERED)
        )
        return [(registration, chat_id) for registration, chat_id in rows.all()]

    async def detach_person(self, person_id: int) -> int:
        """Anonymise: the rows stay (they count), without any link to the person."""
        return await changed_rows(
            self.session,
            update(WebinarRegistration)
            .where(WebinarRegistration.person_id == person_id)
            .values(person_id=None)
            .execution_options(synchronize_session="fetch"),
        )
