"""Outbox: schedule messages idempotently, claim due ones, record each outcome.

A worker claims rows (`sending`, with `claimed_at`) in a transaction it commits before
calling Telegram, so a crash can only repeat the rows that were in flight; `recover`
puts rows left `sending` by a dead worker back in the queue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models.outbox import OutboxMessage, OutboxStatus
from storage.models.people import Person
from storage.repositories._rowcount import changed_rows

FINAL_STATUSES = (
    OutboxStatus.SENT,
    OutboxStatus.BLOCKED,
    OutboxStatus.FAILED,
    OutboxStatus.CANCELLED,
    OutboxStatus.EXPIRED,
)


@dataclass
class Claimed:
    """What `claim_due` took: rows to send now, and those settled without a call."""

    to_send: list[OutboxMessage] = field(default_factory=list)
    expired: int = 0
    blocked: int = 0

    @property
    def empty(self) -> bool:
        return not self.to_send and not self.expired and not self.blocked


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def schedule(
        self,
        chat_id: int,
        text: str,
        *,
        kind: str,
        send_after: datetime,
        buttons: list[list[dict[str, Any]]] | None = None,
        dedupe_key: str | None = None,
        not_after: datetime | None = None,
        job_id: int | None = None,
    ) -> OutboxMessage | None:
        """Queue a message; with a `dedupe_key` already used, do nothing and return None."""
        row = OutboxMessage(
            chat_id=chat_id,
            kind=kind,
            text=text,
            buttons=buttons or [],
            send_after=send_after,
            not_after=not_after,
            dedupe_key=dedupe_key,
            job_id=job_id,
            status=OutboxStatus.PENDING,
        )
        if dedupe_key is None:
            self.session.add(row)
            return row
        if await self.session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)):
            return None
        try:
            async with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:  # scheduled concurrently by another worker
            return None
        return row

    async def cancel(self, *, dedupe_prefix: str | None = None, job_id: int | None = None) -> int:
        """Cancel pending messages by key prefix (e.g. one registration's reminders) or job."""
        condition = OutboxMessage.status == OutboxStatus.PENDING
        if dedupe_prefix is not None:
            condition = and_(condition, OutboxMessage.dedupe_key.startswith(dedupe_prefix, autoescape=True))
        if job_id is not None:
            condition = and_(condition, OutboxMessage.job_id == job_id)
        return await changed_rows(
            self.session, update(OutboxMessage).where(condition).values(status=OutboxStatus.CANCELLED)
        )

    async def due(self, now: datetime, limit: int, *, paused_jobs: Sequence[int] = ()) -> Sequence[OutboxMessage]:
        """Pending messages whose time has come, plus those left `sending` by a crash, oldest first."""
        query = (
            select(OutboxMessage)
            .where(
                OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
                OutboxMessage.send_after <= now,
            )
            .order_by(OutboxMessage.send_after, OutboxMessage.id)
            .limit(limit)
        )
        if paused_jobs:
            query = query.where(or_(OutboxMessage.job_id.is_(None), OutboxMessage.job_id.not_in(list(paused_jobs))))
        return (await self.session.scalars(query)).all()

    async def mark(self, message_id: int, status: OutboxStatus, *, now: datetime, error: str = "") -> None:
        values: dict[str, Any] = {"status": status, "last_error": error[:300]}
        if status == OutboxStatus.SENT:
            values["sent_at"] = now
        await self.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))

    async def retry_later(self, message_id: int, *, at: datetime, error: str) -> None:
        await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(
                status=OutboxStatus.PENDING,
                send_after=at,
                attempts=OutboxMessage.attempts + 1,
                last_error=error[:300],
            )
        )

    async def claim(self, ids: Sequence[int]) -> None:
        await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id.in_(list(ids))).values(status=OutboxStatus.SENDING)
        )

    async def pending_for(self, dedupe_prefix: str) -> Sequence[OutboxMessage]:
        return (
            await self.session.scalars(
                select(OutboxMessage).where(OutboxMessage.dedupe_key.startswith(dedupe_prefix, autoescape=True))
            )
        ).all()

    # -- worker side -----------------------------------------------------------
    async def claim_due(
        self,
        now: datetime,
        limit: int,
        *,
        paused_jobs: Sequence[int] = (),
        skip_locked: bool = False,
    ) -> Claimed:
        """Take up to `limit` due pending rows: expired ones and those for people who blocked
        the bot are settled here; the others become `sending`. Commit before sending."""
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.send_after <= now)
            .order_by(OutboxMessage.send_after, OutboxMessage.id)
            .limit(limit)
        )
        if paused_jobs:
            query = query.where(or_(OutboxMessage.job_id.is_(None), OutboxMessage.job_id.not_in(list(paused_jobs))))
        if skip_locked:  # PostgreSQL: several workers never take the same row
            query = query.with_for_update(skip_locked=True)
        rows = list((await self.session.scalars(query)).all())
        claimed = Claimed()
        if not rows:
            return claimed
        blocked_chats = set(
            (
                await self.session.scalars(
                    select(Person.telegram_id).where(
                        Person.blocked.is_(True), Person.telegram_id.in_({r.chat_id for r in rows})
                    )
                )
            ).all()
        )
        for row in rows:
            if row.not_after is not None and row.not_after <= now:
                row.status, row.last_error = OutboxStatus.EXPIRED, "not sent before not_after"
                claimed.expired += 1
            elif row.chat_id in blocked_chats:
                row.status, row.last_error = OutboxStatus.BLOCKED, "person has blocked the bot"
                claimed.blocked += 1
            else:
                row.status, row.claimed_at = OutboxStatus.SENDING, now
                claimed.to_send.append(row)
        await self.session.flush()
        return claimed

    async def release(self, message_id: int) -> None:
        """Back to the queue untouched (a 429: the message itself was fine)."""
        await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id).values(status=OutboxStatus.PENDING)
        )

    async def recover(self, claimed_before: datetime | None = None) -> int:
        """Rows left `sending` (by a crash) go back to pending; with `claimed_before`, only
        those claimed earlier (PostgreSQL: other workers may be sending the recent ones)."""
        condition = OutboxMessage.status == OutboxStatus.SENDING
        if claimed_before is not None:
            condition = and_(
                condition, or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at < claimed_before)
            )
        return await changed_rows(
            self.session, update(OutboxMessage).where(condition).values(status=OutboxStatus.PENDING)
        )

    async def next_due_at(self, *, paused_jobs: Sequence[int] = ()) -> datetime | None:
        query = select(func.min(OutboxMessage.send_after)).where(OutboxMessage.status == OutboxStatus.PENDING)
        if paused_jobs:
            query = query.where(or_(OutboxMessage.job_id.is_(None), OutboxMessage.job_id.not_in(list(paused_jobs))))
        return await self.session.scalar(query)

    async def counts(self, job_id: int) -> dict[str, int]:
        """Rows of a job by status (missing statuses count 0)."""
        result = await self.session.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.job_id == job_id)
            .group_by(OutboxMessage.status)
        )
        counts = {status.value: 0 for status in OutboxStatus}
        counts.update(dict(result.all()))
        return counts

    async def for_chat(self, chat_id: int) -> Sequence[OutboxMessage]:
        """Every message queued for or sent to one person, oldest first."""
        query = select(OutboxMessage).where(OutboxMessage.chat_id == chat_id).order_by(OutboxMessage.id)
        return (await self.session.scalars(query)).all()

    async def forget_chat(self, chat_id: int) -> int:
        """Erasure: messages not sent to the person are cancelled and emptied (the row keeps the
        chat id, which `people` keeps too); those sent keep only their kind, status and dates."""
        await self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.chat_id == chat_id,
                OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.CANCELLED]),
            )
            .values(status=OutboxStatus.CANCELLED, text="", buttons=[], dedupe_key=None, last_error="")
            .execution_options(synchronize_session=False)
        )
        return await changed_rows(
            self.session,
            update(OutboxMessage)
            .where(OutboxMessage.chat_id == chat_id, OutboxMessage.status != OutboxStatus.CANCELLED)
            .values(chat_id=0, text="", buttons=[], dedupe_key=None, last_error="")
            .execution_options(synchronize_session=False),
        )

    async def existing_keys(self, dedupe_prefix: str) -> set[str]:
        """Dedupe keys already used under a prefix (to schedule many rows with one query)."""
        keys = await self.session.scalars(
            select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.startswith(dedupe_prefix, autoescape=True))
        )
        return {key for key in keys.all() if key is not None}  # LIKE never matches NULL: this only narrows the type


def backoff(attempts: int) -> timedelta:
    """Network retry delays: 2 s, 4 s, 8 s… capped at 5 minutes."""
    return timedelta(seconds=min(300, 2 ** (attempts + 1)))
