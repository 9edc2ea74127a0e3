"""A question typed at a free-text question is answered or pointed elsewhere, never stored
as the description or the sector; the same question is asked again."""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation.form_turn import handle_reply

TODAY = date(2026, 12, 2)
SLOTS = {"platform": "amazon", "problems": ["account_suspension"]}


@pytest.mark.parametrize("slot", ["description", "sector"])
@pytest.mark.parametrize(
    "text",
    [
        "la plateforme saura que c'est moi qui ai témoigné ou pas ?",
        "est-ce que vous allez transmettre mon dossier à quelqu'un ou pas du tout ?",
        "Combien de temps faut-il avant d'avoir une réponse de votre part ?",
    ],
)
def test_a_question_is_never_stored_as_the_answer(slot: str, text: str) -> None:
    for intent in ("inform", "faq_anonymity", "faq_next_steps"):
        outcome = handle_reply(slot, text, intent, 0.9, SLOTS, TODAY)
        assert slot not in outcome.slots


def test_a_question_with_no_faq_intent_is_pointed_to_a_human() -> None:
    text = "la plateforme saura que c'est moi qui ai témoigné ou pas ?"
    outcome = handle_reply("description", text, "inform", 0.9, SLOTS, TODAY)
    assert "parler à quelqu'un" in " ".join(outcome.messages)


def test_a_story_that_asks_why_is_still_the_story() -> None:
    text = "Pourquoi ont-ils suspendu mon compte alors que je n'ai jamais eu de réclamation ?"
    outcome = handle_reply("description", text, "inform", 0.9, SLOTS, TODAY)
    assert outcome.slots["description"] == text
