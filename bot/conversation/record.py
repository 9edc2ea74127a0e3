"""Build the testimony record to store from the conversation's slots."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.conversation.questions import QUESTIONS, Slots
from bot.fields import MASKED_WHEN_ANONYMOUS
from bot.privacy import mask_identifiers
from bot.visibility import SAFEST, is_anonymous, visibility_slots

__all__ = ["build_record", "is_anonymous"]


def build_record(slots: Slots) -> dict[str, Any]:
    """Fields of `testimony.md` the user answered; questions that do not apply are null.

    Anonymous reports never carry an identifying field, and e-mails, phone numbers and
    the identifiers in their free text (names, companies, e-mails, phones, SIREN/SIRET,
    web addresses…) are masked before storage, exactly as the summary showed them.
    """
    record: dict[str, Any] = {}
    for question in QUESTIONS:
        if not question.field.stored:  # the visibility choice: anonymous, share_with_platform
            continue
        value = slots.get(question.slot) if question.applies(slots) else None
        record[question.slot] = value
    level = SAFEST if is_anonymous(slots) else slots["visibility"]
    record["wants_contact"] = bool(record.get("wants_contact"))
    record.update({k: v for k, v in visibility_slots(level).items() if k != "visibility"})
    if record["anonymous"]:
        for name in MASKED_WHEN_ANONYMOUS:
            if record.get(name):
                record[name] = mask_identifiers(record[name])
    if record.get("started_on"):
        record["started_on"] = date.fromisoformat(record["started_on"])
    record["problems"] = list(record.get("problems") or [])
    return record
