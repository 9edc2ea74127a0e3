"""Phones and identifying digit runs (SIREN, SIRET, VAT, orders…), as found by
`bot.parsing.identity.find_numbers`."""

from __future__ import annotations

import re

from bot.parsing.identity import find_numbers
from bot.privacy.labels import NUMBER_MASK, PHONE_MASK, SIREN_MASK
from bot.privacy.spans import _Span

MIN_NUMBER_DIGITS = 9
"""Digit runs this long are identifying (SIREN 9, VAT 11, SIRET 14, order numbers…)."""
MAX_SIREN_DIGITS = 15
"""Longer runs are labelled as numbers, not as SIREN/SIRET."""

_VAT_PREFIX = re.compile(r"(?<!\w)(?:FR|fr)[ \t.\-]?$")
# a product's bar code names a product, not a seller: 'code EAN 3760123456789'
_PRODUCT_CODE_BEFORE = re.compile(
    r"(?:ean|gtin|upc|isbn|code[ \t-]*barres?|code[ \t-]*barre)[ \t:°n]*$", re.IGNORECASE
)


def _number_spans(view: str) -> list[_Span]:
    """Phones, and digit runs long enough to identify (SIREN, SIRET, VAT, orders…)."""
    spans = []
    for found in find_numbers(view):
        if found.kind == "phone":
            spans.append(_Span(found.start, found.end, PHONE_MASK))
        elif found.kind == "number" and len(found.value) >= MIN_NUMBER_DIGITS:
            if _PRODUCT_CODE_BEFORE.search(view, max(0, found.start - 16), found.start):
                continue
            label = SIREN_MASK if len(found.value) <= MAX_SIREN_DIGITS else NUMBER_MASK
            vat = _VAT_PREFIX.search(view, max(0, found.start - 4), found.start)
            start = vat.start() if vat and len(found.value) == 11 else found.start
            spans.append(_Span(start, found.end, label))
    return spans
