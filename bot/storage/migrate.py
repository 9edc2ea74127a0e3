"""Apply the Alembic migrations (`python -m bot db upgrade`), configured in code."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.storage.db import engine_for

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    """An Alembic configuration pointing at `bot/storage/migrations` (no alembic.ini)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _run(url: str | None, action: str, revision: str) -> None:
    engine = engine_for(url)
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)
        connection.commit()


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Bring the database at `url` (default `DATABASE_URL`) to `revision`; idempotent."""
    _run(url, "upgrade", revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    """Undo migrations down to `revision` (default: drop everything; tests only)."""
    _run(url, "downgrade", revision)
