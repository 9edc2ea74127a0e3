"""What an opening story already says: platform, problems and the facts told in passing."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.normalise import normalise
from bot.parsing.platform_name import unknown_platform_name
from bot.parsing.story_facts import story_facts
from bot.taxonomy import OTHER, detect_platforms, detect_problems

MIN_STORY_WORDS = 6
MIN_STORY_WORDS_WITH_PROBLEM = 4  # "ebay retient mon argent" is already a story


def is_story(text: str, found_platforms: list[str], found_problems: list[str]) -> bool:
    """A message that tells what happened, not a bare request ("je veux signaler amazon")."""
    words = len(normalise(text).split())
    if found_problems and words >= MIN_STORY_WORDS_WITH_PROBLEM:
        return True
    return bool(found_platforms) and words >= MIN_STORY_WORDS


def prefill_from_story(text: str | None, today: date) -> dict[str, Any]:
    """Slots the opening message fills; a story itself becomes the description.

    A request such as "je veux signaler un problème" fills nothing: only a message that
    names a problem (or a platform, in a few more words) counts as a story.
    """
    if not text or text.startswith("/"):
        return {}
    found_platforms = detect_platforms(text)
    found_problems = detect_problems(text)
    values: dict[str, Any] = {}
    if found_platforms:
        values["platform"] = found_platforms[0]
    if found_problems:
        values["problems"] = found_problems
    if not is_story(text, found_platforms, found_problems):
        return values
    if not found_platforms:
        name = unknown_platform_name(text)
        if name:
            values.update({"platform": OTHER, "platform_other": name})
    values["description"] = " ".join(text.split())[:20_000]
    values.update(story_facts(text, today))
    return values
