"""Validation of what the browser sends to the chat API; errors are French sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MAX_MESSAGE_CHARS = 20_000
"""Longest accepted message, in characters (Unicode code points). Longer ones are rejected,
not truncated: the widget keeps the text in the input so that the user can shorten it."""

MAX_BODY_BYTES = 512 * 1024
"""Largest request body: 20 000 characters JSON-escaped fit comfortably."""

_SENDER = re.compile(
    r"[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
)

MALFORMED = "La requête est mal formée : un objet JSON est attendu."
BAD_SENDER = "L'identifiant de conversation est absent ou invalide. Rechargez la page."
EMPTY = "Votre message est vide. Écrivez quelques mots ou choisissez une réponse."
TOO_LONG = (
    f"Votre message est trop long (plus de {MAX_MESSAGE_CHARS:,} caractères)."
    " Merci de le raccourcir ou de l'envoyer en plusieurs fois."
).replace(",", "\u202f")


class InvalidRequest(ValueError):
    """A request the API refuses; `str()` is the French message for the user."""


@dataclass(frozen=True)
class ChatRequest:
    """A validated chat message."""

    sender: str
    message: str


def valid_sender(sender: Any) -> bool:
    """True for a random id in the format the widget generates (32 hex digits or UUID4)."""
    return isinstance(sender, str) and _SENDER.fullmatch(sender) is not None


def parse_chat_request(data: Any) -> ChatRequest:
    """Check the JSON body of `POST /api/chat`; raise `InvalidRequest` with a French reason."""
    if not isinstance(data, dict):
        raise InvalidRequest(MALFORMED)
    sender = data.get("sender")
    if not valid_sender(sender):
        raise InvalidRequest(BAD_SENDER)
    message = data.get("message")
    if not isinstance(message, str):
        raise InvalidRequest(EMPTY if message is None else MALFORMED)
    if not message.strip():
        raise InvalidRequest(EMPTY)
    if len(message) > MAX_MESSAGE_CHARS:
        raise InvalidRequest(TOO_LONG)
    return ChatRequest(sender=sender, message=message)
