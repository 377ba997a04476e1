"""FAQ: questions forwarded to staff and learned phrasings

Revision ID: 0007
Revises: 0003
Create Date: 2026-11-26 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0007"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "faq_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asker_telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("asked_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.BigInteger(), nullable=True),
        sa.Column("answered_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attached_entry_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_questions")),
    )
    with op.batch_alter_table("faq_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_faq_questions_asker_telegram_id"), ["asker_telegram_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_faq_questions_status"), ["status"], unique=False)

    op.create_table(
        "faq_phrasings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=64), nullable=False),
        sa.Column("phrasing", sa.String(length=1000), nullable=False),
        sa.Column("added_by", sa.BigInteger(), nullable=False),
        sa.Column("added_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_phrasings")),
    )
    with op.batch_alter_table("faq_phrasings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_faq_phrasings_entry_id"), ["entry_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("faq_phrasings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_phrasings_entry_id"))
    op.drop_table("faq_phrasings")
    with op.batch_alter_table("faq_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_questions_status"))
        batch_op.drop_index(batch_op.f("ix_faq_questions_asker_telegram_id"))
    op.drop_table("faq_questions")
