"""The agent's desk: `testimonies.search_fields` (the reference and every other searched text
field, folded for the staff search; filled for existing rows) and `field_corrections` (the
before/after values of the fields staff corrected).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.storage.search_keys import SEARCHED_FIELDS, fields_search_key

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_BATCH = 1000

_testimonies = sa.table(
    "testimonies",
    sa.column("id", sa.Integer),
    sa.column("search_fields", sa.Text),
    *(sa.column(name, sa.Text) for name in SEARCHED_FIELDS),
)


def upgrade() -> None:
    # NOT NULL with a server default: a plain ALTER TABLE on SQLite too (no table copy).
    op.add_column(
        "testimonies", sa.Column("search_fields", sa.Text(), nullable=False, server_default="")
    )
    _fill_search_fields()
    op.create_table(
        "field_corrections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "testimony_id",
            sa.Integer(),
            sa.ForeignKey("testimonies.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column(
            "staff_user_id",
            sa.Integer(),
            sa.ForeignKey("staff_users.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_field_corrections_testimony_id", "field_corrections", ["testimony_id"])


def _fill_search_fields() -> None:
    connection = op.get_bind()
    columns = [_testimonies.c[name] for name in SEARCHED_FIELDS]
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(_testimonies.c.id, *columns)
            .where(_testimonies.c.id > last_id)
            .order_by(_testimonies.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        connection.execute(
            _testimonies.update()
            .where(_testimonies.c.id == sa.bindparam("row_id"))
            .values(search_fields=sa.bindparam("key")),
            [
                {
                    "row_id": row[0],
                    "key": fields_search_key(dict(zip(SEARCHED_FIELDS, row[1:], strict=True))),
                }
                for row in rows
            ],
        )
        last_id = rows[-1][0]


def downgrade() -> None:
    op.drop_table("field_corrections")
    op.drop_column("testimonies", "search_fields")
