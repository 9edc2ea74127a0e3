"""Alembic environment, configured programmatically by `bot.storage.migrate`.

The caller passes an open connection in `config.attributes["connection"]`; no alembic.ini.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from bot.storage.models import Base

# Any constant: PostgreSQL advisory lock taken while migrating, so that two processes
# starting at once (several servers, several workers) do not migrate concurrently.
_PG_MIGRATION_LOCK = 7_362_019


def run_migrations_online() -> None:
    """Run the migrations on the connection given by the caller."""
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
            )
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported; run `python -m bot db upgrade`")
run_migrations_online()
