"""Build the testimony record to store from the conversation's slots."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.conversation.questions import QUESTIONS, Slots
from bot.fields import IDENTIFYING_FIELDS

RECORD_SLOTS = tuple(q.slot for q in QUESTIONS if q.slot != "visibility")


def build_record(slots: Slots) -> dict[str, Any]:
    """Fields of `testimony.md` the user answered; questions that do not apply are null.

    Anonymous reports never carry an identifying field.
    """
    record: dict[str, Any] = {}
    for question in QUESTIONS:
        if question.slot == "visibility":
            continue
        value = slots.get(question.slot) if question.applies(slots) else None
        record[question.slot] = value
    visibility = slots.get("visibility") or "anonymous"
    record["anonymous"] = visibility == "anonymous"
    record["share_with_platform"] = visibility == "shared"
    record["wants_contact"] = bool(record.get("wants_contact")) and not record["anonymous"]
    if record["anonymous"]:
        for name in IDENTIFYING_FIELDS:
            record[name] = None
    if record.get("started_on"):
        record["started_on"] = date.fromisoformat(record["started_on"])
    record["problems"] = list(record.get("problems") or [])
    return record
