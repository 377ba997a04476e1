"""Outbox: schedule messages idempotently, claim due ones, record each outcome.

A worker claims rows (`sending`, `claimed_by` itself, `lease_until`) in a transaction it commits
before calling Telegram, renews its lease while it holds them, and records each outcome only
while it still holds the row; `recover` puts the rows of a dead worker (lease run out) back in
the queue. A row may carry a report target, told the final outcome in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models.outbox import OutboxMessage, OutboxStatus
from storage.models.people import Person
from storage.repositories._rowcount import changed_rows
from storage.types import utcnow

REPORT_KIND = "report"
SCHEDULED = "outbox_scheduled"  # session.info flag: rows were queued in this transaction
# Outcomes told to a row's report target: sent, blocked, or failed (failed, expired).
REPORTED = (OutboxStatus.SENT, OutboxStatus.BLOCKED, OutboxStatus.FAILED, OutboxStatus.EXPIRED)
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
        report: dict[str, Any] | None = None,
        about: int | None = None,
        member_of: int | None = None,
    ) -> OutboxMessage | None:
        """Queue a message; with a `dedupe_key` already used, do nothing and return None.
        `report`: {"chat": id, "sent": text, "blocked": text, "failed": text}, told the outcome.
        `about`: the Telegram id of the person whose data the text carries, if not the recipient's.
        `member_of`: the collectivity whose dossier the text shows the recipient as its member
        (dropped if their membership ends before it is sent, see `cancel_for_former_member`)."""
        self.session.info[SCHEDULED] = True  # the caller may wake the worker once this commits
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
            # The report names this message's recipient (« remise à Zoé… »): it is about them.
            report={**report, "about": chat_id} if report else report,
            about_telegram_id=about,
            collectivity_id=member_of,
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

    async def retry_later(self, message_id: int, *, owner: str, at: datetime, error: str) -> bool:
        """A network failure: back to the queue at `at`, one more attempt counted (owner only)."""
        return (
            await changed_rows(
                self.session,
                update(OutboxMessage)
                .where(self._held(message_id, owner))
                .values(
                    status=OutboxStatus.PENDING,
                    send_after=at,
                    attempts=OutboxMessage.attempts + 1,
                    last_error=error[:300],
                    claimed_by=None,
                    lease_until=None,
                ),
            )
            == 1
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
        owner: str = "",
        lease: timedelta = timedelta(seconds=25),
        paused_jobs: Sequence[int] = (),
        skip_locked: bool = False,
    ) -> Claimed:
        """Take up to `limit` due pending rows for `owner` until `now + lease`: expired ones and
        those for people who blocked the bot are settled here; the others become `sending`.
        A chat with a message being sent (by any worker) waits: one message at a time per chat.
        Commit before sending."""
        busy = aliased(OutboxMessage)
        query = (
            select(OutboxMessage)
            .where(
                OutboxMessage.status == OutboxStatus.PENDING,
                OutboxMessage.send_after <= now,
                ~exists().where(busy.chat_id == OutboxMessage.chat_id, busy.status == OutboxStatus.SENDING),
            )
            .order_by(OutboxMessage.send_after, OutboxMessage.id)
            .limit(limit)
        )
        if paused_jobs:
            query = query.where(or_(OutboxMessage.job_id.is_(None), OutboxMessage.job_id.not_in(list(paused_jobs))))
        if skip_locked:  # PostgreSQL: several workers never take the same row
            query = query.with_for_update(skip_locked=True, of=OutboxMessage)
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
                if row.report:
                    await self._report(row.id, row.report, OutboxStatus.EXPIRED, now)
                claimed.expired += 1
            elif row.chat_id in blocked_chats:
                row.status, row.last_error = OutboxStatus.BLOCKED, "person has blocked the bot"
                if row.report:
                    await self._report(row.id, row.report, OutboxStatus.BLOCKED, now)
                claimed.blocked += 1
            else:
                row.status, row.claimed_at, row.claimed_by = OutboxStatus.SENDING, now, owner
                row.lease_until = now + lease
                claimed.to_send.append(row)
        await self.session.flush()
        return claimed

    @staticmethod
    def _held(message_id: int, owner: str):
        """The row is still `sending` under `owner`'s claim: only then may its outcome be written."""
        return and_(
            OutboxMessage.id == message_id,
            OutboxMessage.status == OutboxStatus.SENDING,
            OutboxMessage.claimed_by == owner,
        )

    async def finish(
        self,
        message_id: int,
        status: OutboxStatus,
        *,
        owner: str,
        now: datetime,
        error: str = "",
        report: dict[str, Any] | None = None,
    ) -> bool:
        """Record the outcome of a claimed row; False when `owner` no longer holds it (nothing written).
        A final outcome of a row with a report target (`report`, as claimed) queues the notice in
        the same transaction."""
        values: dict[str, Any] = {"status": status, "last_error": error[:300], "lease_until": None}
        if status == OutboxStatus.SENT:
            values["sent_at"] = now
        if status == OutboxStatus.PENDING:
            values["claimed_by"] = None
        statement = update(OutboxMessage).where(self._held(message_id, owner)).values(**values)
        if not await changed_rows(self.session, statement):
            return False
        if status in REPORTED and report:
            await self._report(message_id, report, status, now)
        return True

    async def release(self, message_id: int, *, owner: str) -> bool:
        """Back to the queue untouched (a 429 pause, a paused job, a stop before the call)."""
        return await self.finish(message_id, OutboxStatus.PENDING, owner=owner, now=utcnow())

    async def renew(self, owner: str, until: datetime) -> int:
        """The owner is alive: its claims hold until `until`."""
        return await changed_rows(
            self.session,
            update(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_by == owner)
            .values(lease_until=until)
            .execution_options(synchronize_session=False),
        )

    async def recover(self, now: datetime | None = None) -> int:
        """Rows left `sending` by a dead worker go back to pending: with `now`, those whose lease
        ran out (PostgreSQL: other workers are sending theirs); without, all of them (SQLite, at
        start: no other process may use the file)."""
        condition = OutboxMessage.status == OutboxStatus.SENDING
        if now is not None:
            condition = and_(condition, or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now))
        return await changed_rows(
            self.session,
            update(OutboxMessage)
            .where(condition)
            .values(status=OutboxStatus.PENDING, claimed_by=None, lease_until=None)
            .execution_options(synchronize_session=False),
        )

    async def _report(self, message_id: int, report: dict[str, Any], status: OutboxStatus, now: datetime) -> None:
        """Tell the report target (a staff member…) how the message ended, once."""
        key = "sent" if status == OutboxStatus.SENT else "blocked" if status == OutboxStatus.BLOCKED else "failed"
        chat, text = report.get("chat"), report.get(key)
        if chat and text:
            about = report.get("about")
            await self.schedule(
                int(chat),
                str(text),
                kind=REPORT_KIND,
                send_after=now,
                dedupe_key=f"report:{message_id}",
                about=int(about) if about else None,  # erased with the person it names
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

    async def cancel_for_former_member(self, chat_id: int, collectivity_id: int) -> int:
        """A person's membership of a collectivity ended: what was queued for them as its member
        (its sheets' notices and reminders, requests to join it) is not sent any more."""
        return await changed_rows(
            self.session,
            update(OutboxMessage)
            .where(
                OutboxMessage.chat_id == chat_id,
                OutboxMessage.collectivity_id == collectivity_id,
                OutboxMessage.status == OutboxStatus.PENDING,
            )
            .values(status=OutboxStatus.CANCELLED)
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
