"""Conversation transcripts read from the Rasa SQL tracker store (table `events`).

The staff app only reads it, except when an admin deletes a testimony: its transcript goes
too (otherwise it would reappear among unfinished conversations). Text shown to staff is masked
here: follow-up codes always, every identifier (`bot.privacy`) when the conversation is
anonymous.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.privacy import mask_followup_codes, mask_identifiers
from bot.settings import get_settings
from bot.storage.db import engine_for
from bot.storage.tracker_redaction import delete_conversation

# Follow-up codes are found by `bot.privacy.mask_followup_codes` (4-4-4-4 symbols grouped by
# dashes, spaces, dots or nothing) and shown as this placeholder, which is not masked again.
FOLLOWUP_MASK = "XXXX-XXXX-XXXX-XXXX"


@dataclass(frozen=True)
class Turn:
    """One message of a conversation, as staff see it."""

    role: str  # 'user' | 'bot'
    text: str
    at: datetime
    buttons: list[tuple[str, str]] = field(default_factory=list)


def tracker_engine() -> Engine:
    """The (cached) engine of the tracker store (`TRACKER_DATABASE_URL`)."""
    return engine_for(get_settings().tracker_database_url)


def mask_text(value: str, anonymous: bool) -> str:
    """Mask follow-up codes always, identifiers too when `anonymous`."""
    value = mask_followup_codes(value or "", FOLLOWUP_MASK)
    return mask_identifiers(value) if anonymous else value


def _when(timestamp: float | None) -> datetime:
    return datetime.fromtimestamp(float(timestamp or 0), tz=timezone.utc)


def _buttons(data: dict, anonymous: bool) -> list[tuple[str, str]]:
    # Rasa stores them in `data.buttons` of the BotUttered event; accept the top level too.
    inner = data.get("data") if isinstance(data.get("data"), dict) else {}
    result = []
    for button in inner.get("buttons") or data.get("buttons") or []:
        if isinstance(button, dict):
            title = mask_text(str(button.get("title") or ""), anonymous)
            payload = mask_text(str(button.get("payload") or ""), anonymous)
            result.append((title, payload))
    return result


def load_events(sender_id: str) -> list[tuple[str, float, dict]]:
    """(type_name, timestamp, data) of every event of `sender_id`, oldest first."""
    query = text(
        "SELECT type_name, timestamp, data FROM events WHERE sender_id = :sender "
        "ORDER BY timestamp, id"
    )
    try:
        with tracker_engine().connect() as connection:
            rows = connection.execute(query, {"sender": sender_id}).all()
    except SQLAlchemyError:
        return []
    events = []
    for type_name, timestamp, raw in rows:
        try:
            data = json.loads(raw) if raw else {}
        except (TypeError, ValueError):
            data = {}
        events.append((type_name, timestamp, data if isinstance(data, dict) else {}))
    return events


def transcript(sender_id: str, anonymous: bool) -> list[Turn]:
    """The user and assistant turns of a conversation, masked for staff."""
    turns = []
    for type_name, timestamp, data in load_events(sender_id):
        if type_name not in ("user", "bot"):
            continue
        message = data.get("text")
        buttons = _buttons(data, anonymous) if type_name == "bot" else []
        if not message and not buttons:
            continue
        turns.append(
            Turn(
                role=type_name,
                text=mask_text(str(message or ""), anonymous),
                at=_when(timestamp),
                buttons=buttons,
            )
        )
    return turns


def last_requested_slot(events: list[tuple[str, float, dict]]) -> str | None:
    """The last question the form asked (`requested_slot`), None if none was asked."""
    last = None
    for type_name, _, data in events:
        if type_name == "slot" and data.get("name") == "requested_slot" and data.get("value"):
            last = str(data["value"])
    return last


def delete_transcript(sender_id: str) -> int:
    """Delete every tracker event of `sender_id`; return how many were deleted."""
    try:
        return delete_conversation(tracker_engine(), sender_id)
    except SQLAlchemyError:
        return 0
