"""Routes a neutral event to its handler inside one database transaction.

Guarantees, whatever the transport:
- one user's updates are handled one at a time, in arrival order; different users run in parallel
  (an asyncio lock per user in a process; on PostgreSQL an advisory lock per person inside the
  transaction, so several processes keep the same rule);
- state changes are committed before any reply is sent (an acknowledged answer is saved), and the
  transport is told (`committed`) so it confirms the update to Telegram only then;
- an update id is handled once (a new one without looking it up first: one seen before fails its
  insert at the commit, and the next attempt finds it); its replies are stored with it and
  delivered under a lease: one instance only delivers them; a re-delivery, or
  `redeliver_abandoned` once the deliverer's lease ran out, sends again replies never confirmed sent;
- a text for another chat (staff notice…) is never sent directly: it becomes an outbox row in the
  same transaction (`SendText(chat_id=…)`), sent by the outbox worker, never lost, never twice;
- stale data, a concurrent claim, a deadlock or a serialisation failure: the transaction runs again;
- a stale or forged button, an unexpected input or a handler error gets a kind answer, never a crash.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import random
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from handlers.core import texts
from handlers.core.context import Context
from handlers.core.delivered import DeliveredMarks
from handlers.core.events import (
    Action,
    AnswerCallback,
    Incoming,
    Kind,
    SendText,
    User,
)
from handlers.core.for_others import queue_for_others
from handlers.core.later import send_in_turn
from handlers.core.replay import from_stored, to_stored
from handlers.core.router import Handler, Replies, Router
from handlers.core.routing import Routes
from handlers.core.services import Services
from storage.database import is_transient
from storage.repositories import ConversationRepository, PeopleRepository, UpdatesRepository
from storage.repositories.locks import lock_person
from storage.repositories.outbox import SCHEDULED

log = logging.getLogger(__name__)

ATTEMPTS = 5  # a transaction meeting stale data, a deadlock… runs again, up to this many times
DELIVERY_LEASE = timedelta(seconds=30)  # renewed every few seconds while replies are being sent
REDELIVERY_HORIZON = timedelta(hours=1)  # older undelivered replies are not sent any more
Deliver = Callable[[list[Action]], Awaitable[None]]


class Outcome(enum.Enum):
    DONE = "done"  # handled (or seen before) and its replies delivered: nothing left to do
    ELSEWHERE = "elsewhere"  # stored; another live instance is delivering its replies
    NOT_STORED = "not_stored"  # nothing could be committed (database down…): deliver it again later


@dataclass
class _Handled:
    replies: Replies | None  # None: nothing to deliver here
    outcome: Outcome = Outcome.DONE
    queued: bool = False  # the transaction queued outbox rows


@dataclass
class _UserLock:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


class Dispatcher(Routes):
    """The routes (`handlers.core.routing.Routes`), run in one transaction per update."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        services: Services,
        routers: Iterable[Router],
        menu: Handler,
        *,
        serialize_transactions: bool = False,
        owner: str | None = None,
        read_sessions: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self.sessions = sessions
        # What is worked out after the commit (exports, dossiers) reads here: on SQLite, in a
        # thread, where a long read does not hold up the others (storage.sqlite_inline).
        self.read_sessions = read_sessions or sessions
        # The name this process signs its delivery leases with (host:pid:random).
        self.owner = owner or f"dispatcher:{secrets.token_hex(4)}"
        # Called (no argument) after a commit that queued outbox rows: the worker looks at once.
        self.outbox_wakeup: Callable[[], None] | None = None
        self._delivering: set[tuple[int, int]] = set()
        # SQLite has one writer: queueing transactions here (FIFO) beats its busy-wait sleeps,
        # which made tail latency soar under load. PostgreSQL runs them concurrently.
        # Background workers writing to the same database share this lock.
        self.write_lock = asyncio.Lock() if serialize_transactions else contextlib.nullcontext()
        # One writer (SQLite): each update's transaction records the deliveries before it (see
        # handlers.core.delivered).
        self.delivered = DeliveredMarks(
            sessions, self.write_lock, self._delivering.difference_update, carry=serialize_transactions
        )
        self.services = services
        super().__init__(routers, menu)
        self._locks: dict[int, _UserLock] = {}

    # -- public ----------------------------------------------------------------
    async def process(self, event: Incoming, deliver: Deliver, committed: Callable[[], None] | None = None) -> Outcome:
        """Handle `event` and hand its replies to `deliver`, in order for this user.

        `committed` is called once the update is safely stored (its transaction committed, or it
        was seen before), before its replies are delivered: the transport confirms it then."""
        async with self._turn_of(event.user.id):
            handled = await self._handle(event)
            if committed is not None and handled.outcome is not Outcome.NOT_STORED:
                committed()
            if handled.replies is None:
                return handled.outcome
            await self._deliver(event.bot_id, event.update_id, handled.replies, deliver)
            return handled.outcome

    @contextlib.asynccontextmanager
    async def _turn_of(self, user_id: int) -> AsyncIterator[None]:
        """One user's updates one at a time, in arrival order (the lock is dropped with its last waiter)."""
        slot = self._locks.setdefault(user_id, _UserLock())
        slot.users += 1
        try:
            async with slot.lock:
                yield
        finally:
            slot.users -= 1
            if slot.users == 0:
                self._locks.pop(user_id, None)

    async def _deliver(self, bot_id: int, update_id: int | None, replies: Replies, deliver: Deliver) -> None:
        if update_id is None:
            await send_in_turn(self.read_sessions, replies, deliver)
            return
        key = (bot_id, update_id)
        self._delivering.add(key)  # its lease is renewed while we deliver (renew_delivery_leases)
        try:
            await send_in_turn(self.read_sessions, replies, deliver)
        except BaseException:
            self._delivering.discard(key)
            raise
        self.delivered.add(key)  # recorded with others shortly; leaves _delivering then

    async def handle(self, event: Incoming) -> Replies:
        """Handle without delivery bookkeeping (console, unit tests)."""
        replies: Replies = []

        async def collect(actions: Replies) -> None:
            replies.extend(actions)

        await send_in_turn(self.read_sessions, (await self._handle(event)).replies or [], collect)
        return replies

    async def renew_delivery_leases(self) -> int:
        """Keep the delivery leases of the replies this process is sending (call every few s)."""
        if not self._delivering:
            return 0
        async with self.write_lock, self.sessions() as session, session.begin():
            until = self.services.clock() + DELIVERY_LEASE
            return await UpdatesRepository(session).renew(set(self._delivering), self.owner, until)

    async def redeliver_abandoned(
        self, deliver_to: Callable[[Incoming, Replies], Awaitable[None]], *, any_lease: bool = False
    ) -> int:
        """Send the stored replies of handled updates whose deliverer died (lease run out, or any
        lease with `any_lease`: SQLite at start, one process). Returns how many updates."""
        now = self.services.clock()
        async with self.write_lock, self.sessions() as session, session.begin():
            rows = await UpdatesRepository(session).abandoned(
                now=now,
                owner=self.owner,
                until=now + DELIVERY_LEASE,
                newer_than=now - REDELIVERY_HORIZON,
                any_lease=any_lease,
                skip_locked=session.get_bind().dialect.name == "postgresql",
            )
            found = [
                (row.bot_id, row.update_id, row.user_id, from_stored(row.replies))
                for row in rows
                if (row.bot_id, row.update_id) not in self._delivering  # ours, being sent right now
            ]
        for bot_id, update_id, user_id, replies in found:
            event = Incoming(Kind.OTHER, user=User(user_id), chat_id=user_id, update_id=update_id, bot_id=bot_id)
            try:
                async with self._turn_of(user_id):
                    log.warning("update %s: delivering replies left undelivered by a stopped instance", update_id)
                    await self._deliver(bot_id, update_id, replies, _to(deliver_to, event))
            except Exception:
                log.exception("could not deliver the stored replies of update %s", update_id)
        return len(found)

    async def mark_blocked(self, user_id: int) -> None:
        """A send got 403: the user blocked the bot; stop writing to them until they return."""
        async with self.write_lock, self.sessions() as session, session.begin():
            await PeopleRepository(session).set_blocked(user_id, True)

    async def staff_ids_in_database(self) -> set[int]:
        async with self.sessions() as session:
            return {p.telegram_id for p in await PeopleRepository(session).staff()}

    # -- transaction -----------------------------------------------------------
    async def _handle(self, event: Incoming) -> _Handled:
        for attempt in range(ATTEMPTS):
            try:
                # First attempt: handled as new, without looking for the update (one query less
                # an update); seen before, its insert fails at the commit and the next attempt looks.
                return await self._handle_once(event, look_for_it=attempt > 0)
            except (StaleDataError, IntegrityError):
                # Another worker changed this user's state, or claimed this update, meanwhile.
                log.info("concurrent change for user %s, retrying (%d)", event.user.id, attempt + 1)
            except DBAPIError as exc:
                if not is_transient(exc):
                    log.exception("handler failed for update %s", event.update_id)
                    return await self._record_failure(event)
                log.info("deadlock or serialisation failure for user %s, retrying (%d)", event.user.id, attempt + 1)
                await asyncio.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
            except Exception:
                log.exception("handler failed for update %s", event.update_id)
                return await self._record_failure(event)
        return await self._record_failure(event)

    async def _handle_once(self, event: Incoming, *, look_for_it: bool = True) -> _Handled:
        async with self.write_lock:
            with self.delivered.carried() as carried:
                handled = await self._transaction(event, look_for_it, carried)
        if handled.queued and self.outbox_wakeup is not None:
            self.outbox_wakeup()
        return handled

    async def _transaction(self, event: Incoming, look_for_it: bool, carried: set[tuple[int, int]]) -> _Handled:
        async with self.sessions() as session, session.begin():
            await lock_person(session, event.user.id)  # PostgreSQL: one transaction per person at a time
            updates = UpdatesRepository(session)
            if carried:
                await updates.mark_all_delivered(carried)
            now = self.services.clock()
            if event.update_id is not None:
                key = (event.bot_id, event.update_id)
                if look_for_it or key in self.delivered or key in self._delivering:
                    seen = await updates.find(event.bot_id, event.update_id)
                    if seen is not None:
                        if seen.delivered or key in self.delivered:
                            return _Handled(None)
                        lease = seen.delivery_lease_until
                        if seen.delivery_owner not in (None, self.owner) and lease is not None and lease > now:
                            return _Handled(None, Outcome.ELSEWHERE)  # a live instance is delivering them
                        seen.delivery_owner, seen.delivery_lease_until = self.owner, now + DELIVERY_LEASE
                        return _Handled(from_stored(seen.replies))
            replies = await self._route_in_session(session, event)
            replies = await queue_for_others(session, event, replies, now)
            if event.update_id is not None:
                await updates.record(
                    event.bot_id,
                    event.update_id,
                    event.user.id,
                    to_stored(replies),
                    owner=self.owner,
                    lease_until=now + DELIVERY_LEASE,
                    now=now,
                )
            queued = bool(session.info.get(SCHEDULED))
        return _Handled(replies, queued=queued)

    async def _record_failure(self, event: Incoming) -> _Handled:
        replies: Replies = [SendText(texts.TECHNICAL_ERROR)]
        if event.kind is Kind.CALLBACK:
            replies.insert(0, AnswerCallback())
        if event.update_id is None:
            return _Handled(replies)
        try:
            async with self.write_lock, self.sessions() as session, session.begin():
                updates = UpdatesRepository(session)
                if await updates.find(event.bot_id, event.update_id) is None:
                    now = self.services.clock()
                    await updates.record(
                        event.bot_id,
                        event.update_id,
                        event.user.id,
                        [],
                        owner=self.owner,
                        lease_until=now + DELIVERY_LEASE,
                        now=now,
                    )
        except Exception:  # the database itself may be what failed: let Telegram deliver it again
            log.exception("could not record failed update %s", event.update_id)
            return _Handled(replies, Outcome.NOT_STORED)
        return _Handled(replies)

    async def _route_in_session(self, session: AsyncSession, event: Incoming) -> Replies:
        people = PeopleRepository(session)
        if event.kind in (Kind.BLOCKED, Kind.UNBLOCKED):
            await people.get_or_create(event.user.id, first_name=event.user.first_name)
            await people.set_blocked(event.user.id, event.kind is Kind.BLOCKED)
            return []
        now = self.services.clock()
        person = await people.get_or_create(
            event.user.id,
            first_name=event.user.first_name,
            last_name=event.user.last_name,
            username=event.user.username,
            language=event.user.language_code,
            now=now,
            with_conversation=True,
        )
        if person.blocked:
            person.blocked = False  # writing to us again means they unblocked the bot
        conversations = ConversationRepository(session)
        state = await conversations.load(event.user.id, read=people.conversation)  # read with the person
        replies = await self.route(Context(event, person, state, session, self.services, now, dispatcher=self))
        await conversations.save(state, now)
        return replies


def _to(deliver_to: Callable[[Incoming, Replies], Awaitable[None]], event: Incoming) -> Deliver:
    async def deliver(replies: list[Action]) -> None:
        await deliver_to(event, replies)

    return deliver
