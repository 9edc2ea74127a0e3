"""Rasa NLU component: a message holding a follow-up code is the seller coming back.

Why a component and not a regex entity: a code is recognised by rules a regex entity
cannot hold (the code alphabet once O, I, L are read as 0, 1, 1; at least one letter; no
word among its groups; the same finder as the masking of stored conversations, see
`bot.parsing.followup_code`), and what matters is the intent, whatever the
classifier thought of the words around the code ("voici mon code …, Amazon a rouvert mon
compte"). The code itself is not copied into an entity: the action reads it from the text,
and the text is masked from the stored conversation once the answer is delivered.

Button payloads ("/…") are left alone.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.parsing.followup_code import find_followup_code
from bot.rasa_plugins.intent_override import IntentOverride

CODE_INTENT = "followup_code"
CONFIDENCE = 1.0


def code_intent(text: str) -> str | None:
    """`followup_code` when `text` holds a follow-up code (and is not a payload), else None."""
    if text.strip().startswith("/") or find_followup_code(text) is None:
        return None
    return CODE_INTENT


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FollowupCodeIntent(IntentOverride):
    """Sets the intent `followup_code` on messages that hold a follow-up code."""

    confidence = CONFIDENCE

    def override(self, text: str, intent: str | None) -> str | None:
        return code_intent(text)
