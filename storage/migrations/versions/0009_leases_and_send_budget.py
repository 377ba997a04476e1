"""leases: outbox claim owner and lease, report-back target, reply delivery lease,
broadcast cancel confirmation, the shared send budget

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None  # 0008 merges every earlier head (0006: broadcast_jobs, outbox.claimed_at)


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("lease_until", storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("report", sa.JSON(), nullable=True))

    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivery_owner", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("delivery_lease_until", storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_processed_updates_delivered"), ["delivered"], unique=False)

    with op.batch_alter_table("broadcast_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirming", sa.Boolean(), server_default=sa.false(), nullable=False))

    op.create_table(
        "send_budget",
        sa.Column("bot_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("stamps", sa.JSON(), nullable=False),
        sa.Column("in_flight", sa.JSON(), nullable=False),
        sa.Column("next_slot", sa.Float(), nullable=False),
        sa.Column("paused_until", sa.Float(), nullable=False),
        sa.Column("reply_wait_until", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("bot_id", name=op.f("pk_send_budget")),
    )


def downgrade() -> None:
    op.drop_table("send_budget")
    with op.batch_alter_table("broadcast_jobs", schema=None) as batch_op:
        batch_op.drop_column("confirming")
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_processed_updates_delivered"))
        batch_op.drop_column("delivery_lease_until")
        batch_op.drop_column("delivery_owner")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("report")
        batch_op.drop_column("lease_until")
        batch_op.drop_column("claimed_by")
