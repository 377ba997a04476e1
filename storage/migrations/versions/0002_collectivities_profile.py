"""collectivities and profile fields

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 15:14:49.056879
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "collectivities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collectivities")),
        sa.UniqueConstraint("code", name=op.f("uq_collectivities_code")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("profile_name", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("collectivity_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_people_collectivity_id"), ["collectivity_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_people_collectivity_id_collectivities"),
            "collectivities",
            ["collectivity_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_people_collectivity_id_collectivities"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_people_collectivity_id"))
        batch_op.drop_column("collectivity_id")
        batch_op.drop_column("email")
        batch_op.drop_column("profile_name")

    op.drop_table("collectivities")
