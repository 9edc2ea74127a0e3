"""Migrations: idempotent, and the migrated schema is exactly the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.storage.db import engine_for
from bot.storage.migrate import upgrade
from bot.storage.models import Base

EXPECTED_TABLES = {
    "testimonies",
    "testimony_problems",
    "staff_users",
    "staff_notes",
    "staff_replies",
    "user_followups",
    "audit_log",
}


def test_upgrade_twice_is_harmless(db_url: str) -> None:
    upgrade(db_url)
    upgrade()
    tables = set(inspect(engine_for(db_url)).get_table_names())
    assert EXPECTED_TABLES | {"alembic_version"} <= tables


def test_migrated_schema_matches_the_models(db_url: str) -> None:
    with engine_for(db_url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_no_column_stores_an_ip_address_or_user_agent() -> None:
    names = {c.name.lower() for t in Base.metadata.tables.values() for c in t.columns}
    assert not {n for n in names if "ip" in n.split("_") or "agent" in n or "addr" in n}


def test_testimony_columns_are_the_spec_fields() -> None:
    from bot.fields import EXPORT_FIELDS

    columns = set(Base.metadata.tables["testimonies"].columns.keys())
    assert set(EXPORT_FIELDS) - {"problems"} <= columns
    assert {
        "submission_id",
        "sender_id",
        "followup_code_hash",
        "identifying_details_flag",
        "assigned_to_id",
        "updated_at",
    } <= columns


def test_sqlite_database_directory_is_created(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'deep' / 'er' / 'x.db'}"
    upgrade(url)
    assert (tmp_path / "deep" / "er" / "x.db").exists()
