"""parse_amount_eur / find_amount_eur: amounts in euros."""

from __future__ import annotations

import pytest

from bot.parsing import find_amount_eur, parse_amount_eur


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 000 €", 15000),
        ("15000", 15000),
        ("15 000", 15000),
        ("15.000 €", 15000),
        ("15k", 15000),
        ("15K", 15000),
        ("15 k€", 15000),
        ("15k€", 15000),
        ("15K euros", 15000),
        ("environ 3000 euros", 3000),
        ("à peu près 3 000 EUR", 3000),
        ("3000e", 3000),
        ("€8000", 8000),
        ("2,5 millions", 2500000),
        ("2.5 millions d'euros", 2500000),
        ("1,2 M€", 1200000),
        ("un million d'euros", 1000000),
        ("3 000,50 €", 3001),
        ("3.000,50€", 3001),
        ("1 200 000 €", 1200000),
        ("quinze mille euros", 15000),
        ("cinq cents euros", 500),
        ("quatre-vingt mille euros", 80000),
        ("deux millions cinq cent mille euros", 2500000),
        ("entre 10 et 15k", 12500),
        ("10 000 - 15 000 €", 12500),
        ("je dirais 20 000 € par mois", 20000),
    ],
)
def test_parse_amount_reads_french_amounts(text: str, expected: int) -> None:
    assert parse_amount_eur(text).value == expected


@pytest.mark.parametrize("text", ["rien", "Rien du tout", "aucune perte", "0", "0 €", "zéro"])
def test_parse_amount_reads_no_loss_as_zero(text: str) -> None:
    assert parse_amount_eur(text).value == 0


@pytest.mark.parametrize("text", ["-500 €", "20 milliards", "99999999999 €"])
def test_parse_amount_rejects_negative_or_absurd_amounts(text: str) -> None:
    parsed = parse_amount_eur(text)
    assert parsed.value is None and parsed.reason


@pytest.mark.parametrize("text", ["", "beaucoup", "80 %", "???", "🙂"])
def test_parse_amount_explains_unrecognised_answers(text: str) -> None:
    parsed = parse_amount_eur(text)
    assert not parsed.ok
    assert parsed.reason and "montant" in parsed.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Amazon a fermé mon compte vendeur sans explication, 8000 € bloqués", 8000),
        ("8000 € bloqués", 8000),
        ("ils retiennent 12 000 euros depuis 2025, on est 12", 12000),
        ("15k de CA perdu", 15000),
        ("une perte de quinze mille euros", 15000),
        ("on a perdu 2,5 millions", 2500000),
    ],
)
def test_find_amount_needs_a_currency_or_magnitude_marker(text: str, expected: int) -> None:
    assert find_amount_eur(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "on est 12",
        "12 salariés",
        "depuis le 3 mars 2026",
        "c'est la 3e fois",
        "80% de mon chiffre",
        "appelez le 06 12 34 56 78",
        "",
    ],
)
def test_find_amount_ignores_numbers_without_marker(text: str) -> None:
    assert find_amount_eur(text) is None
