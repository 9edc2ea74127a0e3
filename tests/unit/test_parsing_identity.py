"""parse_siren / parse_email / parse_phone / contains_identifying_details."""

from __future__ import annotations

import pytest

from bot.parsing import contains_identifying_details, parse_email, parse_phone, parse_siren


@pytest.mark.parametrize(
    "text",
    [
        "732829320",
        "732 829 320",
        "732.829.320",
        "732-829-320",
        "mon siren est le 732 829 320",
        "73282932000074",
        "732 829 320 00074",
    ],
)
def test_parse_siren_accepts_siren_and_reduces_siret(text: str) -> None:
    assert parse_siren(text).value == "732829320"


def test_parse_siren_reports_a_failed_check() -> None:
    parsed = parse_siren("732 829 321")
    assert parsed.value is None and parsed.reason and "validité" in parsed.reason


@pytest.mark.parametrize("text", ["12345", "7328293201"])
def test_parse_siren_reports_a_wrong_length(text: str) -> None:
    parsed = parse_siren(text)
    assert parsed.value is None and parsed.reason and "9 chiffres" in parsed.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jean@exemple.fr", "jean@exemple.fr"),
        ("mon mail c'est jean@exemple.fr", "jean@exemple.fr"),
        ("Jean.Dupont@Exemple.FR.", "Jean.Dupont@exemple.fr"),
        ("jean @ exemple.fr", "jean@exemple.fr"),
        ("jean arobase exemple.fr", "jean@exemple.fr"),
        ("<jean@exemple.fr>", "jean@exemple.fr"),
    ],
)
def test_parse_email_extracts_and_normalises_the_address(text: str, expected: str) -> None:
    assert parse_email(text).value == expected


@pytest.mark.parametrize("text", ["jean@", "jean@exemple", "pas de mail", ""])
def test_parse_email_rejects_invalid_addresses(text: str) -> None:
    parsed = parse_email(text)
    assert parsed.value is None and parsed.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("01-23-45-67-89", "+33123456789"),
        ("mon numéro : 06 12 34 56 78 merci", "+33612345678"),
    ],
)
def test_parse_phone_returns_e164(text: str, expected: str) -> None:
    assert parse_phone(text).value == expected


@pytest.mark.parametrize("text", ["06 12 34", "bonjour", "", "12"])
def test_parse_phone_rejects_invalid_numbers(text: str) -> None:
    parsed = parse_phone(text)
    assert parsed.value is None and parsed.reason


@pytest.mark.parametrize(
    "text",
    [
        "appelez-moi au 06 12 34 56 78",
        "écrivez à jean@exemple.fr",
        "siret 73282932000074",
        "mon siren 732 829 320",
    ],
)
def test_identifying_details_are_detected(text: str) -> None:
    assert contains_identifying_details(text)


@pytest.mark.parametrize(
    "text",
    [
        "Amazon a bloqué 8000 € depuis le 3 mars 2026",
        "on est 12 salariés, perte 15 000 €",
        "123456789",
        "",
    ],
)
def test_stories_without_identifying_details_are_not_flagged(text: str) -> None:
    assert not contains_identifying_details(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07 12 34 56 78", "+33712345678"),  # possible, though outside the library's ranges
        ("0712345678", "+33712345678"),
        ("+33 (0)1 23 45 67 89", "+33123456789"),
        ("0692 12 34 56", "+262692123456"),  # Réunion mobile
        ("0262 12 34 56", "+262262123456"),  # Réunion landline
        ("0639 12 34 56", "+262639123456"),  # Mayotte mobile
        ("0696 12 34 56", "+596696123456"),  # Martinique mobile
        ("0596 12 34 56", "+596596123456"),  # Martinique landline
        ("0694 12 34 56", "+594694123456"),  # Guyane mobile
        ("0590 12 34 56", "+590590123456"),  # Guadeloupe landline
        ("0690 12 34 56", "+590690123456"),  # Guadeloupe mobile
        ("+33 692 12 34 56", "+262692123456"),
        ("appelez le 0692 12 34 56 svp", "+262692123456"),
        ("+32 470 12 34 56", "+32470123456"),
    ],
)
def test_parse_phone_accepts_possible_and_overseas_numbers(text: str, expected: str) -> None:
    assert parse_phone(text).value == expected


@pytest.mark.parametrize(
    "text", ["0000", "00 00 00 00 00", "abc", "zéro six", "123456789", "06 12 34 56 78 90"]
)
def test_parse_phone_still_rejects_garbage(text: str) -> None:
    parsed = parse_phone(text)
    assert parsed.value is None and parsed.reason
