"""Text normalisation shared by every parser and detector."""

from __future__ import annotations

import re
import unicodedata

MAX_PARSED_CHARS = 5000
"""Parsers look at no more than this many characters: a 20 000-character paste stays cheap."""

_NON_WORD = re.compile(r"[^a-z0-9€%@.+]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def strip_accents(text: str) -> str:
    """Remove diacritics: 'déréférencé' -> 'dereference'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(text: str | None) -> str:
    """Lower-case, accent-free, single-spaced words; punctuation becomes spaces.

    Keeps '€', '%', '@', '.' and '+' because amounts, shares, e-mails and phones need them.
    """
    if not text:
        return ""
    text = strip_accents(text[:MAX_PARSED_CHARS].translate(_APOSTROPHES).lower())
    text = text.replace("'", " ")
    text = _NON_WORD.sub(" ", text)
    # a dot is kept inside tokens like 'amazon.fr' but not at word edges
    words = [w.strip(".") for w in text.split()]
    return " ".join(w for w in words if w)


def search_key(text: str | None) -> str:
    """Case- and accent-free text for substring search: 'Compte FERMÉ' -> 'compte ferme'.

    Unlike `normalise`, keeps every character (punctuation, '%', '_') and the full length,
    so that a search for a literal '_' or a word past the 5000th character still works.
    """
    if not text:
        return ""
    return strip_accents(text.translate(_APOSTROPHES)).casefold().translate(_LIGATURES)
