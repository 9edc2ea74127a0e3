"""Engines and session factories, one per database URL.

Callers open one short session per operation::

    with session_factory()() as session, session.begin():
        ...
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import get_settings

_lock = threading.Lock()
_factories: dict[str, sessionmaker] = {}


def is_sqlite(url: str) -> bool:
    """True for any `sqlite…://` URL."""
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL, None for an in-memory database."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """Per-connection SQLite settings: foreign keys on, WAL journal, wait on locks.

    SQLite's own lower() folds ASCII only; Python's replaces it so that `lower()` and
    `ilike` (e-mail look-ups) also fold 'É' to 'é', as on PostgreSQL.
    """
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """A 2.0-style (`future=True`) engine; for SQLite, creates the file's directory.

    `hide_parameters`: the error of a failed statement (and any log of it) shows the SQL
    but never the values, which may be a testimony or a conversation.
    """
    if is_sqlite(url):
        path = sqlite_file(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            future=True,
            hide_parameters=True,
            connect_args={"check_same_thread": False},
        )
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    return create_engine(url, future=True, hide_parameters=True, pool_pre_ping=True)


def session_factory(url: str | None = None) -> sessionmaker:
    """The cached `sessionmaker` for `url` (default: `DATABASE_URL`).

    Sessions do not expire objects on commit, so what a repository function returns can be
    read after its session is closed.
    """
    url = url or get_settings().database_url
    with _lock:
        factory = _factories.get(url)
        if factory is None:
            factory = sessionmaker(
                bind=make_engine(url), class_=Session, future=True, expire_on_commit=False
            )
            _factories[url] = factory
        return factory


def engine_for(url: str | None = None) -> Engine:
    """The engine behind `session_factory(url)`."""
    return session_factory(url).kw["bind"]


def clear_cache() -> None:
    """Dispose every cached engine (tests, or after changing `DATABASE_URL`)."""
    with _lock:
        for factory in _factories.values():
            factory.kw["bind"].dispose()
        _factories.clear()
