"""Webinar registrations. The sessions themselves live in data/webinaires.toml; a registration
refers to a session by its stable id from that file.

Seats are assigned in the database, not in memory: `seat` is unique per session, so two
workers racing for the last seat cannot both get it (the loser retries and is waitlisted).
A person holds at most one active (registered or waiting) registration per session.
`person_id` becomes NULL when the person erases their data: the anonymous row still counts.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime, utcnow


class RegistrationStatus(enum.StrEnum):
    REGISTERED = "registered"
    WAITING = "waiting"
    CANCELLED = "cancelled"


ACTIVE_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)
_ACTIVE = text("status != 'cancelled'")


class WebinarRegistration(Base):
    __tablename__ = "webinar_registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(String(40), index=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), default=None, index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=RegistrationStatus.REGISTERED)
    seat: Mapped[int | None] = mapped_column(Integer, default=None)  # 1..capacity while registered
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    __table_args__ = (
        UniqueConstraint("session_id", "seat", name="uq_webinar_registrations_seat"),
        Index(
            "uq_webinar_registrations_active_person",
            "session_id",
            "person_id",
            unique=True,
            sqlite_where=_ACTIVE,
            postgresql_where=_ACTIVE,
        ),
    )

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES
