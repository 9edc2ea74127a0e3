"""Indexes for the staff list at 100 000 testimonies (issue 13): the estimated loss (the
list's total and loss are read from the index alone), status with assignee (the saved
views), and platform with date (a platform's testimonies, newest first). On PostgreSQL
also trigram indexes (`pg_trgm`, a trusted extension shipped with PostgreSQL) so that the
staff search (`LIKE '%mot%'`) does not read every row; they are PostgreSQL's only
(`POSTGRES_ONLY_INDEXES` in the models).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

from bot.storage.models import POSTGRES_ONLY_INDEXES

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_testimonies_estimated_loss_eur": ["estimated_loss_eur"],
    "ix_testimonies_status_assigned": ["status", "assigned_to_id"],
    "ix_testimonies_platform_created": ["platform", "created_at"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "testimonies", columns)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, column in POSTGRES_ONLY_INDEXES.items():
            op.execute(f"CREATE INDEX {name} ON testimonies USING gin ({column} gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in POSTGRES_ONLY_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    for name in INDEXES:
        op.drop_index(name, "testimonies")
