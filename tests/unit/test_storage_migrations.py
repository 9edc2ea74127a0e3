"""Migrations: idempotent, and the migrated schema is exactly the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.storage.db import engine_for, session_factory
from bot.storage.filters import TestimonyFilters
from bot.storage.migrate import downgrade, upgrade
from bot.storage.models import POSTGRES_ONLY_INDEXES, SQLITE_ONLY_INDEXES, Base
from bot.storage.testimonies import count_testimonies, list_testimonies
from bot.storage.tracker_events import events

RASA_EVENTS_TABLE = events.name

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
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": _declared}
        )
        assert compare_metadata(context, Base.metadata) == []


def _declared(item: object, name: str | None, kind: str, reflected: bool, _other: object) -> bool:
    """Everything but the indexes of one database only, which the models do not declare, and
    Rasa's own `events` table (the tracker store's, which a live test may have left behind)."""
    only_one = POSTGRES_ONLY_INDEXES.keys() | SQLITE_ONLY_INDEXES.keys()
    table = name if kind == "table" else getattr(getattr(item, "table", None), "name", None)
    if reflected and table == RASA_EVENTS_TABLE:
        return False
    return not (kind == "index" and reflected and name in only_one)


_INSERT_0001_ROW = text(
    "INSERT INTO testimonies (reference, created_at, channel, anonymous, platform, description,"
    " wants_contact, share_with_platform, status, submission_id, sender_id, followup_code_hash,"
    " identifying_details_flag, updated_at) VALUES (:reference, :at, 'rest', :false, 'amazon',"
    " :description, :false, :false, 'new', :reference, :reference, :reference, :false, :at)"
)


def test_0002_fills_search_text_of_existing_rows(db_url: str) -> None:
    downgrade(db_url, "0001")
    assert "search_text" not in {
        c["name"] for c in inspect(engine_for(db_url)).get_columns("testimonies")
    }
    rows = [
        {"reference": f"SP-2026-{n:06d}", "description": f"Dossier n°{n} : compte fermé, Œuvre"}
        for n in range(1, 1102)  # more than one batch of the migration
    ]
    rows[0]["description"] = "Compte FERMÉ sans préavis"
    with engine_for(db_url).begin() as connection:
        connection.execute(
            _INSERT_0001_ROW, [{**row, "at": "2026-11-03 10:00:00", "false": False} for row in rows]
        )
    upgrade(db_url)
    with engine_for(db_url).connect() as connection:
        keys = dict(
            connection.execute(text("SELECT reference, search_text FROM testimonies")).all()
        )
    assert keys["SP-2026-000001"] == "compte ferme sans preavis"
    assert keys["SP-2026-001101"] == "dossier n°1101 : compte ferme, oeuvre"
    assert all(keys[row["reference"]] for row in rows)
    with session_factory(db_url)() as session:
        found = list_testimonies(session, TestimonyFilters(search="ferme PREAVIS"))
        assert [t.reference for t in found] == ["SP-2026-000001"]
        assert count_testimonies(session, TestimonyFilters(search="oeuvre")) == len(rows) - 1


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
