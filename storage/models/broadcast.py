"""Broadcast jobs: one message written by staff, sent to an audience through the outbox.

The job holds what was asked (text, audience, who) and where its progress message lives;
each recipient is an `outbox` row carrying the job's id, so delivery survives restarts.
`sent`, `blocked` and `failed` are refreshed from those rows while the job runs. A cancelled job
is final (`finished_at` set, report queued) only once the sends in flight at the cancel settled.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime, utcnow


class BroadcastStatus(enum.StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    DONE = "done"


class BroadcastJob(Base):
    __tablename__ = "broadcast_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by: Mapped[int] = mapped_column(BigInteger)  # Telegram id of the staff member (0: CLI)
    text: Mapped[str] = mapped_column(Text)
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {"kind": "role", "value": "maire"}
    audience_label: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default=BroadcastStatus.RUNNING, index=True)
    total: Mapped[int] = mapped_column(Integer, default=0)
    sent: Mapped[int] = mapped_column(Integer, default=0)
    blocked: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    # The staff message edited with the progress (None: started from the CLI).
    status_chat_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    status_message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # « Annuler la diffusion ? » is on the progress message: the progress refresh leaves it alone.
    confirming: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
