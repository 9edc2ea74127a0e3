"""Retention: delete conversation transcripts older than the configured period.

Transcripts live in Rasa's SQL tracker store (table `events`: id, sender_id, type_name,
timestamp as epoch seconds, intent_name, action_name, data). Testimonies keep their
fields; only the link to a purged transcript finds nothing any more.
"""

from __future__ import annotations

import time

from sqlalchemy import column, delete, inspect, table

from bot.settings import get_settings
from bot.storage.db import engine_for, is_sqlite, sqlite_file

_events = table("events", column("timestamp"))


def purge_transcripts(
    older_than_days: int, tracker_url: str | None = None, now: float | None = None
) -> int:
    """Delete tracker events older than `older_than_days`; returns how many were deleted.

    `now` is an epoch timestamp (default: the current time).
    """
    if older_than_days < 0:
        raise ValueError("older_than_days must not be negative")
    url = tracker_url or get_settings().tracker_database_url
    path = sqlite_file(url) if is_sqlite(url) else None
    if path is not None and not path.exists():
        return 0  # no conversation yet; do not create the tracker database
    engine = engine_for(url)
    cutoff = (time.time() if now is None else now) - older_than_days * 86_400
    with engine.begin() as connection:
        if not inspect(connection).has_table("events"):
            return 0  # Rasa has not created its tracker store yet
        result = connection.execute(delete(_events).where(_events.c.timestamp < cutoff))
        return result.rowcount or 0


def purge_command() -> int:
    """`python -m bot purge`: apply `TRANSCRIPT_RETENTION_DAYS` and say what was deleted."""
    days = get_settings().transcript_retention_days
    deleted = purge_transcripts(days)
    print(f"{deleted} transcript event(s) older than {days} days deleted.")
    return 0
