"""outbox: whose data a message to someone else carries (erased with that person)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("about_telegram_id", sa.BigInteger(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_about_telegram_id"), ["about_telegram_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_about_telegram_id"))
        batch_op.drop_column("about_telegram_id")
