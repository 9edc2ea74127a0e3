"""Masking of identifiers in text shown to staff or stored for anonymous testimonies.

`mask_identifiers` finds identifier spans on a normalised view of the text (NFKC per
character, zero-width characters removed: see `bot.parsing.identity.text_view`) with the
same candidate finders as detection, and replaces only those spans of the original text;
everything else is left byte for byte. It masks e-mails (also 'arobase', '(at)', spaced),
phones, SIREN/SIRET/VAT and other long numbers, IBAN/BIC, URLs and shop domains (a bare
marketplace such as 'amazon.fr' stays), seller ids, follow-up codes, and the names sellers
give of themselves and of their business. It errs on the side of masking, but dates,
amounts, percentages, years, times, quantities and ordinary words stay.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.privacy.bank import _bank_spans
from bot.privacy.codes import _code_spans
from bot.privacy.emails import _email_spans
from bot.privacy.labels import (
    BIC_MASK,
    CODE_MASK,
    COMPANY_MASK,
    EMAIL_MASK,
    IBAN_MASK,
    NAME_MASK,
    NUMBER_MASK,
    PHONE_MASK,
    SELLER_ID_MASK,
    SIREN_MASK,
    URL_MASK,
)
from bot.privacy.names import _company_spans, _name_spans
from bot.privacy.numbers import MAX_SIREN_DIGITS, MIN_NUMBER_DIGITS, _number_spans
from bot.privacy.seller_ids import _seller_id_spans
from bot.privacy.spans import _mask, _Span, _spans
from bot.privacy.web import _url_spans

__all__ = [
    "BIC_MASK",
    "CODE_MASK",
    "COMPANY_MASK",
    "EMAIL_MASK",
    "IBAN_MASK",
    "MAX_SIREN_DIGITS",
    "MIN_NUMBER_DIGITS",
    "NAME_MASK",
    "NUMBER_MASK",
    "PHONE_MASK",
    "SELLER_ID_MASK",
    "SIREN_MASK",
    "URL_MASK",
    "followup_code_spans",
    "identifier_spans",
    "mask_followup_codes",
    "mask_identifiers",
]

_FINDERS: tuple[Callable[[str], list[_Span]], ...] = (
    _code_spans, _email_spans, _bank_spans, _url_spans, _number_spans, _seller_id_spans,
    _company_spans, _name_spans,
)  # fmt: skip


def identifier_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of every identifier `mask_identifiers` would mask in `text`."""
    return [(s.start, s.end, s.label) for s in _spans(text or "", _FINDERS)]


def mask_identifiers(text: str) -> str:
    """`text` with every identifier replaced by a French label (see the module docstring)."""
    return _mask(text, _FINDERS)


def followup_code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every follow-up code `mask_followup_codes` would mask in `text`: the
    chat recognises a typed code with this same finder, so a code it acts on is a code the
    redaction of stored conversations masks."""
    return [(s.start, s.end) for s in _spans(text or "", (_code_spans,))]


def mask_followup_codes(text: str, mask: str = CODE_MASK) -> str:
    """`text` with follow-up codes only replaced by `mask`."""
    return _mask(text, (lambda view: _code_spans(view, mask),))
