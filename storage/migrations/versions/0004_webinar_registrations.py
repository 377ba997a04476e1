"""webinar registrations

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 16:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webinar_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(length=40), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("promoted_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_webinar_registrations_person_id_people"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webinar_registrations")),
        sa.UniqueConstraint("session_id", "seat", name="uq_webinar_registrations_seat"),
    )
    with op.batch_alter_table("webinar_registrations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_webinar_registrations_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_webinar_registrations_session_id"), ["session_id"], unique=False)
        batch_op.create_index(
            "uq_webinar_registrations_active_person",
            ["session_id", "person_id"],
            unique=True,
            sqlite_where=sa.text("status != 'cancelled'"),
            postgresql_where=sa.text("status != 'cancelled'"),
        )


def downgrade() -> None:
    with op.batch_alter_table("webinar_registrations", schema=None) as batch_op:
        batch_op.drop_index("uq_webinar_registrations_active_person")
        batch_op.drop_index(batch_op.f("ix_webinar_registrations_session_id"))
        batch_op.drop_index(batch_op.f("ix_webinar_registrations_person_id"))

    op.drop_table("webinar_registrations")
