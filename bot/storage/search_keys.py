"""What the staff search looks in, folded once when a testimony is written.

`testimonies.search_text` holds the description folded by `search_key` (migration 0002);
`testimonies.search_fields` holds the reference and every other text field staff search,
folded the same way, one per line (a word never matches across two fields). Phone numbers
and SIRENs are also kept with their digits only, so "0612345678" finds "06 12 34 56 78".
Pure functions: the model and migration 0005 both use them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.normalise import search_key

SEARCHED_FIELDS: tuple[str, ...] = (
    "reference",
    "platform_other",
    "sector",
    "company_name",
    "siren",
    "contact_name",
    "email",
    "phone",
)
"""The fields held by `search_fields` (the description is in `search_text`)."""

_DIGITS_TOO = frozenset({"siren", "phone"})
_NOT_DIGIT = re.compile(r"\D+")


def fields_search_key(values: Mapping[str, object]) -> str:
    """The folded text of `SEARCHED_FIELDS` in `values`, one field per line ('' if none)."""
    lines = []
    for name in SEARCHED_FIELDS:
        value = values.get(name)
        if value is None or value == "":
            continue
        text = str(value)
        lines.append(search_key(text))
        digits = _NOT_DIGIT.sub("", text)
        if name in _DIGITS_TOO and digits and digits != text:
            lines.append(digits)
    return "\n".join(lines)
