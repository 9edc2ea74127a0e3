"""parse_siren / parse_email / parse_phone / contains_identifying_details."""

from __future__ import annotations

import pytest

from bot.parsing import contains_identifying_details, parse_email, parse_phone, parse_siren
from bot.parsing.identity import find_numbers, text_view


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06/12/34/56/78", "+33612345678"),
        ("06 - 12 - 34 - 56 - 78", "+33612345678"),
        ("+33 6.12.34.56.78", "+33612345678"),
        ("06_12_34_56_78", "+33612345678"),
        ("06\u200b12\u200b34\u200b56\u200b78", "+33612345678"),
        ("０６ １２ ３４ ５６ ７８", "+33612345678"),
        ("le 12/03/2024, au 06 12 34 56 78", "+33612345678"),
    ],
)
def test_parse_phone_reads_the_writings_masking_knows(text: str, expected: str) -> None:
    assert parse_phone(text).value == expected


@pytest.mark.parametrize("text", ["le 12/03/2024", "06/12", "15 000 €", "2024-03-12"])
def test_parse_phone_does_not_read_dates_or_amounts(text: str) -> None:
    assert parse_phone(text).value is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jean.dupont arobase gmail point com", "jean.dupont@gmail.com"),
        ("jean (at) boutique.fr", "jean@boutique.fr"),
        ("jean [at] exemple.fr", "jean@exemple.fr"),
        ("jean@ exemple . fr. Merci", "jean@exemple.fr"),
        ("jean\u200b@exemple.fr", "jean@exemple.fr"),
    ],
)
def test_parse_email_reads_obfuscated_addresses(text: str, expected: str) -> None:
    assert parse_email(text).value == expected


@pytest.mark.parametrize("text", ["732/829/320", "732\u200b829\u200b320", "７３２８２９３２０"])
def test_parse_siren_reads_other_separators_and_characters(text: str) -> None:
    assert parse_siren(text).value == "732829320"


@pytest.mark.parametrize(
    "text",
    ["tel 06/12/34/56/78", "jean arobase exemple point fr", "siren 732-829-320",
     "SIRET 732.829.320.00074", "écrivez à jean (at) exemple.fr"],
)  # fmt: skip
def test_identifying_details_in_other_writings_are_detected(text: str) -> None:
    assert contains_identifying_details(text)


def test_the_view_maps_back_to_the_original_text() -> None:
    text = "ａ\u200bb\u00a0c"
    view = text_view(text)
    assert view.text == "ab c"
    assert view.original_span(0, 4) == (0, len(text))
    assert view.original_span(1, 2) == (2, 3)
    assert text_view("plain").origin is None


def test_digit_runs_are_split_into_kinds() -> None:
    view = "le 12/03/2024 06 12 34 56 78 - 15 000 € SIREN 732 829 320"
    kinds = [(f.kind, view[f.start : f.end]) for f in find_numbers(view)]
    assert kinds == [
        ("date", "12/03/2024"),
        ("phone", "06 12 34 56 78"),
        ("amount", "15 000"),
        ("number", "732 829 320"),
    ]
