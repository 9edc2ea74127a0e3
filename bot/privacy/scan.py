"""Reading a name at a trigger: the 1–4 acceptable words after it (or, for a legal form,
before it), with linked names ('de La Fontaine') and seller-id tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.privacy.web import _is_platform_home
from bot.privacy.words import _PARTICLES, _content, _is_title, _key, _word_ok

_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_TOKEN_WORD = re.compile(r"[^\W_](?:[\w.\-]*[^\W_])?")
_SPACES = re.compile(r"[ \t]*")
_GAP = re.compile(r"[ \t]+")
_AMPERSAND_GAP = re.compile(r"[ \t]*&[ \t]*|[ \t]+")
_MAX_NAME_WORDS = 4
_QUOTES = "\"«“'‘"


def _token_ok(token: str) -> bool:
    """Whether `token` can be (part of) a seller id or a shop name (not 'cdiscount.com')."""
    if _is_platform_home(token):
        return False
    if any(ch.isdigit() for ch in token):
        return len(token) >= 2
    return _word_ok(token, lower=True)


@dataclass(frozen=True)
class _Scan:
    """How to read a name after a trigger."""

    lower: bool = False  # lower-case words allowed
    tokens: bool = False  # ids: digits, dots, dashes allowed in words
    ampersand: bool = False  # 'Martin & Fils'
    words: int = _MAX_NAME_WORDS


_ARTICLES = frozenset({"le", "la", "les"})


def _linked_name(view: str, position: int, first: bool) -> list[re.Match[str]]:
    """'Les Jolies Choses' (a capitalised article first), 'de La Fontaine', 'van Dijk'
    (particles inside a name): the words up to a capitalised name word, or []."""
    words: list[re.Match[str]] = []
    for _ in range(2):
        link = _NAME_WORD.match(view, position)
        key = _key(link.group(0)) if link else ""
        allowed = (key in _ARTICLES and _is_title(link.group(0))) if first else key in _PARTICLES
        if not link or not allowed:
            return []
        gap = _GAP.match(view, link.end())
        following = _NAME_WORD.match(view, gap.end()) if gap else None
        if not following or not _is_title(following.group(0)):
            return []
        words += [link, following]
        if _word_ok(following.group(0), lower=False):
            return words
        position, first = following.start(), False
    return []


def _next_words(
    view: str, position: int, scan: _Scan, previous: list[re.Match[str]]
) -> list[re.Match[str]]:
    """The acceptable word(s) at `position`: one word, or a linked name; [] if none."""
    match = (_TOKEN_WORD if scan.tokens else _NAME_WORD).match(view, position)
    if not match:
        return []
    word = match.group(0)
    if _token_ok(word) if scan.tokens else _word_ok(word, scan.lower):
        return [match]
    if scan.tokens or (previous and all(_content(w.group(0)) for w in previous)):
        return []
    return _linked_name(view, position, first=not previous)


def _scan_name(view: str, position: int, scan: _Scan) -> tuple[int, int] | None:
    """Span of the 1–4 words of a name at `position` (spaces and one quote skipped)."""
    position = _SPACES.match(view, position).end()
    if position < len(view) and view[position] in _QUOTES:
        position = _SPACES.match(view, position + 1).end()
        scan = _Scan(True, scan.tokens, scan.ampersand, scan.words)
    words: list[re.Match[str]] = []
    gap_pattern = _AMPERSAND_GAP if scan.ampersand else _GAP
    while len(words) < scan.words:
        found = _next_words(view, position, scan, words)
        if not found:
            break
        words += found
        gap = gap_pattern.match(view, words[-1].end())
        if not gap:
            break
        position = gap.end()
    if not words or all(_content(w.group(0)) for w in words):
        return None
    return words[0].start(), words[-1].end()


def _scan_back(view: str, position: int) -> tuple[int, int] | None:
    """Span of the 1–4 capitalised words just before `position` ('Dupont Bijoux SARL')."""
    words = list(_NAME_WORD.finditer(view, max(0, position - 120), position))
    accepted: list[re.Match[str]] = []
    boundary = position
    for word in reversed(words):
        if len(accepted) == _MAX_NAME_WORDS:
            break
        if not _AMPERSAND_GAP.fullmatch(view, word.end(), boundary):
            break
        if not _word_ok(word.group(0), lower=False):
            break
        accepted.append(word)
        boundary = word.start()
    if not accepted or all(_content(w.group(0)) for w in accepted):
        return None
    return accepted[-1].start(), accepted[0].end()
