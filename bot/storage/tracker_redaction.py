"""Rewrite a stored conversation (Rasa's SQL tracker store, table `events`) with a mask.

Used once a testimony is saved: follow-up codes are masked in every conversation as soon as
the message that shows them has been delivered, and an anonymous conversation has every
identifier masked (user messages, the bot messages that repeat them, slot values, NLU
entities). Rows are updated in place, never added or removed: Rasa appends new events after
the number of rows it finds, so the conversation goes on unharmed.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.engine import Engine

from bot.privacy import mask_followup_codes, mask_identifiers
from bot.storage.tracker_events import configured_engine, events

Mask = Callable[[str], str]

# Keys whose values are names of our own (event types, intents, slots, actions, policies),
# never text typed by a person: left as they are.
_CODE_KEYS = frozenset(
    {
        "event",
        "name",
        "intent_name",
        "action_name",
        "policy",
        "input_channel",
        "message_id",
        "entity",
        "extractor",
        "payload",
    }
)


def mask_json(value: Any, mask: Mask, key: str | None = None) -> Any:
    """`value` (decoded JSON) with `mask` applied to every string typed or shown as text."""
    if isinstance(value, str):
        return value if key in _CODE_KEYS else mask(value)
    if isinstance(value, list):
        return [mask_json(item, mask, key) for item in value]
    if isinstance(value, dict):
        return {k: mask_json(v, mask, k) for k, v in value.items()}
    return value


CLEAN_TEXTS_KEPT = 4_096
"""Texts a mask left unchanged, remembered across redactions, per mask: the assistant's
questions and most slot values come back in every conversation (found by profiling the
Rasa server: the redaction was 5 % of its busy time). A text the mask changed is never kept,
so what is kept holds nothing the mask would hide. Texts longer than `_CLEAN_TEXT_CHARS` are
not kept."""
_CLEAN_TEXT_CHARS = 600
_clean_texts: dict[Mask, OrderedDict[str, None]] = {}
_clean_texts_lock = threading.Lock()


def _remembered(mask: Mask) -> Mask:
    """`mask` with its answers remembered for the length of one redaction, and the texts it
    leaves unchanged remembered across redactions (`CLEAN_TEXTS_KEPT`). Masks are pure
    functions of the text."""
    done: dict[str, str] = {}
    with _clean_texts_lock:
        clean = _clean_texts.setdefault(mask, OrderedDict())

    def remembered(text: str) -> str:
        if text in done:
            return done[text]
        with _clean_texts_lock:
            if text in clean:
                clean.move_to_end(text)
                return text
        done[text] = masked = mask(text)
        if masked == text and len(text) <= _CLEAN_TEXT_CHARS:
            with _clean_texts_lock:
                clean[text] = None
                while len(clean) > CLEAN_TEXTS_KEPT:
                    clean.popitem(last=False)
        return masked

    return remembered


# Event types whose stored JSON holds only names, numbers and times of our own, never text
# typed or shown (Rasa 3.6's `as_dict` of each): their rows, about half of a conversation,
# are not read. `action` rows carry `action_text` only for end-to-end bot texts, which this
# bot does not have (its texts are responses and `bot` events).
TEXT_FREE_EVENT_TYPES = frozenset(
    {
        "action",
        "active_loop",
        "action_execution_rejected",
        "loop_interrupted",
        "restart",
        "rewind",
        "undo",
        "pause",
        "resume",
        "followup",
        "reset_slots",
        "user_featurization",
    }
)

_UPDATE_ROW = (
    update(events).where(events.c.id == bindparam("row_id")).values(data=bindparam("masked"))
)


@dataclass(frozen=True)
class Rewrite:
    """What a redaction did to one conversation: every row it has, in order (id, event
    type, timestamp), and the new JSON of the rows it changed, by id."""

    rows: list[tuple[int, str, float | None]]
    masked: dict[int, dict[str, Any]]


def redact(engine: Engine, sender_id: str, mask: Mask) -> Rewrite:
    """Apply `mask` to every stored event of `sender_id`, in one transaction."""
    select_rows = (
        select(events.c.id, events.c.type_name, events.c.timestamp, events.c.data)
        .where(events.c.sender_id == sender_id)
        .order_by(events.c.id)
    )
    rows: list[tuple[int, str, float | None]] = []
    masked_rows: dict[int, dict[str, Any]] = {}
    mask = _remembered(mask)  # a user's text comes back in several events: masked once
    with engine.begin() as connection:
        for row_id, type_name, timestamp, raw in connection.execute(select_rows):
            rows.append((row_id, type_name, timestamp))
            if type_name in TEXT_FREE_EVENT_TYPES:
                continue
            try:
                data = json.loads(raw) if raw else None
            except (TypeError, ValueError):
                continue
            masked = mask_json(data, mask)
            if masked != data:
                masked_rows[row_id] = masked
        if masked_rows:  # one statement for every changed row
            changes = [{"row_id": i, "masked": json.dumps(m)} for i, m in masked_rows.items()]
            connection.execute(_UPDATE_ROW, changes)
    return Rewrite(rows, masked_rows)


def delete_conversation(engine: Engine, sender_id: str) -> int:
    """Delete every stored event of `sender_id` (a withdrawn testimony's conversations);
    return how many rows went. The next message of that conversation starts a new one."""
    with engine.begin() as connection:
        result = connection.execute(delete(events).where(events.c.sender_id == sender_id))
    return int(result.rowcount or 0)


# The save action marks the message that shows a follow-up code with
# `{"custom": {REDACT_MARK: "anonymous" | "code"}}`; the REST channel redacts once delivered.
REDACT_MARK = "signalpme_redact"
REDACT_ANONYMOUS = "anonymous"
REDACT_CODE = "code"


def redaction_mark(anonymous: bool) -> dict[str, str]:
    """The custom payload that asks for the conversation's redaction after delivery."""
    return {REDACT_MARK: REDACT_ANONYMOUS if anonymous else REDACT_CODE}


# A withdrawal marks its last message with `{"custom": {REDACT_MARK: REDACT_FORGET}}`: the
# REST channel deletes the conversation once that message is delivered. (Deleting it from
# the action would not do: Rasa saves the turn afterwards and writes the session again.)
REDACT_FORGET = "forget"


def forget_mark() -> dict[str, str]:
    """The custom payload that asks for the conversation's deletion after delivery."""
    return {REDACT_MARK: REDACT_FORGET}


def forget_after_delivery(messages: list[dict[str, Any]]) -> bool:
    """True when one of the delivered `messages` asks for the conversation's deletion."""
    return REDACT_FORGET in _marks(messages)


def _marks(messages: list[dict[str, Any]]) -> set[str]:
    marks = set()
    for message in messages:
        custom = message.get("custom") if isinstance(message, dict) else None
        if isinstance(custom, dict) and isinstance(custom.get(REDACT_MARK), str):
            marks.add(custom[REDACT_MARK])
    return marks


def mask_after_delivery(messages: list[dict[str, Any]]) -> Mask | None:
    """The mask delivered `messages` ask for: every identifier (an anonymous testimony was
    saved), follow-up codes only, or None."""
    marks = _marks(messages)
    if REDACT_ANONYMOUS in marks:
        return mask_identifiers
    if REDACT_CODE in marks:
        return mask_followup_codes
    return None


def tracker_engine(tracker_store: Any) -> Engine:
    """The SQL engine behind Rasa's tracker store (through its fail-safe and awaitable
    wrappers); the configured `TRACKER_DATABASE_URL` when none is found."""
    store = tracker_store
    for _ in range(5):
        engine = getattr(store, "engine", None)
        if isinstance(engine, Engine):
            return engine
        store = getattr(store, "_tracker_store", None)  # FailSafe/Awaitable wrappers
        if store is None:
            break
    return configured_engine()
