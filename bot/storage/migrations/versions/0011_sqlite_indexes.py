"""SQLite-only indexes for the staff pages at 100 000 testimonies (issue 13): the searched
text with the loss (a search's count and total) and the day of receipt (the dashboard's
weeks); `SQLITE_ONLY_INDEXES` in the models says why. Nothing on other databases.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

from bot.storage.models import SQLITE_ONLY_INDEXES

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, expression in SQLITE_ONLY_INDEXES.items():
            op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON testimonies ({expression})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_ONLY_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
