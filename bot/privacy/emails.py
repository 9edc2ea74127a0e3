"""E-mail addresses, as found by `bot.parsing.identity.find_emails`."""

from __future__ import annotations

from bot.parsing.identity import find_emails
from bot.privacy.labels import EMAIL_MASK
from bot.privacy.spans import _Span


def _email_spans(view: str) -> list[_Span]:
    return [_Span(f.start, f.end, EMAIL_MASK) for f in find_emails(view)]
