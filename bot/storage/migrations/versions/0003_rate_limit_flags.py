"""Conversations that hit a chat flood limit (`rate_limit_flags`), for staff review.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_flags",
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("flagged_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sender_id", name="pk_rate_limit_flags"),
    )
    op.create_index("ix_rate_limit_flags_flagged_at", "rate_limit_flags", ["flagged_at"])


def downgrade() -> None:
    op.drop_table("rate_limit_flags")
