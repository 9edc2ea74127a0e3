"""What an opening story already says: platform, problems, amount, date, reasons."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot import parsing
from bot.taxonomy import detect_platforms, detect_problems
from bot.text import normalise

MIN_STORY_WORDS = 6
_NO_REASON = re.compile(
    r"\b(sans (aucune |la moindre )?(explication|motif|raison|justification)"
    r"|aucune (explication|raison|justification)|pas d explication)\b"
)


def prefill_from_story(text: str | None, today: date) -> dict[str, Any]:
    """Slots the opening message fills; the story itself becomes the description.

    A request such as "je veux signaler un problème" fills nothing: only a message that
    names a platform or a problem and has a few words counts as a story.
    """
    if not text or text.startswith("/"):
        return {}
    norm = normalise(text)
    found_platforms = detect_platforms(text)
    found_problems = detect_problems(text)
    values: dict[str, Any] = {}
    if found_platforms:
        values["platform"] = found_platforms[0]
    if found_problems:
        values["problems"] = found_problems
    is_story = len(norm.split()) >= MIN_STORY_WORDS and (found_platforms or found_problems)
    if not is_story:
        return values
    values["description"] = " ".join(text.split())[:20_000]
    amount = parsing.find_amount_eur(text)
    if amount is not None:
        values["estimated_loss_eur"] = amount
    started = parsing.find_date(text, today)
    if started is not None:
        values["started_on"] = started.isoformat()
    if _NO_REASON.search(norm):
        values["reason_given"] = "no"
    return values
