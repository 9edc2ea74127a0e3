"""Masking of identifiers in transcripts shown to staff."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.privacy import CODE_MASK, EMAIL_MASK, PHONE_MASK, SIREN_MASK, mask_identifiers
from bot.storage.codes import new_followup_code

PHONES = [
    "06 12 34 56 78",
    "0612345678",
    "06.12.34.56.78",
    "06-12-34-56-78",
    "01 23 45 67 89",
    "09 87 65 43 21",
    "06 1234 5678",
    "+33 6 12 34 56 78",
    "+33612345678",
    "+33 (0)6 12 34 56 78",
    "+33 06 12 34 56 78",
    "+33.6.12.34.56.78",
    "0033 6 12 34 56 78",
    "0033612345678",
    "06\u00a012\u00a034\u00a056\u00a078",
]

EMAILS = [
    "claire@example.fr",
    "Claire.Martin+pme@sous-domaine.example.com",
    "jean_dupont@orange.fr",
    "contact@jouets-martin.fr",
]

SIRENS = [
    "732829320",
    "732 829 320",
    "732.829.320",
    "73282932000074",
    "732 829 320 00074",
    "732 829 320 000 74",
    "7328293200007",  # a SIRET with a digit missing is still masked
]

UNTOUCHED = [
    "J'ai perdu 8000 € en mars.",
    "environ 15 000 € de chiffre d'affaires",
    "15000€ de perte",
    "1 500 000 € par an",
    "150 000 000 euros",
    "80 % de mon chiffre",
    "le 15/03/2026",
    "depuis le 2026-03-15",
    "le 15.03.2026 à 10h30",
    "en 2024 15 000 € de perte",
    "référence SP-2026-000042",
    "commande 402-1234567-1234567",
    "15k",
    "je suis seul, 3 salariés",
    "mon compte a été fermé le 3 mars",
]


@pytest.mark.parametrize("phone", PHONES)
def test_phone_numbers_are_masked(phone: str) -> None:
    assert mask_identifiers(f"Appelez-moi au {phone}, merci.") == (
        f"Appelez-moi au {PHONE_MASK}, merci."
    )


@pytest.mark.parametrize("email", EMAILS)
def test_emails_are_masked(email: str) -> None:
    assert mask_identifiers(f"Mon mail : {email}.") == f"Mon mail : {EMAIL_MASK}."


@pytest.mark.parametrize("number", SIRENS)
def test_siren_and_siret_are_masked(number: str) -> None:
    assert mask_identifiers(f"SIREN {number} (Jouets)") == f"SIREN {SIREN_MASK} (Jouets)"


def test_followup_codes_are_masked_in_any_case() -> None:
    code = new_followup_code()
    assert mask_identifiers(f"mon code {code}") == f"mon code {CODE_MASK}"
    assert mask_identifiers(f"mon code {code.lower()}!") == f"mon code {CODE_MASK}!"


@pytest.mark.parametrize("text", UNTOUCHED)
def test_amounts_dates_and_references_are_not_masked(text: str) -> None:
    assert mask_identifiers(text) == text


def test_several_identifiers_in_one_message() -> None:
    text = "Martin, 06 12 34 56 78 ou claire@example.fr, SIRET 732 829 320 00074, 8000 €"
    assert mask_identifiers(text) == (
        f"Martin, {PHONE_MASK} ou {EMAIL_MASK}, SIRET {SIREN_MASK}, 8000 €"
    )


def test_empty_text() -> None:
    assert mask_identifiers("") == ""


@settings(deadline=None)  # timing varies on a loaded machine
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["€", " €", " euros", " EUR"]))
def test_amounts_with_a_currency_are_never_masked(amount: int, currency: str) -> None:
    spaced = f"{amount:,}".replace(",", " ")
    for number in (str(amount), spaced):
        text = f"perte de {number}{currency}"
        assert mask_identifiers(text) == text


@settings(deadline=None)  # timing varies on a loaded machine
@given(st.from_regex(r"0[1-9]( ?[0-9]{2}){4}", fullmatch=True))
def test_any_french_number_is_masked(phone: str) -> None:
    assert PHONE_MASK in mask_identifiers(f"tel {phone}")
    assert not any(ch.isdigit() for ch in mask_identifiers(f"tel {phone}"))
