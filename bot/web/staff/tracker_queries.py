"""Aggregate queries on the tracker store: conversations that did not end in a testimony."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.web.staff.transcripts import _when, tracker_engine

_SUMMARY = text(
    "SELECT sender_id, MIN(timestamp), MAX(timestamp), "
    "SUM(CASE WHEN type_name = 'user' THEN 1 ELSE 0 END), "
    "MAX(CASE WHEN intent_name LIKE '%cancel%' OR intent_name LIKE '%stop%' "
    "OR action_name LIKE '%cancel%' THEN 1 ELSE 0 END) "
    "FROM events GROUP BY sender_id ORDER BY MAX(timestamp) DESC"
)
_SLOTS = text(
    "SELECT sender_id, data FROM events WHERE type_name = 'slot' "
    "AND data LIKE '%requested_slot%' ORDER BY timestamp, id"
)


@dataclass(frozen=True)
class Conversation:
    """One conversation of the tracker store with no saved testimony."""

    sender_id: str
    started_at: datetime
    last_at: datetime
    user_messages: int
    cancelled: bool
    last_slot: str | None = None


def unfinished(exclude: set[str]) -> list[Conversation]:
    """Conversations whose sender_id is not in `exclude` (saved testimonies), newest first."""
    try:
        with tracker_engine().connect() as connection:
            rows = connection.execute(_SUMMARY).all()
    except SQLAlchemyError:
        return []
    slots = last_slots()
    return [
        Conversation(
            sender_id=sender,
            started_at=_when(first),
            last_at=_when(last),
            user_messages=int(users or 0),
            cancelled=bool(cancel),
            last_slot=slots.get(sender),
        )
        for sender, first, last, users, cancel in rows
        if sender not in exclude
    ]


def last_slots() -> dict[str, str | None]:
    """The last `requested_slot` value per sender_id (None once the form finished)."""
    result: dict[str, str | None] = {}
    try:
        with tracker_engine().connect() as connection:
            rows = connection.execute(_SLOTS).all()
    except SQLAlchemyError:
        return result
    for sender, raw in rows:
        try:
            data = json.loads(raw)
        except (TypeError, ValueError):
            continue
        if isinstance(data, dict) and data.get("name") == "requested_slot":
            if data.get("value"):
                result[sender] = str(data["value"])
            else:
                result.setdefault(sender, None)
    return result


def drop_off_counts(conversations: list[Conversation]) -> list[tuple[str | None, int]]:
    """How many unfinished conversations stopped at each question, most frequent first."""
    return Counter(c.last_slot for c in conversations).most_common()
