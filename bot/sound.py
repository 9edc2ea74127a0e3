"""How a French word sounds, for matching words written by ear ("komision", "bloké",
"somèye", "kinze") against a closed vocabulary.

`sound_key` folds the spellings French uses for one sound into one letter (qu/k/c -> k,
é/è/ai/er/ez -> E, an/en/am/em -> A, on/om -> O, in/ain/ein/un -> I, ou -> U…), drops
silent letters (h, final s/t/d/x/e) and double letters. The rules follow the French
phonemicisation used by Etalab's address search (addok-fr), which is not usable here as
a library (it needs the whole geocoder); see docs/decisions.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

MIN_LETTERS = 4  # shorter words sound alike too easily ("mai", "mes", "met")
_CLOSE_KEYS = 88  # rapidfuzz ratio between two sound keys of long words

# (pattern, replacement), applied in order to a lower-case word with its accents
_RULES = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[^a-zàâäçéèêëîïôöùûüœ]", ""),
        (r"ss", "S"),
        (r"([bcdfgjkmnpqrtvz])\1+", r"\1"),
        (r"mpt", "nt"),
        (r"œu?", "E"),
        (r"eaux?$|aux?$", "o"),
        (r"eau|au|ô|ö", "o"),
        (r"eil(?:le)?|eill", "EY"),
        (r"(?:aient|ais|ait|ai|ay|ei|ey|er|ez|et|è|ê|ë|é)$", "E"),
        (r"ai|ei|è|ê|ë|é", "E"),
        (r"(?<=[iuE])e(?=m)", ""),
        (r"e(?=[rtlxz]$|[rstlxz][^aeiouyAEIOU]|ss|ll|tt|cc)", "E"),
        (r"ou|où|oû|w(?=[aeiouy])", "U"),
        (r"oi|oy", "Ua"),
        (r"ph", "f"),
        (r"qu|q|ck|k", "k"),
        (r"c(?=[eiyéèêëEI])", "s"),
        (r"ç", "s"),
        (r"ch|sh", "C"),
        (r"c", "k"),
        (r"g(?=[eiyéèêëEI])", "j"),
        (r"gu(?=[eiE])", "g"),
        (r"gn", "ni"),
        (r"(?<=[aeiouyAEIOU])ill|(?<=[aeiouyAEIOU])il$|(?<=[aeiouyAEIOU])y(?=[aeiouAEIOU])", "Y"),
        (r"h", ""),
        (r"(?:ain|ein|aim|in|un|yn)(?![aeiouyn mAEIOU])|(?:im|ym)(?=[bp])", "I"),
        (r"(?:an|am|en|em)(?![aeiouyn mAEIOU])", "A"),
        (r"(?:on|om)(?![aeiouyn mAEIOU])", "O"),
        (r"(?<=[aeiouyAEIOU])s(?=[aeiouyAEIOU])", "z"),
        (r"S", "s"),
        (r"y", "i"),
        (r"w", "v"),
        (r"(?<=.)(?:ent|es|e)$", ""),
        (r"(?<=.)[sxtdzS]$", ""),
        (r"(?<=[AIO])[tdcspg]+$", ""),
        (r"(?<=.)[sxtd]$", ""),
        (r"E", "e"),
        (r"z", "s"),
        (r"(.)\1+", r"\1"),
        (r"[àâä]", "a"),
        (r"[îï]", "i"),
        (r"[ùûü]", "u"),
    )
)


@lru_cache(maxsize=8192)
def sound_key(word: str) -> str:
    """The sound of one French word: 'komision' and 'commission' give the same key."""
    key = unicodedata.normalize("NFC", word.lower())
    for pattern, replacement in _RULES:
        key = pattern.sub(replacement, key)
    return key


@lru_cache(maxsize=64)
def _index(vocabulary: tuple[str, ...]) -> tuple[dict[str, str], tuple[str, ...]]:
    keys: dict[str, str] = {}
    for word in vocabulary:
        keys.setdefault(sound_key(word), word)
    return keys, tuple(keys)


def sounds_like(word: str, vocabulary: Iterable[str]) -> str | None:
    """The vocabulary word that `word` sounds like (same key, or a close key for long
    words), else None. Words shorter than MIN_LETTERS are never matched by sound."""
    letters = sum(ch.isalpha() for ch in word)
    if letters < MIN_LETTERS:
        return None
    keys, choices = _index(tuple(vocabulary))
    key = sound_key(word)
    if key in keys:
        return keys[key]
    if len(key) < 7:
        return None
    best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=_CLOSE_KEYS)
    return keys[best[0]] if best else None


def respell(text: str, vocabulary: Iterable[str]) -> str:
    """`text` with each word outside `vocabulary` that sounds like one of its words
    replaced by it ("kinze mil" -> "quinze mille" for the number words)."""
    known = tuple(vocabulary)
    words = set(known)
    return " ".join(
        word if word in words else (sounds_like(word, known) or word) for word in text.split()
    )
