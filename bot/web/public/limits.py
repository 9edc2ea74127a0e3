"""Flood limits of the chat API (`POST /api/chat`, `POST /api/history`), with Flask-Limiter.

Three kinds of counters (fixed windows, started by a counter's first request):

- per conversation (`CHAT_LIMIT_PER_CONVERSATION`, default 20/minute and 300/day), for
  each route, keyed on the sender id derived from the browser's secret
  (`conversation_ids`), never on the secret itself;
- the lifetime cap (`CHAT_MAX_MESSAGES_PER_CONVERSATION`, default 400): messages of one
  conversation on `/api/chat`, counted over one year, longer than any transcript is kept;
- per client (`CHAT_LIMIT_PER_CLIENT`, default 60/minute), both routes together, keyed on
  a keyed hash of the remote address: HMAC under a key derived from the app's secret key
  and today's UTC date, so the address is never stored, not even in memory, and a day's
  keys cannot be linked to another day's.

A refused request gets a 429 with a French message and `Retry-After`. The conversation it
belongs to is recorded in `rate_limit_flags` (`bot.storage.review_flags`) so that staff
check its testimony. Requests without a valid secret count per client only. Staff pages
are not limited. Counters live in `RATE_LIMIT_STORAGE_URL` (`memory://`: one process
only). When that storage fails, the limiter falls back to memory rather than refusing
every message.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import time
from datetime import datetime, timezone

from flask import Flask, Response, current_app, jsonify, request
from flask_limiter import Limiter, RateLimitExceeded, RequestLimit
from limits import parse_many
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from bot.settings import Settings
from bot.storage.review_flags import record_flag
from bot.web.public import blueprint as public_blueprint
from bot.web.public.conversation_ids import sender_id_for, valid_secret
from bot.web.security import derive_key

log = logging.getLogger(__name__)

EXTENSION = "signalpme_limiter"
CHAT_ENDPOINT = "public.chat"
LIFETIME_SCOPE = "chat-lifetime"
CLIENT_SCOPE = "chat-client"
LIFETIME_WINDOW = "1 year"
CONVERSATION_PREFIX = "conversation:"
CLIENT_PREFIX = "client:"
_CLIENT_CONTEXT = b"signalpme client keys v1 "
_HASH_CHARS = 32

TOO_FAST = (
    "Trop de messages ont été envoyés en peu de temps. Merci de patienter {wait} avant de"
    " réessayer : rien de ce que vous avez écrit n'est perdu, le message non envoyé reste"
    " dans la zone de saisie."
)
TOO_MANY = (
    "Cette conversation a atteint le nombre maximal de {count} messages. Rien de ce que vous"
    " avez écrit n'est perdu : les messages déjà envoyés sont conservés. Pour ajouter"
    " quelque chose, commencez une nouvelle conversation ou joignez le ministère : {contact}."
)


# ---------- keys ----------


def _secret() -> str | None:
    """The request's conversation secret when it has a valid one."""
    try:
        data = request.get_json(silent=True)
    except HTTPException:  # a body over the size limit: the view answers 413
        return None
    secret = data.get("secret") if isinstance(data, dict) else None
    return secret if valid_secret(secret) else None


def conversation_id() -> str | None:
    """The derived sender id of the request's conversation, None without a valid secret."""
    secret = _secret()
    if secret is None:
        return None
    return sender_id_for(secret, current_app.config["SIGNALPME_CONVERSATION_KEY"])


def conversation_key() -> str:
    """Limiter key of the conversation (empty id only on exempt requests, never counted)."""
    return CONVERSATION_PREFIX + (conversation_id() or "")


def client_hash(address: str, secret_key: str, day: str) -> str:
    """A keyed hash of a remote address, valid for one UTC day."""
    key = derive_key(secret_key, _CLIENT_CONTEXT + day.encode())
    digest = hmac.new(key, address.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:_HASH_CHARS]


def client_key() -> str:
    """Limiter key of the client: never the address itself."""
    day = datetime.now(timezone.utc).date().isoformat()
    address = request.remote_addr or ""
    return CLIENT_PREFIX + client_hash(address, current_app.config["SECRET_KEY"], day)


# ---------- which requests count ----------


def _without_conversation() -> bool:
    return conversation_id() is None


