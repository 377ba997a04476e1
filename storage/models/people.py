"""People who talk to the bot: identity, role, staff flag, blocked flag, reminders muted, consents."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime, utcnow


class Role(enum.StrEnum):
    MAIRE = "maire"
    ELU = "elu"
    AGENT = "agent"
    AUTRE = "autre"


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    first_name: Mapped[str] = mapped_column(String(128), default="")
    last_name: Mapped[str] = mapped_column(String(128), default="")
    username: Mapped[str] = mapped_column(String(64), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    role: Mapped[str | None] = mapped_column(String(16), default=None)
    # Profile, asked once (webinar, sheets) and editable with /profil.
    profile_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    collectivity_id: Mapped[int | None] = mapped_column(
        ForeignKey("collectivities.id", ondelete="SET NULL"), default=None, index=True
    )
    is_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    # /rappels: no broadcasts nor deadline reminders (what they asked for themselves still comes).
    reminders_muted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    consent_data_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p) or "Inconnu"
