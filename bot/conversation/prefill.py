"""What an opening story already says: platform, problems and the facts told in passing."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.fields import BY_NAME
from bot.normalise import normalise
from bot.parsing.platform_name import unknown_platform_name
from bot.parsing.story_facts import facts_told
from bot.parsing.subject_platform import platform_candidates
from bot.taxonomy import OTHER

MIN_STORY_WORDS = 6
MIN_STORY_WORDS_WITH_PROBLEM = 4  # "ebay retient mon argent" is already a story


def is_story(text: str, names_platform: bool, names_problem: bool) -> bool:
    """A message that tells what happened, not a bare request ("je veux signaler amazon")."""
    words = len(normalise(text).split())
    if names_problem and words >= MIN_STORY_WORDS_WITH_PROBLEM:
        return True
    return names_platform and words >= MIN_STORY_WORDS


def prefill_from_story(text: str | None, today: date) -> dict[str, Any]:
    """Slots the opening message fills; a story itself becomes the description.

    A request such as "je veux signaler un problème" fills nothing: only a message that
    names a problem (or a platform, in a few more words) counts as a story.
    """
    facts = facts_told(text, today)
    if not text or text.startswith("/"):
        return {}
    values: dict[str, Any] = {}
    candidates = platform_candidates(text)
    if candidates:  # "Amazon et eBay ont bloqué mes paiements": asked with both as buttons
        values["platform_candidates"] = candidates
    elif "platform" not in facts:  # a platform outside the list, named clearly
        name = unknown_platform_name(text)
        if name:
            values.update({"platform": OTHER, "platform_other": name[:100]})
    named = "platform" in facts or "platform_other" in values
    if not is_story(text, named, "problems" in facts):
        told = {name: facts[name] for name in ("platform", "problems") if name in facts}
        return {**values, **told}
    values["description"] = " ".join(text.split())[: BY_NAME["description"].max_length]
    return {**values, **facts}
