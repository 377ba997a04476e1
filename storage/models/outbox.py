"""Outbox: every message the bot sends on its own initiative (reminders, broadcasts, notices).

One row per recipient and message. A background worker sends due rows within the bot's rate
budget; the row's status records what happened (sent, blocked, failed…), so nothing is lost or
sent twice across restarts. A worker claims rows under its own name (`claimed_by`) with a lease
it renews while it holds them; only the owner records the outcome, and the rows of a dead worker
come back when its lease runs out. A row in a Telegram call when its worker died is the only
one that may repeat.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime, utcnow


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    BLOCKED = "blocked"  # 403: the person blocked the bot
    FAILED = "failed"  # a permanent error (bad request…), recorded in last_error
    CANCELLED = "cancelled"  # e.g. registration cancelled, broadcast cancelled
    EXPIRED = "expired"  # not sent before not_after (e.g. the webinar had started)


class OutboxMessage(Base):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    # Whose personal data a message to someone else carries (a question or an access request
    # shown to staff): erased with that person, like the messages to them.
    about_telegram_id: Mapped[int | None] = mapped_column(BigInteger, default=None, index=True)
    # The collectivity whose dossier a message to one of its members shows (a review notice, a
    # deadline reminder, an access request): cancelled, if not sent yet, when that person's
    # membership ends. No foreign key: a row outlives nothing it refers to.
    collectivity_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    job_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    dedupe_key: Mapped[str | None] = mapped_column(String(160), unique=True, default=None)
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[list[dict[str, Any]]]] = mapped_column(JSON, default=list)
    send_after: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    not_after: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # When a worker took the row (status `sending`), which worker, and until when its claim holds:
    # the owner renews `lease_until` while it holds the row; a lapsed lease means a dead worker.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    claimed_by: Mapped[str | None] = mapped_column(String(64), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Who to tell the final outcome, and with which words:
    # {"chat": staff id, "sent": "…", "blocked": "…", "failed": "…"} (None: nobody).
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), default=None)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
