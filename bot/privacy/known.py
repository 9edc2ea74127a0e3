"""Masking of identifiers the seller gave in the form, wherever their free text repeats them.

The general finders (`mask_identifiers`) cannot know that "Martin" is the seller's name;
the record can: its contact name (each of its words), company name, e-mail, phone and SIREN.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.privacy.labels import COMPANY_MASK, NAME_MASK

_MIN_WORD = 3  # "de", "Le" in a name are not identifiers


def mask_known(text: str, names: Iterable[str | None], companies: Iterable[str | None]) -> str:
    """`text` with each given company name, each given name and each word of a name masked.

    Matching ignores case and needs word boundaries: "Martin" is masked, "martingale" is not.
    """
    targets: list[tuple[str, str]] = []
    for company in filter(None, companies):
        targets.append((company.strip(), COMPANY_MASK))
    for name in filter(None, names):
        targets.append((name.strip(), NAME_MASK))
        targets += [(w, NAME_MASK) for w in re.findall(r"[^\W\d_]+", name) if len(w) >= _MIN_WORD]
    for value, mask in sorted(targets, key=lambda t: -len(t[0])):  # longest first
        if value:
            pattern = rf"(?<!\w){re.escape(value)}(?!\w)"
            text = re.sub(pattern, mask, text, flags=re.IGNORECASE)
    return text
