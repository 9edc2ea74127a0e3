"""Follow-up codes (16 symbols grouped 4-4-4-4), told apart from words and placeholders."""

from __future__ import annotations

import re

from bot.privacy.labels import CODE_MASK
from bot.privacy.spans import _Span
from bot.privacy.words import _is_word
from bot.storage.codes import normalise_followup_code

_CODE_DASHED = re.compile(r"(?<![\w-])[0-9A-Za-z]{4}(?:-[0-9A-Za-z]{4}){3}(?![\w-])")
# a whole message that is nothing but four groups of four: a code typed on its own
_WHOLE_MESSAGE = re.compile(
    r"[\s\"'«“(]*"
    r"(?P<code>[0-9A-Za-z]{4}(?P<sep>[ ._-]?)[0-9A-Za-z]{4}(?:(?P=sep)[0-9A-Za-z]{4}){2})"
    r"[\s\"'»”).!]*"
)
_CODE_OTHER = re.compile(
    r"(?<![\w.])[0-9A-Za-z]{4}([ ._]?)[0-9A-Za-z]{4}(?:\1[0-9A-Za-z]{4}){2}(?![\w]|\.\w)"
)


def _is_code(candidate: str, dashed: bool) -> bool:
    """A follow-up code (bot.storage.codes): 16 symbols, not one symbol repeated (the
    'XXXX-XXXX-XXXX-XXXX' placeholder); undashed, it mixes digits and letters and none of
    its groups is a word ('mars 2024 pour deux'); written in one run, it holds a digit."""
    symbols = re.sub(r"[^0-9A-Za-z]", "", candidate)
    if len(set(symbols.upper())) <= 1:
        return False
    if dashed:
        return True
    if len(candidate) == len(symbols) and not any(ch.isdigit() for ch in symbols):
        return False  # one run of 16 letters is a word ("reacondicionados"), not a code
    # the alphabet has no O, I or L: typed, they are the digits 0 and 1 ('wbbo ekrz …')
    if not (
        any(ch.isdigit() or ch in "oOiIlL" for ch in symbols)
        and any(ch.isalpha() for ch in symbols)
    ):
        return False
    return not any(_is_word(symbols[i : i + 4]) for i in range(0, 16, 4))


def _code_spans(view: str, label: str = CODE_MASK) -> list[_Span]:
    """Follow-up codes grouped 4-4-4-4 by dashes, spaces, dots, underscores or nothing."""
    spans = []
    whole = _WHOLE_MESSAGE.fullmatch(view)
    code = whole.group("code") if whole else ""
    if whole and normalise_followup_code(code) and any(ch.isdigit() for ch in code):
        # typed alone, even when a group reads as a word ('TRES 4KQ9 …'); a digit keeps
        # four short words ('elle sera bien tard') out
        spans.append(_Span(whole.start("code"), whole.end("code"), label))
    for pattern, dashed in ((_CODE_DASHED, True), (_CODE_OTHER, False)):
        position = 0
        while match := pattern.search(view, position):
            if _is_code(match.group(0), dashed):  # overlapping candidates are merged
                spans.append(_Span(match.start(), match.end(), label))
            position = match.start() + 1
    return spans
