"""The follow-up loop: questions and read marks on staff replies, kinds of seller
messages, status changes, withdrawals (a count), wrong-code attempts, the mail outbox.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_replies") as batch:
        batch.add_column(
            sa.Column("is_question", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("read_by_seller_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("user_followups") as batch:
        batch.add_column(
            sa.Column("kind", sa.String(16), nullable=False, server_default="addition")
        )
        batch.add_column(sa.Column("in_reply_to_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("seen_by_staff_at", sa.DateTime(), nullable=True))
        batch.create_foreign_key(
            "fk_user_followups_in_reply_to_id_staff_replies",
            "staff_replies",
            ["in_reply_to_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "status_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "testimony_id",
            sa.Integer(),
            sa.ForeignKey("testimonies.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("from_status", sa.String(16), nullable=False),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column(
            "staff_user_id",
            sa.Integer(),
            sa.ForeignKey("staff_users.id", ondelete="SET NULL"),
            nullable=True,
        ),
    )
    op.create_index("ix_status_changes_testimony_id", "status_changes", ["testimony_id"])
    op.create_table(
        "withdrawals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "code_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_code_attempts_at", "code_attempts", ["at"])
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "testimony_id",
            sa.Integer(),
            sa.ForeignKey("testimonies.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.String(200), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_mail_outbox_testimony_id", "mail_outbox", ["testimony_id"])
    op.create_index("ix_mail_outbox_next_attempt_at", "mail_outbox", ["next_attempt_at"])


def downgrade() -> None:
    op.drop_table("mail_outbox")
    op.drop_table("code_attempts")
    op.drop_table("withdrawals")
    op.drop_table("status_changes")
    with op.batch_alter_table("user_followups") as batch:
        batch.drop_constraint("fk_user_followups_in_reply_to_id_staff_replies", "foreignkey")
        batch.drop_column("seen_by_staff_at")
        batch.drop_column("in_reply_to_id")
        batch.drop_column("kind")
    with op.batch_alter_table("staff_replies") as batch:
        batch.drop_column("read_by_seller_at")
        batch.drop_column("is_question")
