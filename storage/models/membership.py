"""Who may act for a collectivity: memberships (asked, then accepted by someone trusted) and
the invitations active members send to colleagues.

Declaring « I work for X » (`Person.collectivity_id`) is enough for the webinar and the FAQ;
reading or editing X's dossier needs an *active* membership. A request goes
demandee → active (accepted by staff, by an active member, or at once through an invitation)
or → refusee; an active member may leave or be removed (→ retiree). Each decision keeps who
took it and when. An invitation's token is never stored: only its SHA-256.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime, utcnow


class MembershipStatus(enum.StrEnum):
    REQUESTED = "demandee"
    ACTIVE = "active"
    REMOVED = "retiree"
    REFUSED = "refusee"


OPEN_STATUSES = (MembershipStatus.REQUESTED, MembershipStatus.ACTIVE)
_OPEN = text("status IN ('demandee', 'active')")


class DecidedAs(enum.StrEnum):
    STAFF = "equipe"
    MEMBER = "membre"
    INVITATION = "invitation"
    SELF = "lui-meme"  # left the dossier
    MIGRATION = "migration"  # links that existed before memberships (0008)


class Membership(Base):
    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    collectivity_id: Mapped[int] = mapped_column(ForeignKey("collectivities.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=MembershipStatus.REQUESTED, index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    decided_by: Mapped[int | None] = mapped_column(BigInteger, default=None)  # Telegram id (0: erased, CLI)
    decided_as: Mapped[str] = mapped_column(String(16), default="")
    reason: Mapped[str] = mapped_column(String(300), default="")  # why refused or removed
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id", ondelete="SET NULL"), default=None)

    __table_args__ = (
        # One request or membership in progress per person and collectivity.
        Index(
            "uq_memberships_open",
            "person_id",
            "collectivity_id",
            unique=True,
            sqlite_where=_OPEN,
            postgresql_where=_OPEN,
        ),
    )

    @property
    def active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE


class Invitation(Base):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    collectivity_id: Mapped[int] = mapped_column(ForeignKey("collectivities.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the link's token
    created_by: Mapped[int] = mapped_column(BigInteger, index=True)  # Telegram id of the inviting member
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    used_by: Mapped[int | None] = mapped_column(BigInteger, default=None, index=True)
