"""Build the testimony record to store from the conversation's slots."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.conversation.questions import QUESTIONS, Slots
from bot.fields import IDENTIFYING_FIELDS
from bot.privacy import mask_identifiers

FREE_TEXT_FIELDS = ("description", "sector", "platform_other")


def is_anonymous(slots: Slots) -> bool:
    """An unanswered visibility question means anonymous (the safe default)."""
    return (slots.get("visibility") or "anonymous") == "anonymous"


def build_record(slots: Slots) -> dict[str, Any]:
    """Fields of `testimony.md` the user answered; questions that do not apply are null.

    Anonymous reports never carry an identifying field, and e-mails, phone numbers and
    the identifiers in their free text (names, companies, e-mails, phones, SIREN/SIRET,
    web addresses…) are masked before storage, exactly as the summary showed them.
    """
    record: dict[str, Any] = {}
    for question in QUESTIONS:
        if question.slot == "visibility":
            continue
        value = slots.get(question.slot) if question.applies(slots) else None
        record[question.slot] = value
    record["anonymous"] = is_anonymous(slots)
    record["share_with_platform"] = slots.get("visibility") == "shared"
    record["wants_contact"] = bool(record.get("wants_contact")) and not record["anonymous"]
    if record["anonymous"]:
        for name in IDENTIFYING_FIELDS:
            record[name] = None
        for name in FREE_TEXT_FIELDS:
            if record.get(name):
                record[name] = mask_identifiers(record[name])
    if record.get("started_on"):
        record["started_on"] = date.fromisoformat(record["started_on"])
    record["problems"] = list(record.get("problems") or [])
    return record
