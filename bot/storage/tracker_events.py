"""Rasa's SQL tracker store, table `events`: its one description here, and reading it.

Rasa owns the table (one row per event: id, sender_id, type_name, timestamp as epoch
seconds, intent_name, action_name, data as JSON text); only the columns described here are
read or written. It may live in another database than the testimonies
(`TRACKER_DATABASE_URL`).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.settings import get_settings
from bot.storage.db import engine_for

tracker_metadata = MetaData()

events = Table(
    "events",
    tracker_metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)

Event = tuple[str, float, dict]
"""(type_name, timestamp, decoded data) of one stored event."""


def configured_engine(url: str | None = None) -> Engine:
    """The (cached) engine of the tracker store: `url` or `TRACKER_DATABASE_URL`."""
    return engine_for(url or get_settings().tracker_database_url)


def event_time(timestamp: float | None) -> datetime:
    """An event's epoch timestamp as an aware UTC datetime (the epoch for None)."""
    return datetime.fromtimestamp(float(timestamp or 0), tz=timezone.utc)


def load_events(sender_id: str) -> list[Event]:
    """Every event of `sender_id`, oldest first; empty if the tracker store cannot be read.

    Data that is not a JSON object reads as `{}`.
    """
    query = (
        select(events.c.type_name, events.c.timestamp, events.c.data)
        .where(events.c.sender_id == sender_id)
        .order_by(events.c.timestamp, events.c.id)
    )
    try:
        with configured_engine().connect() as connection:
            rows = connection.execute(query).all()
    except SQLAlchemyError:
        return []
    loaded = []
    for type_name, timestamp, raw in rows:
        try:
            data = json.loads(raw) if raw else {}
        except (TypeError, ValueError):
            data = {}
        loaded.append((type_name, timestamp, data if isinstance(data, dict) else {}))
    return loaded
