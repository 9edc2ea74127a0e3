"""parse_share_pct: share of turnover made through the platform."""

from __future__ import annotations

import pytest

from bot.parsing import parse_share_pct


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("80%", 80),
        ("80 %", 80),
        ("80", 80),
        ("environ 60 pour cent", 60),
        ("60 pourcent", 60),
        ("quatre-vingts pour cent", 80),
        ("ça fait 30% de mon CA", 30),
        ("12,5 %", 13),
        ("60-70%", 65),
        ("entre 60 et 70 %", 65),
        ("1/3", 33),
        ("la moitié", 50),
        ("moitie", 50),
        ("plus de la moitié", 60),
        ("un tiers", 33),
        ("deux tiers", 67),
        ("un quart", 25),
        ("trois quarts", 75),
        ("presque tout", 90),
        ("quasiment tout", 90),
        ("la quasi-totalité", 90),
        ("la majorité", 70),
        ("tout", 100),
        ("TOUT", 100),
        ("la totalité", 100),
        ("100%", 100),
        ("rien", 0),
        ("aucun", 0),
        ("zéro", 0),
        ("pas du tout", 0),
        ("une petite partie", 10),
        ("très peu", 10),
        ("quasi tout", 90),
        ("l'essentiel", 70),
        ("la plupart", 70),
        ("pas grand chose", 10),
        ("half", 50),
        ("a quarter", 25),
        ("a third", 33),
        ("two thirds", 67),
        ("most of it", 70),
        ("almost everything", 90),
        ("more than half", 60),
        ("all", 100),
        ("everything", 100),
        ("nothing", 0),
    ],
)
def test_parse_share_reads_percentages_and_words(text: str, expected: int) -> None:
    assert parse_share_pct(text).value == expected


@pytest.mark.parametrize("text", ["150%", "-5%", "200"])
def test_parse_share_rejects_values_outside_0_100(text: str) -> None:
    parsed = parse_share_pct(text)
    assert parsed.value is None
    assert parsed.reason and "100" in parsed.reason


@pytest.mark.parametrize("text", ["", "blabla", "pas tout", "not all", "15000 €", "😅"])
def test_parse_share_explains_unrecognised_answers(text: str) -> None:
    parsed = parse_share_pct(text)
    assert not parsed.ok and parsed.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("le quart", 25),
        ("le quart de mon CA", 25),
        ("le tiers", 33),
        ("le tiers environ", 33),
        ("le dixième", 10),
        ("quasi tt mon ca", 90),
        ("presque tt", 90),
        ("presque tt le ca", 90),
        ("tt", 100),
        ("tt mon ca", 100),
        ("60 pr 100", 60),
    ],
)
def test_parse_share_pct_reads_definite_fractions_and_sms(text: str, expected: int) -> None:
    assert parse_share_pct(text).value == expected


def test_not_all_in_sms_is_not_all() -> None:
    assert parse_share_pct("pas tt").value != 100


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("un bon tiers", 33), ("un bon quart", 25), ("une bonne moitié", 50),
        ("un petit tiers", 33), ("un gros quart de mon CA", 25), ("une grosse moitié", 50),
        ("deux bons tiers", 67), ("une petite moitié", 50),
    ],
)  # fmt: skip
def test_parse_share_qualified_fractions(text: str, expected: int) -> None:
    assert parse_share_pct(text).value == expected


@pytest.mark.parametrize("text", ["la moitier", "la moitiée", "une moitiee", "moitié"])
def test_half_with_spelling_slips(text: str) -> None:
    assert parse_share_pct(text).value == 50
