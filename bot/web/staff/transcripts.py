"""Conversation transcripts as staff read them, from the Rasa tracker store's events.

Text shown to staff is masked here: follow-up codes always, every identifier
(`bot.privacy`) when the conversation is anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.privacy import mask_followup_codes, mask_identifiers
from bot.storage.tracker_events import Event, event_time, load_events

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


def mask_text(value: str, anonymous: bool) -> str:
    """Mask follow-up codes always, identifiers too when `anonymous`."""
    value = mask_followup_codes(value or "", FOLLOWUP_MASK)
    return mask_identifiers(value) if anonymous else value


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
                at=event_time(timestamp),
                buttons=buttons,
            )
        )
    return turns


def last_requested_slot(events: list[Event]) -> str | None:
    """The last question the form asked (`requested_slot`), None if none was asked."""
    last = None
    for type_name, _, data in events:
        if type_name == "slot" and data.get("name") == "requested_slot" and data.get("value"):
            last = str(data["value"])
    return last
