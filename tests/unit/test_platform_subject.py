"""Which platform a story is about, and platforms outside the list named in an opening."""

from __future__ import annotations

from datetime import date

import pytest

from actions.form import ActionAskPlatform
from bot.conversation.prefill import prefill_from_story
from bot.parsing.platform_name import unknown_platform_name
from bot.parsing.subject_platform import subject_platform
from bot.taxonomy import detect_other_platforms, platform_label
from tests.actions.test_actions import make_tracker, run

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("story", "expected"),
    [
        ("Je vends sur eBay et Rakuten. Rakuten a bloqué mes virements.", "rakuten"),
        ("Avec Etsy tout va bien, mais ManoMano a fermé mon compte.", "manomano"),
        ("J'ai arrêté Cdiscount en 2024 ; aujourd'hui Amazon retient mes fonds.", "amazon"),
        ("Leboncoin a supprimé mes annonces, alors que sur eBay pas de souci.", "leboncoin"),
        ("Amazon a suspendu mon compte.", "amazon"),
        ("Amazon et Cdiscount ont tous les deux augmenté leurs frais.", "amazon"),
        (
            "J'ai commencé sur Etsy, puis je vends surtout sur La Redoute. C'est La Redoute qui "
            "pose souci : ils ont fermé mon compte vendeur sans me prévenir.",
            "la_redoute",
        ),
    ],
)
def test_the_platform_with_the_problem_is_the_subject(story: str, expected: str) -> None:
    assert subject_platform(story) == expected
    assert prefill_from_story(story, TODAY)["platform"] == expected


@pytest.mark.parametrize(
    ("story", "candidates"),
    [
        ("Amazon et Cdiscount ont augmenté leurs frais.", ["amazon", "cdiscount"]),
        ("eBay et Rakuten bloquent mes paiements depuis un mois", ["ebay", "rakuten"]),
    ],
)
def test_two_platforms_sharing_the_problem_are_asked_with_both_as_buttons(story, candidates):
    prefilled = prefill_from_story(story, TODAY)
    assert "platform" not in prefilled
    assert prefilled["platform_candidates"] == candidates
    _, dispatcher = run(ActionAskPlatform(), make_tracker({"platform_candidates": candidates}))
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles[:2] == [platform_label(code) for code in candidates]


def test_without_candidates_the_usual_platform_question_is_asked() -> None:
    _, dispatcher = run(ActionAskPlatform(), make_tracker({}))
    assert dispatcher.messages[0]["response"] == "utter_ask_platform"


@pytest.mark.parametrize(
    ("story", "name"),
    [
        ("Notre maison d'hôtes est sur airbnb et ils ont masqué l'annonce", "Airbnb"),
        ("Bonjour. Uber Eats a triplé la commission de mon restaurant", "Uber Eats"),
        ("On travaille avec la place de marché Darjeeling Market qui nous doit 3 mois", "Darj"),
        ("Depuis lundi, Ankorstore retient nos paiements sans explication", "Ankorstore"),
        ("nous vendons via la plateforme Kiabi Market et nos produits sont retirés", "Kiabi"),
        ("Le site Wallapop.es a fermé notre boutique, comme Galaxus l'an dernier", "Wallapop"),
    ],
)
def test_a_platform_outside_the_list_keeps_its_name(story: str, name: str | None) -> None:
    values = prefill_from_story(story, TODAY)
    if name is None:
        assert values.get("platform") in (None, "other")
        return
    assert values["platform"] == "other"
    assert values["platform_other"].startswith(name)


def test_a_common_word_is_not_a_platform() -> None:
    assert detect_other_platforms("je suis boulanger à Lyon") == []
    assert unknown_platform_name("Je suis boulanger et Amazon me bloque") is None
    assert unknown_platform_name("La marketplace Boulanger a doublé ses frais") == "Boulanger"


@pytest.mark.parametrize(
    ("story", "name"),
    [
        ("Amazon et eBay ça marche bien, c'est sur Zalando que ça coince : ils ont retiré 40 "
         "de nos références.", "Zalando"),
        ("Facebook Marketplace a banni définitivement mon compte pro", "Facebook Marketplace"),
        ("booking m'impose la parité tarifaire et a monté la commission à 18 %", "Booking.com"),
    ],
)  # fmt: skip
def test_a_platform_outside_the_list_wins_over_fine_or_look_alike_ones(story: str, name: str):
    prefilled = prefill_from_story(story, TODAY)
    assert (prefilled["platform"], prefilled["platform_other"]) == ("other", name)
