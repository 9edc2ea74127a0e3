"""Follow-up codes and references."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.storage.codes import (
    ALPHABET,
    format_reference,
    hash_followup_code,
    new_followup_code,
    normalise_followup_code,
)

CODE_SHAPE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")


def test_code_is_grouped_and_has_at_least_80_bits() -> None:
    code = new_followup_code()
    assert CODE_SHAPE.match(code)
    assert len(ALPHABET) == 32 and len(set(ALPHABET)) == 32
    assert len(code.replace("-", "")) * 5 >= 80
    assert not set("ILOU") & set(ALPHABET)


def test_codes_do_not_repeat() -> None:
    assert len({new_followup_code() for _ in range(2000)}) == 2000


def test_hash_is_sha256_hex_and_ignores_case_spaces_and_dashes() -> None:
    code = new_followup_code()
    digest = hash_followup_code(code)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert hash_followup_code(code.lower()) == digest
    assert hash_followup_code(" " + code.replace("-", " ") + " ") == digest
    assert hash_followup_code(code.replace("-", "")) == digest
    assert hash_followup_code(new_followup_code()) != digest


def test_look_alike_letters_read_as_digits() -> None:
    assert hash_followup_code("O1I0-LLLL-0000-2222") == hash_followup_code("0110-1111-0000-2222")


def test_malformed_text_is_not_a_code() -> None:
    assert normalise_followup_code("bonjour") is None
    assert normalise_followup_code("K7QF-93XD-P2MW-TZ6") is None
    assert normalise_followup_code("K7QF-93XD-P2MW-TZ6U") is None


@settings(deadline=None)  # timing varies on a loaded machine
@given(st.text(alphabet=ALPHABET, min_size=16, max_size=16))
def test_every_code_normalises_to_itself(symbols: str) -> None:
    grouped = "-".join(symbols[i : i + 4] for i in range(0, 16, 4))
    assert normalise_followup_code(grouped.lower()) == symbols


def test_reference_format() -> None:
    assert format_reference(42, 2026) == "SP-2026-000042"
    assert format_reference(1234567, 2027) == "SP-2027-1234567"
