"""people: reminders_muted, the person asked not to receive reminders and announcements

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch: SQLite's batch mode copies `people` and drops the old table,
    # and that DROP would cascade to every row pointing at a person (memberships, registrations…).
    op.add_column("people", sa.Column("reminders_muted", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("people", "reminders_muted")  # SQLite ≥ 3.35 drops a column in place, as PostgreSQL
