"""Links to a testimony's PDF receipt: unguessable, short-lived, for one conversation only.

A receipt token is `<reference>.<expiry>.<signature>`:

- `reference` is the testimony's reference (`SP-2026-000042`), which the seller already reads
  in the chat;
- `expiry` is the Unix time after which the token is refused, in hexadecimal;
- `signature` is HMAC-SHA256 over the reference, the conversation's sender id (the id the
  web app derives from the browser's secret, `tracker.sender_id` in actions) and the expiry,
  under a key derived from the app's secret key with its own context.

The sender id is bound but not written in the token: `POST /api/receipt` derives it from the
secret the browser sends, so the token of one tab is worthless in any other browser, and a
token copied from a stored conversation opens nothing without the secret.

Hexadecimal digits are written with the letters a–p: the token then holds no run of digits
and no dashed group, so that the masking applied to stored conversations
(`bot/storage/tracker_redaction.py`, which rewrites every string of a bot event) leaves it
intact and a reloaded conversation keeps a working link until it expires.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time

from bot.settings import Settings, get_settings
from bot.web.security import derive_key, load_secret_key

PAYLOAD_KEY = "receipt"
"""Key of the token in a bot message's custom payload (`json_message`)."""

_KEY_CONTEXT = b"signalpme receipt links v1"
_LETTERS = "abcdefghijklmnop"  # hexadecimal digits 0-f, written as letters
_TO_LETTERS = str.maketrans("0123456789abcdef", _LETTERS)
_FROM_LETTERS = str.maketrans(_LETTERS, "0123456789abcdef")
_REFERENCE = re.compile(r"SP-[0-9]{4}-[0-9]{6,}")
_TOKEN = re.compile(r"(SP-[0-9]{4}-[0-9]{6,})\.([a-p]{1,16})\.([a-p]{64})")


class InvalidReceiptToken(ValueError):
    """A token that is malformed, forged or made for another conversation."""


class ExpiredReceiptToken(InvalidReceiptToken):
    """A genuine token whose time is over."""


def receipt_key(app_secret_key: str) -> bytes:
    """The HMAC key of receipt tokens, derived from the app's secret key (own context: never
    the key of conversation ids or of staff cookies)."""
    return derive_key(app_secret_key, _KEY_CONTEXT)


def _signature(key: bytes, reference: str, sender_id: str, expiry: int) -> str:
    message = f"{reference}\n{sender_id}\n{expiry}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest().translate(_TO_LETTERS)


def make_token(
    reference: str, sender_id: str, key: bytes, *, minutes: int, now: float | None = None
) -> str:
    """A token for the receipt of `reference`, valid `minutes` from `now` (default: the
    current time) for the conversation `sender_id` only."""
    if not _REFERENCE.fullmatch(reference):
        raise ValueError("not a testimony reference")
    if not sender_id:
        raise ValueError("a sender id is required")
    expiry = int(now if now is not None else time.time()) + 60 * minutes
    signature = _signature(key, reference, sender_id, expiry)
    return f"{reference}.{format(expiry, 'x').translate(_TO_LETTERS)}.{signature}"


def check_token(token: object, sender_id: str, key: bytes, *, now: float | None = None) -> str:
    """The reference `token` gives access to, for the conversation `sender_id`.

    Raises `ExpiredReceiptToken` for a genuine token past its expiry, `InvalidReceiptToken`
    for anything else (malformed, forged, another conversation's).
    """
    match = _TOKEN.fullmatch(token) if isinstance(token, str) else None
    if match is None:
        raise InvalidReceiptToken("malformed receipt token")
    reference, expiry_letters, signature = match.groups()
    expiry = int(expiry_letters.translate(_FROM_LETTERS), 16)
    expected = _signature(key, reference, sender_id, expiry)
    if not hmac.compare_digest(signature, expected):
        raise InvalidReceiptToken("bad receipt token signature")
    if (now if now is not None else time.time()) >= expiry:
        raise ExpiredReceiptToken("receipt token expired")
    return reference


def receipt_payload(
    reference: str, sender_id: str, settings: Settings | None = None
) -> dict[str, str]:
    """The custom payload to add to a bot message so that the chat offers the receipt of
    `reference` to the conversation `sender_id` (`tracker.sender_id` in an action).

    Merge it with any other custom payload of the message, e.g.
    `json_message={**redaction_mark(anonymous), **receipt_payload(reference, sender_id)}`.
    Valid `RECEIPT_LINK_MINUTES` (default 15) from now.
    """
    settings = settings or get_settings()
    key = receipt_key(load_secret_key(settings))
    token = make_token(reference, sender_id, key, minutes=settings.receipt_link_minutes)
    return {PAYLOAD_KEY: token}
