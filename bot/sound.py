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
_MIN_KEY_FOR_CLOSE = 7

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


class SoundIndex:
    """A closed vocabulary indexed by sound, built once and looked up per word."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._keys: dict[str, str] = {}
        for word in vocabulary:
            self._keys.setdefault(sound_key(word), word)
        self._long_keys = tuple(k for k in self._keys if len(k) >= _MIN_KEY_FOR_CLOSE)

    def find(self, word: str) -> str | None:
        """The vocabulary word that `word` sounds like (same key, or a close key for long
        words), else None. Words shorter than MIN_LETTERS are never matched by sound."""
        if sum(ch.isalpha() for ch in word) < MIN_LETTERS:
            return None
        key = sound_key(word)
        if key in self._keys:
            return self._keys[key]
        if len(key) < _MIN_KEY_FOR_CLOSE:
            return None
        best = process.extractOne(key, self._long_keys, scorer=fuzz.ratio, score_cutoff=_CLOSE_KEYS)
        return self._keys[best[0]] if best else None


@lru_cache(maxsize=64)
def _index(vocabulary: tuple[str, ...]) -> SoundIndex:
    return SoundIndex(vocabulary)


def sounds_like(word: str, vocabulary: tuple[str, ...]) -> str | None:
    """The word of a small fixed vocabulary that `word` sounds like, else None."""
    return _index(vocabulary).find(word)


def respell(text: str, vocabulary: tuple[str, ...]) -> str:
    """`text` with each word outside `vocabulary` that sounds like one of its words
    replaced by it ("semènes" -> "semaines" for the date words)."""
    index = _index(vocabulary)  # built once per vocabulary
    return " ".join(
        word if word in vocabulary else (index.find(word) or word) for word in text.split()
    )
