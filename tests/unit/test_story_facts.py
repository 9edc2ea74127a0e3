"""Facts told in passing in a story, and how replies keep them."""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation.form_turn import handle_reply
from bot.conversation.prefill import prefill_from_story
from bot.parsing import find_date
from bot.parsing.story_facts import story_facts

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("story", "expected"),
    [
        (
            "ManoMano a fermé notre compte sans préavis. On est 3 dans la boîte, ManoMano "
            "c'est environ 40% de mon chiffre, j'ai écrit au support 4 fois sans réponse",
            {
                "notice_given": "no",
                "company_size": "micro",
                "revenue_share_pct": 40,
                "contacted_platform": "yes",
                "support_outcome": "no_answer",
            },
        ),
        ("du jour au lendemain plus rien", {"notice_given": "no"}),
        ("la moitié de mes ventes passe par eux", {"revenue_share_pct": 50}),
        ("mon CA c'est environ 60%", {"revenue_share_pct": 60}),
        ("nous sommes 12 salariés", {"company_size": "small"}),
        ("je suis auto-entrepreneur", {"company_size": "micro"}),
        ("je ne les ai jamais contactés", {"contacted_platform": "no"}),
        ("depuis le 5 novembre, et ils m'ont rien expliqué", {"started_on": "2026-11-05"}),
    ],
)
def test_facts_stated_in_passing_are_found(story: str, expected: dict) -> None:
    found = story_facts(story, TODAY)
    assert {name: found.get(name) for name in expected} == expected


@pytest.mark.parametrize(
    "story",
    [
        "mes ventes ont baissé de 30% depuis septembre",  # a change, not a share
        "la commission passe à 15% sur mes ventes",
        "on est tous dégoûtés",
        "j'ai fait des bijoux faits main",
    ],
)
def test_no_share_size_or_contact_is_invented(story: str) -> None:
    found = story_facts(story, TODAY)
    assert not {"revenue_share_pct", "company_size", "contacted_platform"} & found.keys()


def test_a_participle_is_not_the_summer() -> None:
    # "a été suspendu" once read as "été" (21 June): the story's real date must win.
    story = "je vends sur Amazon depuis 2019, et mon compte a été suspendu le 3 novembre"
    assert find_date(story, TODAY) == date(2026, 11, 3)
    assert find_date("mes annonces ont été supprimées", TODAY) is None
    assert find_date("depuis l'été", TODAY) == date(2026, 6, 21)


@pytest.mark.parametrize("opening", ["Amazon a suspendu mon compte", "ebay retient mon argent"])
def test_a_short_story_naming_the_problem_is_the_description(opening: str) -> None:
    assert prefill_from_story(opening, TODAY)["description"] == opening


def test_a_bare_request_is_still_not_a_story() -> None:
    assert "description" not in prefill_from_story("je veux signaler amazon", TODAY)


def test_the_description_answer_fills_the_questions_it_answers() -> None:
    slots = {"platform": "amazon", "problems": ["account_suspension"]}
    text = "depuis le 5 novembre, et non ils m'ont rien expliqué, j'ai perdu 3000 euros"
    outcome = handle_reply("description", text, "inform", 0.6, slots, TODAY)
    assert outcome.slots["description"] == text
    assert outcome.slots["started_on"] == "2026-11-05"
    assert outcome.slots["reason_given"] == "no"
    assert outcome.slots["estimated_loss_eur"] == 3000


def test_an_answer_to_another_question_is_kept_and_the_question_asked_again() -> None:
    slots = {"platform": "amazon", "problems": ["account_suspension"], "description": "x"}
    outcome = handle_reply(
        "started_on", "on est 3 salariés, 40% de notre CA", "inform", 0.9, slots, TODAY
    )
    assert outcome.slots == {"company_size": "micro", "revenue_share_pct": 40}
    assert outcome.messages and "je note" in outcome.messages[0]
    assert "slot_failures" not in outcome.slots  # not counted as a failure


def test_a_platform_corrected_mid_form_is_changed_and_the_question_kept() -> None:
    slots = {"platform": "amazon", "problems": ["delisting"], "description": "x"}
    outcome = handle_reply("revenue_share_pct", "non c'est ebay", "inform", 0.5, slots, TODAY)
    assert outcome.slots == {"platform": "ebay", "platform_other": None}
    assert "corrigé" in outcome.messages[0]


def test_another_platform_without_a_correction_cue_changes_nothing() -> None:
    slots = {"platform": "amazon", "problems": ["delisting"], "description": "x"}
    outcome = handle_reply("revenue_share_pct", "ebay aussi", "inform", 0.5, slots, TODAY)
    assert outcome.slots.get("platform") is None


