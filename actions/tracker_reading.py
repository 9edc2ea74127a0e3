"""Small helpers to read a rasa_sdk tracker."""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Tracker

FORM_NAME = "testimony_form"


def latest_text(tracker: Tracker) -> str:
    """The latest user message's text ('' when none)."""
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> tuple[str | None, float]:
    """Name and confidence of the latest user message's intent."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def message_is_unanswered(tracker: Tracker, form: str = FORM_NAME) -> bool:
    """True when no other action has handled the latest user message yet.

    The form re-runs after an interruption (FAQ, "pourquoi ?"); the message that caused the
    interruption must then not be read as an answer. Nor is the message that opened a form
    (`form`: the report's by default).
    """
    form_steps = {"action_listen", "action_extract_slots", form, f"validate_{form}"}
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "action" and event.get("name") not in form_steps:
            return False
    return False


def previous_action(tracker: Tracker) -> str | None:
    """The action that ran last before the latest user message (its answer is what the
    user replied to); None when there is none."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif (
            seen_user
            and event.get("event") == "action"
            and event.get("name") not in ("action_listen", "action_extract_slots")
        ):
            return event.get("name")
    return None


def today() -> date:
    """The day of the conversation, for relative dates."""
    return date.today()


def slot_values(tracker: Tracker) -> dict[str, Any]:
    """A plain dict of the tracker's slots."""
    return dict(tracker.slots)
