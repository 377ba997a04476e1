"""outbox: the collectivity whose dossier a message to one of its members shows

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 13:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("collectivity_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_collectivity_id"), ["collectivity_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_collectivity_id"))
        batch_op.drop_column("collectivity_id")
