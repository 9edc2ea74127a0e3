"""Bank details: IBANs (valid, or announced by 'IBAN'/'RIB') and BICs after 'BIC'/'SWIFT'."""

from __future__ import annotations

import re

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban

from bot.privacy.labels import BIC_MASK, IBAN_MASK
from bot.privacy.spans import _Span

_IBAN = re.compile(
    r"(?<!\w)[A-Za-z]{2}\d{2}(?:[ \t-]?[A-Za-z0-9]{4}){2,7}(?:[ \t-]?[A-Za-z0-9]{1,4})?(?!\w)"
)
_IBAN_WORD = re.compile(r"(?:iban|rib)\W{0,20}$", re.IGNORECASE)
_BIC = re.compile(
    r"(?<!\w)(?:bic|swift)(?:[ \t]*(?:code|:|=|-))*[ \t]*"
    r"(?P<bic>[A-Za-z]{6}[A-Za-z0-9]{2}(?:[A-Za-z0-9]{3})?)(?!\w)",
    re.IGNORECASE,
)


def _bank_spans(view: str) -> list[_Span]:
    """IBANs (checked by python-stdnum, or announced by 'IBAN'/'RIB') and BICs after 'BIC'."""
    spans = []
    for match in _IBAN.finditer(view):
        compact = re.sub(r"[ \t-]", "", match.group(0)).upper()
        announced = _IBAN_WORD.search(view, max(0, match.start() - 25), match.start())
        if stdnum_iban.is_valid(compact) or announced:
            spans.append(_Span(match.start(), match.end(), IBAN_MASK))
    for match in _BIC.finditer(view):
        if stdnum_bic.is_valid(match.group("bic").upper()):
            spans.append(_Span(match.start("bic"), match.end("bic"), BIC_MASK))
    return spans
