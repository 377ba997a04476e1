"""FAQ learning loop: questions forwarded to staff, and phrasings staff attached to entries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime, utcnow


class ForwardedQuestion(Base):
    __tablename__ = "faq_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    asker_telegram_id: Mapped[int] = mapped_column(BigInteger, index=True)
    text: Mapped[str] = mapped_column(String(1000))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open, answered, closed
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[int | None] = mapped_column(BigInteger, default=None)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    attached_entry_id: Mapped[str] = mapped_column(String(64), default="")


class LearnedPhrasing(Base):
    __tablename__ = "faq_phrasings"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(64), index=True)
    phrasing: Mapped[str] = mapped_column(String(1000))
    added_by: Mapped[int] = mapped_column(BigInteger)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
