"""The taxonomy recognises platforms and problems the way sellers write them."""

from __future__ import annotations

import pytest

from bot.nlu_data import render_lookups
from bot.taxonomy import PLATFORM_CODES, PROBLEM_CODES, detect_platforms, detect_problems


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Amazon", "amazon"),
        ("AMAZONE m'a viré", "amazon"),
        ("sur amz", "amazon"),
        ("seller central ne répond plus", "amazon"),
        ("c discount", "cdiscount"),
        ("cdiscout a bloqué mes fonds", "cdiscount"),
        ("ebay.fr", "ebay"),
        ("price minister", "rakuten"),
        ("rakutten", "rakuten"),
        ("mano mano", "manomano"),
        ("laredoute", "la_redoute"),
        ("le bon coin", "leboncoin"),
        ("lbc a supprimé mes annonces", "leboncoin"),
        ("Ali Express", "alibaba"),
        ("la fnac", "fnac_darty"),
        ("etsy", "etsy"),
        ("backmarket", "back_market"),
    ],
)
def test_platform_spellings_are_recognised(text: str, code: str) -> None:
    assert detect_platforms(text)[:1] == [code]


def test_two_platforms_are_found_in_order() -> None:
    assert detect_platforms("c'est Cdiscount pas Amazon") == ["cdiscount", "amazon"]


@pytest.mark.parametrize("text", ["bonjour", "8000 €", "on est 12", "mon compte", ""])
def test_no_platform_in_ordinary_words(text: str) -> None:
    assert detect_platforms(text) == []


def test_a_story_can_carry_several_problems() -> None:
    text = (
        "mon compte a été fermé et l'argent de mes ventes est bloqué, "
        "impossible de joindre quelqu'un"
    )
    assert set(detect_problems(text)) == {"account_termination", "payment_withheld", "no_contact"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("mes produits ont été déréférencés", "delisting"),
        ("fiches supprimees", "delisting"),
        ("compte bloque", "account_suspension"),
        ("ils m'ont banni", "account_termination"),
        ("fonds bloqués depuis 2 mois", "payment_withheld"),
        ("ils ont augmenté les commissions", "fees_change"),
        ("j'ai perdu la buy box", "ranking"),
        ("que des réponses automatiques", "no_contact"),
        ("des faux avis", "reviews"),
        ("clause de parité tarifaire", "unfair_terms"),
        ("pas accès aux données clients", "data_access"),
    ],
)
def test_problem_words_are_recognised(text: str, code: str) -> None:
    assert code in detect_problems(text)


def test_codes_match_the_spec() -> None:
    assert PLATFORM_CODES == (
        "amazon",
        "cdiscount",
        "ebay",
        "rakuten",
        "manomano",
        "la_redoute",
        "leboncoin",
        "alibaba",
        "fnac_darty",
        "etsy",
        "back_market",
        "other",
    )
    assert PROBLEM_CODES == (
        "delisting",
        "account_suspension",
        "account_termination",
        "payment_withheld",
        "fees_change",
        "ranking",
        "no_contact",
        "reviews",
        "unfair_terms",
        "data_access",
        "other",
    )


def test_nlu_lookups_are_generated_from_the_taxonomy() -> None:
    from bot.nlu_data import LOOKUPS_FILE

    assert LOOKUPS_FILE.read_text(encoding="utf-8") == render_lookups()
