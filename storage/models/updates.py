"""Telegram update ids already handled, with the replies they produced.

A re-delivered update (webhook retry, polling after a crash, a second instance) is not handled
twice; if its replies were never confirmed sent, they are sent again, by one instance only: the
one holding the delivery lease (`delivery_owner`, renewed while it delivers).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime, utcnow


class ProcessedUpdate(Base):
    __tablename__ = "processed_updates"

    # Update ids are per bot: a new token (another bot) on the same database starts over.
    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(BigInteger)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    replies: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    delivered: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    delivery_owner: Mapped[str | None] = mapped_column(String(64), default=None)
    delivery_lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
