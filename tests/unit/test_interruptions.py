"""A FAQ intent interrupts a question only when the message asks something."""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation.corrections import understand_correction
from bot.conversation.interruptions import is_interruption

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("frais de transaction doublés 😤", "faq_delete_data"),
        ("on a encore accès jusqu'à la fin du préavis", "faq_deadline"),
    ],
)
def test_a_statement_is_an_answer_whatever_the_faq_intent(text: str, intent: str) -> None:
    assert not is_interruption(intent, 0.9, text, "description")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("qui lit les témoignages", "faq_who_reads"),
        ("c'est vraiment anonyme", "faq_anonymity"),
        ("jusqu'à quand c'est ouvert ?", "faq_deadline"),
    ],
)
def test_a_question_still_interrupts(text: str, intent: str) -> None:
    assert is_interruption(intent, 0.9, text, "started_on")


@pytest.mark.parametrize(
    ("text", "visibility"),
    [
        ("finalement je préfère rester anonyme, je ne veux pas qu'on garde mon nom", "anonymous"),
        ("en fait vous pouvez donner mon nom à ManoMano, je veux que mon cas soit réglé", "shared"),
    ],
)
def test_a_change_of_visibility_at_the_summary_is_understood(text: str, visibility: str) -> None:
    correction = understand_correction(text, {"platform": "manomano"}, TODAY)
    assert correction.slot == "visibility"
    assert correction.values["visibility"] == visibility


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        ("thank", "Antoine Mercier"),
        ("greet", "Claire Dupont"),
        ("thank", "Boutique Les Jolis Pots"),
    ],
)
def test_a_name_classified_as_small_talk_is_an_answer(intent: str, text: str) -> None:
    assert not is_interruption(intent, 0.9, text, "contact_name")


@pytest.mark.parametrize(
    ("intent", "text"), [("thank", "merci beaucoup"), ("greet", "bonjour"), ("thank", "thanks")]
)
def test_small_talk_said_in_words_still_interrupts(intent: str, text: str) -> None:
    assert is_interruption(intent, 0.9, text, "contact_name")
