"""Initial schema: testimonies, problems, staff accounts, notes, replies, follow-ups, audit.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _created_at() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _created_at(),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_staff_users"),
        sa.UniqueConstraint("email", name="uq_staff_users_email"),
    )
    op.create_table(
        "testimonies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(32), nullable=False),
        _created_at(),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("platform_other", sa.String(200), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("reason_given", sa.String(16), nullable=True),
        sa.Column("notice_given", sa.String(16), nullable=True),
        sa.Column("contacted_platform", sa.String(16), nullable=True),
        sa.Column("support_outcome", sa.String(16), nullable=True),
        sa.Column("human_contact", sa.String(16), nullable=True),
        sa.Column("account_access", sa.String(16), nullable=True),
        sa.Column("revenue_share_pct", sa.Integer(), nullable=True),
        sa.Column("estimated_loss_eur", sa.BigInteger(), nullable=True),
        sa.Column("company_size", sa.String(16), nullable=True),
        sa.Column("sector", sa.String(200), nullable=True),
        sa.Column("wants_contact", sa.Boolean(), nullable=False),
        sa.Column("share_with_platform", sa.Boolean(), nullable=False),
        sa.Column("company_name", sa.String(300), nullable=True),
        sa.Column("siren", sa.String(9), nullable=True),
        sa.Column("contact_name", sa.String(200), nullable=True),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("status", sa.String(16), server_default="new", nullable=False),
        sa.Column("submission_id", sa.String(255), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("followup_code_hash", sa.String(64), nullable=False),
        sa.Column("identifying_details_flag", sa.Boolean(), nullable=False),
        sa.Column("assigned_to_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_to_id"],
            ["staff_users.id"],
            name="fk_testimonies_assigned_to_id_staff_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_testimonies"),
        sa.UniqueConstraint("reference", name="uq_testimonies_reference"),
        sa.UniqueConstraint("submission_id", name="uq_testimonies_submission_id"),
        sa.UniqueConstraint("followup_code_hash", name="uq_testimonies_followup_code_hash"),
    )
    for column in ("created_at", "anonymous", "platform", "wants_contact", "status", "sender_id"):
        op.create_index(f"ix_testimonies_{column}", "testimonies", [column])

    op.create_table(
        "testimony_problems",
        sa.Column("testimony_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["testimony_id"],
            ["testimonies.id"],
            name="fk_testimony_problems_testimony_id_testimonies",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("testimony_id", "code", name="pk_testimony_problems"),
    )
    op.create_index(
        "ix_testimony_problems_code_testimony", "testimony_problems", ["code", "testimony_id"]
    )

    for table in ("staff_notes", "staff_replies"):
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("testimony_id", sa.Integer(), nullable=False),
            sa.Column("author_id", sa.Integer(), nullable=True),
            sa.Column("text", sa.Text(), nullable=False),
            _created_at(),
            sa.ForeignKeyConstraint(
                ["testimony_id"],
                ["testimonies.id"],
                name=f"fk_{table}_testimony_id_testimonies",
                ondelete="CASCADE",
            ),
            sa.ForeignKeyConstraint(
                ["author_id"],
                ["staff_users.id"],
                name=f"fk_{table}_author_id_staff_users",
                ondelete="SET NULL",
            ),
            sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        )
        op.create_index(f"ix_{table}_testimony_id", table, ["testimony_id"])

    op.create_table(
        "user_followups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("testimony_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _created_at(),
        sa.ForeignKeyConstraint(
            ["testimony_id"],
            ["testimonies.id"],
            name="fk_user_followups_testimony_id_testimonies",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_user_followups"),
    )
    op.create_index("ix_user_followups_testimony_id", "user_followups", ["testimony_id"])

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target_type", sa.String(32), nullable=True),
        sa.Column("target_id", sa.String(64), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_users.id"],
            name="fk_audit_log_staff_user_id_staff_users",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])


def downgrade() -> None:
    for table in (
        "audit_log",
        "user_followups",
        "staff_replies",
        "staff_notes",
        "testimony_problems",
        "testimonies",
        "staff_users",
    ):
        op.drop_table(table)
