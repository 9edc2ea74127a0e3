"""Rasa's SQL tracker store, with statement parameters kept out of its errors and logs.

Rasa 3.6 creates the engine of `SQLTrackerStore` without `hide_parameters`: when an insert
fails (database locked, disk full, connection lost…), the SQLAlchemy error quotes the
statement's parameters, i.e. the event JSON with what the user typed, and Rasa logs it
(`FailSafeTrackerStore`: "Please investigate the following error: …"). The endpoints that
`python -m bot run` writes (`bot/endpoints_file.py`) name this class instead of
`SQL`; it takes the same options.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from sqlalchemy.orm import sessionmaker


def _sqlite_journal(dbapi_connection: Any, _record: Any) -> None:
    """WAL journal: a commit appends to the log instead of rewriting the database file and
    syncing it twice; readers (the staff app) never block the writer. `synchronous=NORMAL`
    is SQLite's advised setting with WAL: the database stays consistent on a crash or power
    loss, the last commits before a power loss may be lost (not on a process crash)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class ParameterHidingSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` whose engine is created with `hide_parameters=True` (and, on
    SQLite, the WAL journal)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, hide_parameters=True, **create_engine_kwargs(url))
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_journal)
        self.sessionmaker = sessionmaker(bind=self.engine)
