"""Finding a follow-up code in what a seller types, and the NLU component built on it."""

from __future__ import annotations

import pytest

from bot.parsing.followup_code import (
    find_followup_code,
    has_code_shape,
    looks_like_code_attempt,
    reference_in,
)
from bot.privacy import mask_followup_codes
from bot.rasa_plugins.code_intent import code_intent

CODE = "K7QF93XDP2MWTZ6C"


@pytest.mark.parametrize(
    "message",
    [
        "K7QF-93XD-P2MW-TZ6C",
        "k7qf-93xd-p2mw-tz6c",
        "voici mon code k7qf 93xd p2mw tz6c",
        "k7qf93xdp2mwtz6c",
        "K7QF.93XD.P2MW.TZ6C",
        "k7qf_93xd_p2mw_tz6c",
        "mon code : K7QF-93XD-P2MW-TZ6C.",
        "(K7QF-93XD-P2MW-TZ6C)",
        "bonjour\nK7QF 93XD P2MW TZ6C\nmerci",
        "k7qf 93xd p2mw tz6c, Amazon a rouvert mon compte",
    ],
)
def test_a_code_is_found_typed_any_way(message: str) -> None:
    assert find_followup_code(message) == CODE
    assert has_code_shape(message)


def test_o_and_i_l_are_read_as_digits() -> None:
    assert find_followup_code("koqf-93xd-p2mw-tz6c") == "K0QF93XDP2MWTZ6C"
    assert find_followup_code("K7QF 93XD PLMW TZIC") == "K7QF93XDP1MWTZ1C"


@pytest.mark.parametrize(
    "message",
    [
        "elle sera bien tard",  # four groups of letters: words, no digit
        "anticonstitution",  # sixteen letters in a row, no digit
        "mars 2024 pour deux",
        "SIREN 732 829 320",
        "SIRET 732 829 320 00074",
        "06 12 34 56 78",
        "+33 6 12 34 56 78",
        "4970 1012 3456 7890",  # a card number: digits only
        "1234-5678-9012-3456",
        "XXXX-XXXX-XXXX-XXXX",
        "SP-2026-000042",
        "k7qf 93xd p2mw",  # twelve symbols
        "K7QF-93XD-P2MW-TZ6C-AAAA",  # five groups
        "uuuu-7qf3-93xd-p2mw",  # U is not in the code alphabet
        "FR76 3000 6000 0112 3456 7890 189",
        "FR7630006000011234567890189",
        "AB12-K7QF-93XD-P2MW-TZ6C",  # five dashed groups
        "commande 402-1234567-1234567",
        "",
    ],
)
def test_words_and_numbers_are_not_codes(message: str) -> None:
    assert find_followup_code(message) is None
    assert code_intent(message) is None


def test_every_code_found_is_one_the_redaction_masks() -> None:
    for message in (
        "voici mon code k7qf 93xd p2mw tz6c",
        "k7qf93xdp2mwtz6c",
        "K7QF.93XD.P2MW.TZ6C",
    ):
        assert find_followup_code(message) is not None
        masked = mask_followup_codes(message)
        assert "[code masqué]" in masked and find_followup_code(masked) is None


@pytest.mark.parametrize(
    "message",
    ["K7QF-93XD-P2MW-TZ6", "K7QF - 93XD - P2MW - TZ6C", "K7QF93XD P2MW TZ6C", "k7qf 93xd p2mw"],
)
def test_a_cut_or_oddly_separated_code_is_an_attempt(message: str) -> None:
    assert looks_like_code_attempt(message)


@pytest.mark.parametrize(
    "message",
    ["K7QF-93XD-P2MW-TZ6C", "SIREN 732 829 320", "je veux 3 trucs", "mars 2024 pour deux"],
)
def test_codes_words_and_numbers_are_not_attempts(message: str) -> None:
    assert not looks_like_code_attempt(message)


def test_a_reference_given_instead_of_the_code_is_recognised() -> None:
    assert reference_in("mon dossier sp-2026-000042 svp") == "SP-2026-000042"
    assert reference_in("K7QF-93XD-P2MW-TZ6C") is None


def test_the_nlu_component_sets_the_code_intent_but_not_on_payloads() -> None:
    assert code_intent("voici mon code K7QF-93XD-P2MW-TZ6C") == "followup_code"
    assert code_intent('/followup{"followup_choice": "K7QF-93XD-P2MW-TZ6C"}') is None
    assert code_intent("j'ai un code de suivi") is None


def test_a_code_typed_alone_is_read_even_when_a_group_reads_as_a_word() -> None:
    """Codes are random: one group may spell a word ('TRES', 'PAS0'); typed on its own,
    with spaces, it is still the code, and the redaction masks it too."""
    from bot.privacy import mask_identifiers

    assert find_followup_code("tres 4kq9 pas0 zz12") == "TRES4KQ9PAS0ZZ12"
    assert mask_identifiers("TRES 4KQ9 PAS0 ZZ12") == "[code masqué]"
    assert find_followup_code("tres bien pour vous") is None  # 'U' is not in the alphabet


def test_a_code_whose_only_digit_is_typed_as_an_o_is_read_inside_a_sentence() -> None:
    """The alphabet has no O: 'wbbo' is 'WBB0', so the code has its digit."""
    assert find_followup_code("Bonjour, voici mon code wbbo ekrz kcrw qkds") == "WBB0EKRZKCRWQKDS"
    assert find_followup_code("il faut bien lire") is None


@pytest.mark.parametrize("word", ["reacondicionados", "professionnelles", "RECONDITIONNEES"])
def test_a_sixteen_letter_word_is_not_a_code(word: str) -> None:
    assert find_followup_code(f"mes produits {word} ont été retirés") is None
