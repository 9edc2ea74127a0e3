"""Vague quantities are not values; generic reasons are partial (issue 11, classes 6 and 8)."""

from __future__ import annotations

import pytest

from bot.parsing import find_amount_eur, parse_amount_eur
from bot.parsing.yesno import parse_reason_given


@pytest.mark.parametrize(
    "text",
    [
        "quelques milliers",
        "des dizaines de milliers d'euros",
        "plusieurs centaines",
        "des milliers chaque mois",
        "pas mal de milliers",
        "quelques centaines de milliers",
    ],
)
def test_an_order_of_magnitude_is_not_an_amount(text: str) -> None:
    parsed = parse_amount_eur(text)
    assert not parsed.ok and "estimation" in (parsed.reason or "")
    assert "«" in (parsed.reason or ""), "what was said is quoted back"
    assert find_amount_eur(f"j'ai perdu {text} avec cette histoire") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("entre 8 et 10 000", 9_000),
        ("entre 10 et 15k", 12_500),
        ("entre 500 et 1000", 750),
        ("des milliers, disons 4000", 4_000),
        ("environ 3 000 €", 3_000),
    ],
)
def test_figures_and_ranges_stay_values(text: str, expected: int) -> None:
    assert parse_amount_eur(text).value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pour raisons de sécurité", "partial"),
        ("ils parlent d'une activité inhabituelle, rien de précis", "partial"),
        ("violation de nos politiques, point", "partial"),
        ("contrefaçon de la marque, ce qui est faux", "yes"),
        ("aucune explication", "no"),
    ],
)
def test_a_generic_reason_is_partial(text: str, expected: str) -> None:
    assert parse_reason_given(text).value == expected
