"""Which messages starting with "/" may reach Rasa as commands (pure functions).

Rasa's `RegexMessageHandler` reads any text starting with "/" as an intent, with entities:
typed by a user, `/restart` would wipe the conversation and `/inform{"platform":"amazon"}`
would fill slots without any question asked. A message starting with "/" is therefore a
command only when it is exactly the payload of a button the assistant has just offered, or
the widget's automatic opening `/greet` on a conversation that has no bot message yet.
Anything else is neutralised: its leading "/" becomes `NEUTRAL_SLASH` and the message
reaches the NLU as ordinary text.

Why U+2215 DIVISION SLASH rather than another way:

- Rasa's `UserMessage` strips whitespace, so a leading space does not protect anything;
- it looks like "/": the stored conversation (staff transcript, the widget's history) shows
  what the person typed, and stripping the slash instead would lose that;
- it is stable under Unicode normalisation (NFKC/NFKD leave it alone), unlike U+FF0F
  FULLWIDTH SOLIDUS, which NFKC turns back into "/";
- Rasa's tokenizer and `bot.normalise.normalise` both drop it as punctuation, so the NLU and
  the parsers see the words that follow ("∕restart" is read as "restart").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

COMMAND_PREFIX = "/"
"""Rasa's `rasa.shared.constants.INTENT_MESSAGE_PREFIX` (kept literal: this module is pure)."""

NEUTRAL_SLASH = "\u2215"
"""DIVISION SLASH: replaces the leading "/" of a command the user was not offered."""

OPENING_COMMAND = "/greet"
"""What the widget sends by itself when it opens a conversation."""

_CHOICE_KEYS = ("buttons", "quick_replies")
"""The keys of a bot message's `data` that hold choices (each with a `payload`)."""


def is_command(text: str | None) -> bool:
    """True when Rasa would read `text` as a command (it starts with "/" once stripped).

    Only such messages need the conversation to be looked at.
    """
    return isinstance(text, str) and text.strip().startswith(COMMAND_PREFIX)


def neutralise(text: str) -> str:
    """`text`, stripped, with its leading "/" replaced by `NEUTRAL_SLASH`.

    Only the first character matters to Rasa: "//" becomes "∕/", "/" becomes "∕".
    """
    text = text.strip()
    if not text.startswith(COMMAND_PREFIX):
        return text
    return NEUTRAL_SLASH + text[len(COMMAND_PREFIX) :]


def offered_payloads(events: Sequence[Mapping[str, Any]]) -> frozenset[str]:
    """The payloads of the buttons the assistant has just offered.

    `events` are the conversation's events as Rasa serialises them (`Event.as_dict()`),
    oldest first. "Just offered" means: in the bot messages after the last user message
    (several bot messages may follow one user message; each one's buttons count).
    """
    payloads: set[str] = set()
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            break
        if kind == "bot":
            payloads.update(_payloads(event.get("data")))
    return frozenset(payloads)


def has_bot_message(events: Iterable[Mapping[str, Any]]) -> bool:
    """True when the assistant has said anything yet in these events."""
    return any(event.get("event") == "bot" for event in events)


def is_allowed_command(text: str, events: Sequence[Mapping[str, Any]]) -> bool:
    """True when `text` may reach Rasa as a command (see the module docstring)."""
    text = text.strip()
    if text in offered_payloads(events):
        return True
    return text == OPENING_COMMAND and not has_bot_message(events)


def text_for_rasa(text: str, events: Sequence[Mapping[str, Any]]) -> str:
    """What to hand Rasa for the user's `text`: itself, or neutralised (see module docstring).

    `events` need only be read when `is_command(text)`; other texts come back unchanged.
    """
    if not is_command(text) or is_allowed_command(text, events):
        return text
    return neutralise(text)


def _payloads(data: Any) -> Iterable[str]:
    if not isinstance(data, Mapping):
        return
    for key in _CHOICE_KEYS:
        choices = data.get(key)
        if not isinstance(choices, list):
            continue
        for choice in choices:
            payload = choice.get("payload") if isinstance(choice, Mapping) else None
            if isinstance(payload, str) and payload.strip():
                yield payload.strip()
