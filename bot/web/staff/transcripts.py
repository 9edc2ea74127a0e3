"""Conversation transcripts as staff read them, from the Rasa tracker store's events.

Text shown to staff is masked here: follow-up codes always, every identifier
(`bot.privacy`) when the conversation is anonymous.

A button press reaches Rasa as its payload (`/affirm`, `/correct{"field_to_change": …}`):
staff read the title of the button the assistant had offered with that payload instead
(the latest offer first), or "(bouton)" when no offered button matches.
"""

from __future__ import annotations

import json
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
    pressed: bool = False
    """A user turn that was a button press: `text` is the button's title."""


BUTTON_FALLBACK = "(bouton)"
"""What staff read for a payload no offered button carries."""


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


def _payload_key(payload: str) -> tuple[str, object]:
    """A payload as (intent, entities), so that `/a{"x": 1}` and `/a{"x":1}` are the same."""
    text = payload.strip()
    intent, brace, rest = text.partition("{")
    if not brace:
        return intent.strip(), None
    try:
        entities = json.loads(brace + rest)
    except ValueError:
        return text, None
    return intent.strip(), json.dumps(entities, sort_keys=True)


def button_title(payload: str, offers: list[list[tuple[str, str]]]) -> str:
    """The title of the button carrying `payload` in the latest of `offers` that has one
    (`offers` oldest first, each the (title, payload) buttons of one bot message), or
    `BUTTON_FALLBACK`."""
    key = _payload_key(payload)
    for buttons in reversed(offers):
        for title, offered in buttons:
            if title and (offered == payload or _payload_key(offered) == key):
                return title
    return BUTTON_FALLBACK


def is_payload(text: str) -> bool:
    """A user message that is a button payload (`/intent` or `/intent{…}`), not words."""
    stripped = text.strip()
    return len(stripped) > 1 and stripped[0] == "/" and stripped[1].isalpha()


def transcript(sender_id: str, anonymous: bool) -> list[Turn]:
    """The user and assistant turns of a conversation, masked for staff; a button press
    reads as the title of the button pressed."""
    turns = []
    offers: list[list[tuple[str, str]]] = []
    for type_name, timestamp, data in load_events(sender_id):
        if type_name not in ("user", "bot"):
            continue
        message = str(data.get("text") or "")
        buttons = _buttons(data, anonymous) if type_name == "bot" else []
        if not message and not buttons:
            continue
        pressed = type_name == "user" and is_payload(message)
        if pressed:
            message = button_title(mask_text(message, anonymous), offers)
        if buttons:
            offers.append(buttons)
        turns.append(
            Turn(
                role=type_name,
                text=message if pressed else mask_text(message, anonymous),
                at=event_time(timestamp),
                buttons=buttons,
                pressed=pressed,
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
