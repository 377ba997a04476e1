"""Action sheets (fiches actions) of a collectivity, their answers, attachments and staff comments.

A sheet belongs to a collectivity and an edition, sits in one enjeu of the matrix and goes
brouillon -> soumise -> a_corriger -> (soumise…) -> validee. Each answer is its own row with a
version counter, so two members editing the same sheet never overwrite each other silently:
a save states the version it saw (optimistic concurrency, per field).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, aliased, mapped_column, relationship

from storage.models.base import Base
from storage.types import UTCDateTime, utcnow


class SheetStatus(enum.StrEnum):
    BROUILLON = "brouillon"
    SOUMISE = "soumise"
    A_CORRIGER = "a_corriger"
    VALIDEE = "validee"


EDITABLE_STATUSES = frozenset({SheetStatus.BROUILLON, SheetStatus.A_CORRIGER})


class CommentKind(enum.StrEnum):
    CORRECTION = "correction"  # staff send the sheet back, with what to fix
    NOTE = "note"  # staff remark (internal unless visible_to_collectivity)
    RESUBMISSION = "resubmission"  # the collectivity submits again after a correction


class ActionSheet(Base):
    __tablename__ = "action_sheets"

    id: Mapped[int] = mapped_column(primary_key=True)
    collectivity_id: Mapped[int] = mapped_column(ForeignKey("collectivities.id", ondelete="CASCADE"), index=True)
    edition: Mapped[int] = mapped_column(Integer, index=True)
    enjeu: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default=SheetStatus.BROUILLON, index=True)
    # Where the guided collection stands: -1 services, 0..n-1 next question, n summary.
    position: Mapped[int] = mapped_column(Integer, default=-1)
    created_by: Mapped[int] = mapped_column(BigInteger)
    updated_by: Mapped[int] = mapped_column(BigInteger)
    submitted_by: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # A draft of someone whose membership is still requested: theirs alone until accepted.
    owner_telegram_id: Mapped[int | None] = mapped_column(BigInteger, default=None, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None, index=True)
    validated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    answers: Mapped[list[SheetAnswer]] = relationship(
        back_populates="sheet", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )
    attachments: Mapped[list[SheetAttachment]] = relationship(
        back_populates="sheet",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        order_by="SheetAttachment.id",
    )

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def answer(self, field: str) -> SheetAnswer | None:
        return next((a for a in self.answers if a.field == field), None)

    def value(self, field: str) -> str:
        row = self.answer(field)
        return row.value if row is not None else ""

    @property
    def title(self) -> str:
        return self.value("titre")


class SheetAnswer(Base):
    __tablename__ = "sheet_answers"
    __table_args__ = (UniqueConstraint("sheet_id", "field", name="uq_sheet_answers_sheet_field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("action_sheets.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(32))
    # As typed (HTML escaped only when shown); multi-choice answers and services: a JSON list.
    value: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sheet: Mapped[ActionSheet] = relationship(back_populates="answers")

    # A save of a row someone else changed meanwhile fails (StaleDataError) instead of overwriting.
    __mapper_args__: Mapping[str, Any] = {"version_id_col": version}


class SheetAttachment(Base):
    """A photo or document sent during a sheet, kept by its Telegram file id (never downloaded)."""

    __tablename__ = "sheet_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("action_sheets.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # photo, document
    file_id: Mapped[str] = mapped_column(String(256))
    file_name: Mapped[str] = mapped_column(String(256), default="")
    mime_type: Mapped[str] = mapped_column(String(128), default="")
    caption: Mapped[str] = mapped_column(String(1024), default="")
    added_by: Mapped[int] = mapped_column(BigInteger, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sheet: Mapped[ActionSheet] = relationship(back_populates="attachments")


class SheetComment(Base):
    """History of a sheet's review: staff corrections and notes, the collectivity's resubmissions."""

    __tablename__ = "sheet_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("action_sheets.id", ondelete="CASCADE"), index=True)
    author_telegram_id: Mapped[int] = mapped_column(BigInteger, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    visible_to_collectivity: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def shared() -> ColumnElement[bool]:
    """A sheet of the collectivity's dossier, not someone's private draft (their access is still
    requested or was refused): only these are reviewed, counted and exported."""
    return ActionSheet.owner_telegram_id.is_(None)


@functools.cache  # built once: building it (two aliased subqueries) cost more than running it
def started() -> ColumnElement[bool]:
    """A sheet exists for people from its first answer (or attachment): an untouched draft
    (the person tapped an enjeu, then left) is counted and listed nowhere."""
    answer, attachment = aliased(SheetAnswer), aliased(SheetAttachment)  # never the outer query's own
    return or_(
        select(answer.id).where(answer.sheet_id == ActionSheet.id).correlate(ActionSheet).exists(),
        select(attachment.id).where(attachment.sheet_id == ActionSheet.id).correlate(ActionSheet).exists(),
    )
