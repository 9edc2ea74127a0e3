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
