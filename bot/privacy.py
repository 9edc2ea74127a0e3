"""Masking of identifiers in text shown to staff (transcripts of anonymous testimonies).

Masks e-mail addresses, French phone numbers, SIREN/SIRET numbers and follow-up codes.
Errs on the side of masking, but leaves amounts ("8000 €", "15 000 €"), percentages,
years and dates alone.
"""

from __future__ import annotations

import re

EMAIL_MASK = "[e-mail masqué]"
PHONE_MASK = "[téléphone masqué]"
SIREN_MASK = "[SIREN/SIRET masqué]"
CODE_MASK = "[code masqué]"

_SEP = r"[ \u00a0\u202f.\-]"  # space, no-break spaces, dot, dash between digit groups

_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")

_CODE = re.compile(r"(?<![\w-])(?:[0-9A-Z]{4}-){3}[0-9A-Z]{4}(?![\w-])", re.IGNORECASE)

# 0X XX XX XX XX, +33 X XX XX XX XX, +33 (0)X …, 0033 X …; any of _SEP between digits.
_PHONE = re.compile(
    r"(?<![\d+])"
    r"(?:(?:\+|00)" + _SEP + r"?33" + _SEP + r"?(?:\(0\)" + _SEP + r"?|0" + _SEP + r"?)?|0)"
    r"[1-9](?:" + _SEP + r"?\d){8}"
    r"(?!" + _SEP + r"?\d)"
)

# 9 digits (SIREN), 14 (SIRET) or any longer run, optionally grouped by spaces or dots, so
# that a SIRET typed with a digit too few or too many is masked as well; a run followed by
# a currency or a percent sign is an amount and stays.
_DIGIT_SEP = r"[ \u00a0\u202f.]"
_SIREN = re.compile(
    r"(?<!\d)(?<!\d" + _DIGIT_SEP + r")"
    r"\d(?:" + _DIGIT_SEP + r"?\d){8,}"
    r"(?!" + _DIGIT_SEP + r"?\d)"
    r"(?!" + _DIGIT_SEP + r"?(?:€|k€|eur|euro|%))",
    re.IGNORECASE,
)


def mask_identifiers(text: str) -> str:
    """`text` with e-mails, phones, SIREN/SIRET and follow-up codes replaced by labels."""
    if not text:
        return text
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _CODE.sub(CODE_MASK, text)
    text = _PHONE.sub(PHONE_MASK, text)
    return _SIREN.sub(SIREN_MASK, text)