def test_a_platform_correction_is_not_read_as_a_no() -> None:
    slots = {"platform": "amazon", "problems": ["delisting"], "description": "x"}
    outcome = handle_reply("contacted_platform", "non c'est ebay", "deny", 0.7, slots, TODAY)
    assert outcome.slots == {"platform": "ebay", "platform_other": None}


def test_a_longer_answer_fills_other_questions_too() -> None:
    slots = {"platform": "amazon", "problems": ["account_suspension"], "description": "x"}
    text = "depuis le 5 novembre, et ils m'ont rien expliqué"
    outcome = handle_reply("started_on", text, "inform", 0.6, slots, TODAY)
    assert outcome.slots == {"started_on": "2026-11-05", "reason_given": "no"}


def test_lost_access_told_in_passing_is_kept() -> None:
    found = story_facts("je n'ai plus accès du tout, j'ai contacté le support", TODAY)
    assert found["account_access"] == "none"
    assert found["contacted_platform"] == "yes"


@pytest.mark.parametrize(("payload", "expected"), [("/affirm", True), ("/deny", False)])
def test_a_yes_no_button_answers_a_yes_no_question(payload: str, expected: bool) -> None:
    outcome = handle_reply("wants_contact", payload, "affirm", 1.0, {}, TODAY)
    assert outcome.slots == {"wants_contact": expected}


def test_other_button_payloads_are_still_not_answers() -> None:
    assert handle_reply("sector", "/affirm", "affirm", 1.0, {}, TODAY).slots == {}


def test_a_duration_in_a_story_is_not_its_start_date() -> None:
    story = "Etsy a suspendu ma boutique et retient mes fonds pendant 90 jours"
    assert "started_on" not in story_facts(story, TODAY)
    assert find_date("ça dure depuis 2 semaines", TODAY) == date(2026, 11, 12)


@pytest.mark.parametrize(
    ("story", "codes"),
    [
        ("ils ont fermé mon compte puis bloqué 6 500 € de paiements", {"payment_withheld"}),
        ("Amazon garde 12 000 € de mes ventes", {"payment_withheld"}),
        ("eBay account suspended, funds on hold", {"payment_withheld"}),
        ("Leboncoin me fait disparaître mes annonces", {"delisting"}),
        ("AMAZON A SUSPENDU MON COMPTE ET GARDE 15000€ !!!!", {"payment_withheld"}),
        ("mes sous sont coincés dans le porte-monnaie", {"payment_withheld"}),
        ("et quand j'appelle personne répond", {"no_contact"}),
        ("ebay.fr a limité mon compte : je ne peux plus mettre en vente", {"account_suspension"}),
    ],
)
def test_amounts_inside_a_problem_phrase_do_not_hide_it(story: str, codes: set[str]) -> None:
    assert codes <= set(prefill_from_story(story, TODAY)["problems"])


@pytest.mark.parametrize(
    ("text", "size"), [("on est plutôt 12 en fait", "small"), ("en fait on est 60", "medium")]
)
def test_a_headcount_correction_at_the_summary_finds_its_field(text: str, size: str) -> None:
    from bot.conversation.corrections import understand_correction

    correction = understand_correction(text, {"platform": "amazon"}, TODAY)
    assert correction.values == {"company_size": size}


def test_access_to_customer_data_is_not_account_access() -> None:
    found = story_facts("aucun accès aux coordonnées des clients, je suis seul", TODAY)
    assert "account_access" not in found
    assert story_facts("plus accès à mon compte", TODAY)["account_access"] == "none"


def test_a_fact_whose_question_does_not_apply_is_not_read_back() -> None:
    from bot.conversation.messages import acknowledgement

    story = "Cdiscount a supprimé mes avis clients du jour au lendemain"
    prefilled = prefill_from_story(story, TODAY)
    assert prefilled["problems"] == ["reviews"]
    assert "Préavis" not in acknowledgement(prefilled)


def test_how_long_they_have_sold_there_is_not_the_start_of_the_problem() -> None:
    text = "C'est Temu, leur programme vendeurs locaux, on y est depuis l'an dernier"
    assert "started_on" not in story_facts(text, TODAY)
    text = "je vends sur Etsy depuis 2019, bloqué depuis le 3 novembre"
    assert story_facts(text, TODAY)["started_on"] == "2026-11-03"


def test_never_reaching_a_human_is_kept() -> None:
    found = story_facts("j'ai écrit 5 fois sans jamais avoir un humain", TODAY)
    assert found["human_contact"] == "no"
