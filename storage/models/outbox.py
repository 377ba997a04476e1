"""Outbox: every message the bot sends on its own initiative (reminders, broadcasts, notices).

One row per recipient and message. A background worker sends due rows at a bounded rate;
the row's status records what happened (sent, blocked, failed…), so nothing is lost or sent
twice across restarts: rows left `sending` by a crash are the only ones that may repeat.
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
    kind: Mapped[str] = mapped_column(String(32))
    job_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    dedupe_key: Mapped[str | None] = mapped_column(String(160), unique=True, default=None)
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[list[dict[str, Any]]]] = mapped_column(JSON, default=list)
    send_after: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    not_after: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # When a worker took the row (status `sending`): a row claimed long ago by a dead worker is resent.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
