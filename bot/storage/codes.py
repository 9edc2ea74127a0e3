"""Follow-up codes (the user's only credential) and staff references.

A follow-up code is 16 symbols of Crockford's base-32 alphabet, which leaves out I, L, O
and U; on input O is read as 0 and I/L as 1, so the look-alike characters cannot be
mistyped. 16 symbols x 5 bits = 80 random bits from `secrets`.

Only `hash_followup_code(code)` is stored. A plain SHA-256 is enough here, unlike for
passwords: the code is not chosen by a person, it has 80 bits of entropy, so trying codes
against a stolen hash costs about 2^79 hashes on average, out of reach even at GPU speed.
A fast, unsalted, deterministic hash also lets the database find a testimony by its
code through a unique index.
"""

from __future__ import annotations

import hashlib
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_SYMBOLS = 16
GROUP = 4
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.]+")


def new_followup_code() -> str:
    """A fresh code such as `K7QF-93XD-P2MW-TZ6C` (80 random bits)."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(CODE_SYMBOLS))
    return "-".join(symbols[i : i + GROUP] for i in range(0, CODE_SYMBOLS, GROUP))


def normalise_followup_code(code: str) -> str | None:
    """The 16 symbols of a typed code (any case, spaces, dashes), or None if not a code."""
    compact = _SEPARATORS.sub("", code or "").upper().translate(_READ_AS)
    if len(compact) != CODE_SYMBOLS or any(ch not in ALPHABET for ch in compact):
        return None
    return compact


def hash_followup_code(code: str) -> str:
    """SHA-256 hex of the normalised code (see the module docstring for why SHA-256).

    Text that is not a well-formed code still gets a hash (of its upper-cased, compacted
    form), which matches no stored code.
    """
    compact = normalise_followup_code(code)
    if compact is None:
        compact = _SEPARATORS.sub("", code or "").upper()
    return hashlib.sha256(compact.encode("utf-8")).hexdigest()


def format_reference(id: int, year: int) -> str:
    """Staff-side reference, e.g. `SP-2026-000042`; not a credential (ids are sequential)."""
    return f"SP-{year:04d}-{id:06d}"
