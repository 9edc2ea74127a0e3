"""Conversation ids only the browser can use.

The widget keeps a random secret (64 hex digits) in its tab's sessionStorage and sends it
with every request. The web app derives the Rasa sender id from it with a keyed hash
(HMAC-SHA256 under a server-side key), so:

- Rasa, its tracker store, the testimonies and the staff pages only ever see the derived
  id; the secret itself is never stored or logged anywhere;
- an id copied from a staff page (or a database) cannot be turned back into the secret,
  so it cannot read or continue a conversation through `/api/*`, which accepts secrets only.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from bot.web.security import derive_key

SECRET_PATTERN = re.compile(r"[0-9a-f]{64}")
SENDER_ID_CHARS = 32
_KEY_CONTEXT = b"signalpme conversation ids v1"


def conversation_key(app_secret_key: str) -> bytes:
    """The HMAC key for conversation ids, derived from the app's secret key (own context,
    so it is never the same key as the one that signs staff cookies)."""
    return derive_key(app_secret_key, _KEY_CONTEXT)


def valid_secret(secret: object) -> bool:
    """True for a secret in the format the widget generates (64 lower-case hex digits)."""
    return isinstance(secret, str) and SECRET_PATTERN.fullmatch(secret) is not None


def sender_id_for(secret: str, key: bytes) -> str:
    """The Rasa sender id of the conversation that `secret` opens (32 hex digits)."""
    digest = hmac.new(key, secret.encode("ascii"), hashlib.sha256).hexdigest()
    return digest[:SENDER_ID_CHARS]