def _not_a_message() -> bool:
    return request.endpoint != CHAT_ENDPOINT or _without_conversation()


def _not_posted() -> bool:
    return request.method != "POST"


# ---------- breaches ----------


def _reason(limit: RequestLimit) -> str:
    key, scope = limit.request_args[-2:]
    if key.startswith(CLIENT_PREFIX):
        return "client"
    return "lifetime" if scope == LIFETIME_SCOPE else "conversation"


def _flag(sender_id: str, reason: str) -> None:
    """Record the conversation for staff review; a storage failure never hides the 429."""
    url = current_app.config["SIGNALPME_SETTINGS"].database_url
    try:
        record_flag(sender_id, reason, url)  # flagged by another worker meanwhile: no error
    except SQLAlchemyError as failure:
        log.warning("Could not record a rate-limited conversation: %s", type(failure).__name__)


def _on_breach(limit: RequestLimit) -> None:
    reason = _reason(limit)
    log.info("Chat rate limit hit: %s (%s)", reason, limit.limit)
    sender_id = conversation_id()
    if sender_id is not None:
        _flag(sender_id, reason)


def wait_words(seconds: int) -> str:
    """A French duration, rounded up: '1 seconde', '45 secondes', '2 minutes', '3 heures'…"""
    for unit, size in (("jour", 86_400), ("heure", 3600), ("minute", 60)):
        if seconds >= size:
            count = math.ceil(seconds / size)
            return f"{count} {unit}{'s' if count > 1 else ''}"
    return f"{seconds} seconde{'s' if seconds > 1 else ''}"


def _retry_after(limiter: Limiter) -> int:
    """Seconds until the refusing counter's window ends (at least 1)."""
    current = limiter.current_limit
    reset_at = current.window[0] if current is not None else time.time() + 60
    return max(1, math.ceil(reset_at - time.time()))


def _too_many_requests(failure: RateLimitExceeded) -> Response:
    """429 with a French message for the widget and `Retry-After`."""
    settings: Settings = current_app.config["SIGNALPME_SETTINGS"]
    wait = _retry_after(current_app.extensions[EXTENSION])
    if failure.limit.scope == LIFETIME_SCOPE:
        count = settings.chat_max_messages_per_conversation
        message = TOO_MANY.format(count=count, contact=settings.ministry_contact)
    else:
        message = TOO_FAST.format(wait=wait_words(wait))
    response = jsonify({"error": message})
    response.status_code = 429
    response.headers["Retry-After"] = str(wait)
    return response


# ---------- installation ----------


def _check(limit: str, name: str) -> str:
    """`limit` if it parses (a bad setting must stop the app, not disable the limit)."""
    try:
        parse_many(limit)
    except ValueError as failure:
        raise ValueError(f"{name}: invalid rate limit {limit!r}") from failure
    return limit


def install_limits(app: Flask, settings: Settings) -> Limiter:
    """Limit the public blueprint's POST routes; keep the limiter in `app.extensions`."""
    per_conversation = _check(settings.chat_limit_per_conversation, "CHAT_LIMIT_PER_CONVERSATION")
    per_client = _check(settings.chat_limit_per_client, "CHAT_LIMIT_PER_CLIENT")
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)  # its INFO lines show keys
    limiter = Limiter(
        key_func=client_key,
        storage_uri=settings.rate_limit_storage_url,
        strategy="fixed-window",
        on_breach=_on_breach,
        in_memory_fallback_enabled=not settings.rate_limit_storage_url.startswith("memory:"),
        headers_enabled=False,
    )
    limiter.init_app(app)
    limiter.limit(
        per_conversation,
        key_func=conversation_key,
        methods=["POST"],
        exempt_when=_without_conversation,
    )(public_blueprint)
    if settings.chat_max_messages_per_conversation > 0:
        lifetime = f"{settings.chat_max_messages_per_conversation} per {LIFETIME_WINDOW}"
        limiter.shared_limit(
            lifetime, scope=LIFETIME_SCOPE, key_func=conversation_key, exempt_when=_not_a_message
        )(public_blueprint)
    limiter.shared_limit(per_client, scope=CLIENT_SCOPE, exempt_when=_not_posted)(public_blueprint)
    app.register_error_handler(RateLimitExceeded, _too_many_requests)
    app.extensions[EXTENSION] = limiter
    return limiter
