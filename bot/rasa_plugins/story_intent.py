"""Rasa NLU component: a message that describes a marketplace problem is a report.

The statistical classifier can mistake a story for small talk ("impossible de joindre
quelqu'un chez Cdiscount, que des réponses automatiques" looked like "are you a bot?").
When the taxonomy finds a problem in the text and the classifier chose an intent that
would answer it with small talk or a fallback, the intent becomes `report_problem`.
Questions (FAQ, "pourquoi ?"), cancel and human requests are left alone.
"""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.conversation.interruptions import FAQ_INTENTS, looks_like_question
from bot.normalise import normalise
from bot.rasa_plugins.intent_override import IntentOverride
from bot.taxonomy import detect_other_platforms, detect_platforms, detect_problems

REPORT_INTENT = "report_problem"
# "correct" too: "… ils retiennent mon dépôt, c'est pas correct" is a story; at the summary
# both intents lead to the same correction handling. Not "deny": "non" answers the cancel
# confirmation and the code reminder.
SMALL_TALK_INTENTS = frozenset(
    {
        "bot_challenge",
        "out_of_scope",
        "nlu_fallback",
        "greet",
        "thank",
        "goodbye",
        "help",
        "correct",
    }
)
MIN_WORDS = 4
# A FAQ intent given to a long statement that names a platform and a problem ("Je vends sur
# Amazon et Cdiscount… c'est Cdiscount qui a doublé ses commissions") is a story too.
MIN_WORDS_FOR_STORY_OVER_FAQ = 12
# "vous êtes un robot ?" names a problem word ("robot"): a bot question needs more to be a story.
MIN_WORDS_FOR_BOT_QUESTION = 6
CONFIDENCE = 0.9


# "retirer mon témoignage" is a withdrawal; "Google Play a retiré mon appli" is a story
_NAMES_TESTIMONY = re.compile(r"t[ée]moign|signalement|testimon|report", re.IGNORECASE)
# "je voudrais parler à quelqu'un" asks for a person; "personne à joindre" tells a story
_ASKS_FOR_SOMEONE = re.compile(
    r"\b(?:je veux|je voudrais|j aimerais|puis je|pouvez vous|est ce que)\b.*\b(?:parler"
    r"|appeler|rappel\w*|joindre|humain|conseill\w*)"
)  # on normalised text: "Pouvez-vous", "j'aimerais" are "pouvez vous", "j aimerais"
_SAYS_NO = re.compile(r"\s*(?:non|nan|no|nope|pas du tout|jamais)\b", re.IGNORECASE)


def _names_a_platform(text: str) -> bool:
    return bool(detect_platforms(text) or detect_other_platforms(text))


def story_intent(text: str, intent: str | None) -> str | None:
    """`report_problem` when a small-talk intent was given to a problem story, else None."""
    if text.startswith("/"):
        return None
    words = sum(any(ch.isalnum() for ch in word) for word in text.split())
    told = words >= MIN_WORDS_FOR_STORY_OVER_FAQ and not looks_like_question(text)
    # "Deliveroo ne nous transmet aucune donnée…" read as a "no": a story, not a refusal
    told = told and (
        intent in FAQ_INTENTS
        or (intent == "deny" and not _SAYS_NO.match(text))
        or (intent == "withdraw" and not _NAMES_TESTIMONY.search(text))
        or (intent == "request_human" and not _ASKS_FOR_SOMEONE.search(normalise(text)))
    )
    if told and _names_a_platform(text) and detect_problems(text):
        return REPORT_INTENT
    if intent not in SMALL_TALK_INTENTS:
        return None
    if words >= MIN_WORDS_FOR_STORY_OVER_FAQ and _names_a_platform(text):
        return REPORT_INTENT  # a long message about a platform, in words we may not know
    if words < MIN_WORDS or not detect_problems(text):
        return None
    if intent == "bot_challenge" and words < MIN_WORDS_FOR_BOT_QUESTION:
        return REPORT_INTENT if detect_platforms(text) else None
    return REPORT_INTENT


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class StoryIntentOverride(IntentOverride):
    """Turns small-talk intents given to problem stories into `report_problem`."""

    confidence = CONFIDENCE

    def override(self, text: str, intent: str | None) -> str | None:
        return story_intent(text, intent)
