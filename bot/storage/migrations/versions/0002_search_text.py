"""Accent- and case-insensitive search: `testimonies.search_text`, filled for existing rows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.normalise import search_key

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_BATCH = 1000

_testimonies = sa.table(
    "testimonies",
    sa.column("id", sa.Integer),
    sa.column("description", sa.Text),
    sa.column("search_text", sa.Text),
)


def upgrade() -> None:
    # NOT NULL with a server default: a plain ALTER TABLE on SQLite too (no table copy).
    op.add_column(
        "testimonies", sa.Column("search_text", sa.Text(), nullable=False, server_default="")
    )
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(_testimonies.c.id, _testimonies.c.description)
            .where(_testimonies.c.id > last_id)
            .order_by(_testimonies.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        connection.execute(
            _testimonies.update()
            .where(_testimonies.c.id == sa.bindparam("row_id"))
            .values(search_text=sa.bindparam("key")),
            [{"row_id": row_id, "key": search_key(text)} for row_id, text in rows],
        )
        last_id = rows[-1][0]


def downgrade() -> None:
    op.drop_column("testimonies", "search_text")
