"""Validation of what the browser sends to the chat API; errors are French sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.web.public.conversation_ids import valid_secret

MAX_MESSAGE_CHARS = 20_000
"""Longest accepted message, in characters (Unicode code points). Longer ones are rejected,
not truncated: the widget keeps the text in the input so that the user can shorten it."""

MAX_BODY_BYTES = 512 * 1024
"""Largest request body: 20 000 characters JSON-escaped fit comfortably."""

MALFORMED = "La requête est mal formée : un objet JSON est attendu."
BAD_SECRET = "L'identifiant de conversation est absent ou invalide. Rechargez la page."
EMPTY = "Votre message est vide. Écrivez quelques mots ou choisissez une réponse."
TOO_LONG = (
    f"Votre message est trop long (plus de {MAX_MESSAGE_CHARS:,} caractères)."
    " Merci de le raccourcir ou de l'envoyer en plusieurs fois."
).replace(",", "\u202f")


class InvalidRequest(ValueError):
    """A request the API refuses; `str()` is the French message for the user."""


@dataclass(frozen=True)
class ChatRequest:
    """A validated chat message; `secret` is the browser's conversation secret."""

    secret: str
    message: str


def parse_history_request(data: Any) -> str:
    """The conversation secret of a `POST /api/history` body; raise `InvalidRequest`."""
    if not isinstance(data, dict):
        raise InvalidRequest(MALFORMED)
    secret = data.get("secret")
    if not valid_secret(secret):
        raise InvalidRequest(BAD_SECRET)
    return secret


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_chat_request(data: Any) -> ChatRequest:
    """Check the JSON body of `POST /api/chat`; raise `InvalidRequest` with a French reason."""
    if not isinstance(data, dict):
        raise InvalidRequest(MALFORMED)
    secret = data.get("secret")
    if not valid_secret(secret):
        raise InvalidRequest(BAD_SECRET)
    message = data.get("message")
    if not isinstance(message, str):
        raise InvalidRequest(EMPTY if message is None else MALFORMED)
    message = _CONTROL.sub("", message)  # NUL and other control characters carry nothing
    if not message.strip():
        raise InvalidRequest(EMPTY)
    if len(message) > MAX_MESSAGE_CHARS:
        raise InvalidRequest(TOO_LONG)
    return ChatRequest(secret=secret, message=message)
