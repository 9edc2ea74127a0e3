"""A follow-up code in what a seller types (pure).

A code is 16 symbols of the code alphabet (`bot.storage.codes`), shown as four groups of
four joined by dashes. Sellers paste or type it alone or inside a sentence, in any case,
with dashes, spaces, dots or nothing between the groups, an O for a 0 or an I/L for a 1.

Candidates are the spans the masking of stored conversations finds
(`bot.privacy.followup_code_spans`): one finder, so every code the chat acts on is also a
code the REST channel masks once the answer is delivered. That finder accepts four dashed
groups, or four groups (separated by one repeated space, dot or underscore, or by nothing)
that mix digits and letters and hold no listed word ("mars 2024 pour deux"). On top of it a
code must be made of the code alphabet once O, I and L are read as 0, 1, 1, and hold a
letter: a card number or an account number (digits only, dashed or not) is never a code,
nor are SIREN, SIRET or phone numbers (9, 14 or 10 digits), nor ordinary words (no digit).
"""

from __future__ import annotations

import re

from bot.privacy import followup_code_spans
from bot.storage.codes import normalise_followup_code

_REFERENCE = re.compile(r"\bSP-\d{4}-\d{6,}\b", re.IGNORECASE)
_GROUPS = re.compile(r"[0-9A-Za-z]+(?:[\s\-_.]+[0-9A-Za-z]+)*")
_SEPARATORS = re.compile(r"[\s\-_.]+")
# one group of an identifier written in groups (1 to 4 symbols, a digit among them)
_GROUP = re.compile(r"(?=[0-9A-Za-z]{0,3}[0-9])[0-9A-Za-z]{1,4}(?![0-9A-Za-z])")
_GROUP_END = re.compile(r"(?<![0-9A-Za-z])(?=[0-9A-Za-z]{0,3}[0-9])[0-9A-Za-z]{1,4}$")
MIN_ATTEMPT_SYMBOLS = 10
MAX_ATTEMPT_SYMBOLS = 22


def find_followup_code(text: str | None) -> str | None:
    """The first follow-up code in `text`, normalised (16 symbols, upper case), or None."""
    text = text or ""
    for start, end in followup_code_spans(text):
        candidate = text[start:end]
        code = normalise_followup_code(candidate)
        if code and any(ch.isalpha() for ch in candidate) and not _in_longer_run(text, start, end):
            return code
    return None


def _in_longer_run(text: str, start: int, end: int) -> bool:
    """True when the four groups are part of a longer run of groups joined the same way,
    such as an IBAN ('FR76 3000 6000 0112 3456 7890 189'): a group with a digit right
    before or after, behind the same separator."""
    separator = text[start + 4]
    if separator.isalnum():
        return False
    after = _GROUP.match(text, end + 1) if text[end : end + 1] == separator else None
    before = text[start - 1 : start] == separator and _GROUP_END.search(text, 0, start - 1)
    return bool(after or before)


def has_code_shape(text: str | None) -> bool:
    """True when `text` holds something the redaction masks as a follow-up code (a valid
    code or not): a bot message answering it must ask for that redaction."""
    return bool(followup_code_spans(text or ""))


def looks_like_code_attempt(text: str | None) -> bool:
    """True when the whole message is a run of letter-and-digit groups that is not a code:
    a code mistyped, cut, too long or oddly separated ("K7QF-93XD-P2MW-TZ6"). Most groups
    mix in digits and letters, which words and numbers ("SIREN 732 829 320") do not."""
    stripped = (text or "").strip().strip(".,;:!?\"'«»()")
    if not stripped or not _GROUPS.fullmatch(stripped) or find_followup_code(stripped):
        return False
    groups = _SEPARATORS.split(stripped)
    with_digit = sum(any(ch.isdigit() for ch in group) for group in groups)
    with_letter = sum(any(ch.isalpha() for ch in group) for group in groups)
    symbols = sum(len(group) for group in groups)
    mixed = 2 * with_digit >= len(groups) and 2 * with_letter >= len(groups)
    return mixed and MIN_ATTEMPT_SYMBOLS <= symbols <= MAX_ATTEMPT_SYMBOLS


def reference_in(text: str | None) -> str | None:
    """A testimony reference (`SP-2026-000042`) given instead of the code, or None."""
    match = _REFERENCE.search(text or "")
    return match.group(0).upper() if match else None
