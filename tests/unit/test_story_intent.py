"""The NLU component that turns small talk given to a problem story into a report."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_plugins.story_intent import StoryIntentOverride, story_intent


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        (
            "impossible de joindre quelqu'un chez Cdiscount, que des réponses automatiques",
            "bot_challenge",
            "report_problem",
        ),
        ("bonjour, amazon a suspendu mon compte", "greet", "report_problem"),
        ("ils ont bloqué mes paiements", "nlu_fallback", "report_problem"),
        ("c'est un robot qui répond ?", "bot_challenge", None),
        ("vous êtes un robot ?", "bot_challenge", None),  # no problem named
        (
            "Je vends sur Amazon.fr. Ils retiennent mon dépôt depuis trois semaines, "
            "c'est pas correct",
            "correct",
            "report_problem",
        ),
        ("non, ils ont bloqué mon compte, on continue", "deny", None),
        ("c'est vraiment anonyme si mon compte est suspendu ?", "faq_anonymity", None),
        ("je veux parler à quelqu'un, compte suspendu", "request_human", None),
        ("compte suspendu", "nlu_fallback", None),  # too short to be a story
        ("/bot_challenge", "bot_challenge", None),
    ],
)
def test_only_small_talk_given_to_a_story_becomes_a_report(
    text: str, intent: str, expected: str | None
) -> None:
    assert story_intent(text, intent) == expected


def test_the_component_rewrites_intent_and_ranking() -> None:
    message = Message(
        data={
            "text": "impossible de joindre le support de cdiscount, que des robots",
            "intent": {"name": "bot_challenge", "confidence": 0.7},
            "intent_ranking": [
                {"name": "bot_challenge", "confidence": 0.7},
                {"name": "report_problem", "confidence": 0.2},
            ],
        }
    )
    StoryIntentOverride().process([message])
    assert message.get("intent")["name"] == "report_problem"
    names = [r["name"] for r in message.get("intent_ranking")]
    assert names == ["report_problem", "bot_challenge"]


def test_a_long_statement_given_a_faq_intent_is_a_story() -> None:
    text = (
        "Je vends sur Amazon, eBay et Cdiscount. Sur Amazon et eBay tout va bien, c'est "
        "Cdiscount qui a doublé ses commissions avec la nouvelle grille tarifaire."
    )
    assert story_intent(text, "faq_several_platforms") == "report_problem"


def test_a_faq_question_naming_a_platform_and_a_problem_stays_a_question() -> None:
    text = "Est-ce que je peux signaler Amazon et Cdiscount si mes commissions ont augmenté ?"
    assert story_intent(text, "faq_several_platforms") is None


def test_a_story_read_as_a_no_is_a_story_but_a_no_stays_a_no() -> None:
    story = "Deliveroo ne nous transmet aucune donnée sur nos clients, même pas un mail, rien"
    assert story_intent(story, "deny") == "report_problem"
    refusal = "non je ne veux pas annuler mon signalement sur Amazon pour mon compte suspendu"
    assert story_intent(refusal, "deny") is None


def test_a_story_read_as_a_withdrawal_is_a_story_but_a_withdrawal_stays_one() -> None:
    story = "Google Play a retiré mon appli du store et fermé définitivement mon compte développeur"
    assert story_intent(story, "withdraw") == "report_problem"
    withdrawal = "je voudrais retirer mon témoignage sur Amazon pour le compte suspendu"
    assert story_intent(withdrawal, "withdraw") is None


def test_a_story_read_as_a_human_request_is_a_story_but_asking_for_someone_is_not() -> None:
    story = (
        "Mon restaurant a été désactivé de Deliveroo du jour au lendemain, plus aucune "
        "commande, et personne à joindre pour comprendre."
    )
    assert story_intent(story, "request_human") == "report_problem"
    ask = (
        "je voudrais parler à quelqu'un du ministère pour mon compte Amazon suspendu depuis un mois"
    )
    assert story_intent(ask, "request_human") is None


@pytest.mark.parametrize(
    "ask",
    [
        "Pouvez-vous me rappeler, Amazon a suspendu mon compte vendeur et bloqué mes paiements",
        "J'aimerais parler à un conseiller, Cdiscount a fermé ma boutique et garde mon argent",
    ],
)
def test_asking_for_someone_with_hyphens_or_apostrophes_stays_a_human_request(ask: str) -> None:
    assert story_intent(ask, "request_human") is None
