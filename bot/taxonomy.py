"""Platforms and problems: codes, French labels, synonyms, and detection in free text.

`taxonomy.yml` beside this file is the single source of truth. The NLU lookup tables
(`data/nlu/lookups.yml`) are generated from it by `python -m bot nlu-data`, the actions
detect platforms and problems with the functions below, and the database, the export and
the staff app use the codes and labels defined here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from bot.normalise import normalise
from bot.problem_matching import find_problems
from bot.sound import SoundIndex

TAXONOMY_FILE = Path(__file__).with_name("taxonomy.yml")
OTHER = "other"


@dataclass(frozen=True)
class Category:
    """One platform or one problem."""

    code: str
    label: str
    synonyms: tuple[str, ...]


@lru_cache(maxsize=1)
def _load() -> dict[str, tuple[Category, ...]]:
    raw = yaml.safe_load(TAXONOMY_FILE.read_text(encoding="utf-8"))
    loaded = {
        kind: tuple(
            Category(item["code"], item["label"], tuple(item.get("synonyms") or ()))
            for item in raw[kind]
        )
        for kind in ("platforms", "problems")
    }
    # platforms outside the list: the name is both the code and the label
    loaded["other_platforms"] = tuple(
        Category(item["name"], item["name"], tuple(item.get("synonyms") or ()))
        for item in raw.get("other_platforms") or ()
    )
    return loaded


def platforms() -> tuple[Category, ...]:
    """All platforms, in display order, `other` last."""
    return _load()["platforms"]


def other_platforms() -> tuple[Category, ...]:
    """Known platforms outside the list (Booking.com, Zalando…): the name is the code."""
    return _load()["other_platforms"]


def problems() -> tuple[Category, ...]:
    """All problems, in display order, `other` last."""
    return _load()["problems"]


PLATFORM_CODES: tuple[str, ...] = tuple(c.code for c in platforms())
PROBLEM_CODES: tuple[str, ...] = tuple(c.code for c in problems())


def platform_label(code: str | None) -> str:
    """French label of a platform code ('' for None, the code itself if unknown)."""
    return _label(platforms(), code)


def problem_label(code: str | None) -> str:
    """French label of a problem code."""
    return _label(problems(), code)


def _label(categories: tuple[Category, ...], code: str | None) -> str:
    if not code:
        return ""
    return next((c.label for c in categories if c.code == code), code)


# --- detection -----------------------------------------------------------------------
# Platforms are names: matched on the normalised text (exact, a few words in between, or
# a typo). Problems are descriptions: see `bot.problem_matching`.

_MIN_FUZZY_LENGTH = 5
_FUZZY_THRESHOLD = 86.0
_MAX_GAP_WORDS = 2  # "le bon coin" also matches "le bon petit coin"


# --- platforms ---------------------------------------------------------------------


@lru_cache(maxsize=2)
def _patterns(kind: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(code, normalised synonyms incl. the label) for each category of a kind."""
    result = []
    for category in _load()[kind]:
        if category.code == OTHER:
            continue
        variants = {normalise(s) for s in (*category.synonyms, category.label)}
        result.append((category.code, tuple(sorted(v for v in variants if v))))
    return tuple(result)


_WORD_THRESHOLD = 70
_NUMERIC = re.compile(r"[0-9.€%]+")
# a web address names its site: "darty.com", "amazon.co.uk", "www.cdiscount.fr"
_WEB_ADDRESS = re.compile(r"\b(?:www\.)?([a-z0-9-]+)\.(?:com|fr|de|es|it|eu|net|co\.uk|be)\b")


def _find(kind: str, text: str | None) -> list[tuple[int, str]]:
    """(position, code) of every category whose synonym appears in the text."""
    norm = normalise(text)
    norm = _WEB_ADDRESS.sub(lambda m: f"{m.group(0)} {m.group(1)}", norm)
    if kind == "platforms":  # "Facebook Marketplace" is not a typo of "marketplace Fnac"
        norm = _without_other_platform_names(norm)
    if not norm:
        return []
    words = norm.split()
    padded = f" {norm} "
    found: dict[str, int] = {}
    for code, variants in _patterns(kind):
        for variant in variants:
            position = padded.find(f" {variant} ")
            if position < 0:
                position = _gapped_position(variant, norm)
            if position is not None and position >= 0:
                found[code] = min(found.get(code, position), position)
                continue
            position = _fuzzy_position(variant, words)
            if position is not None:
                found[code] = min(found.get(code, position), position)
    if kind == "platforms":
        _add_heard_platforms(words, found)
    return sorted((pos, code) for code, pos in found.items())


@lru_cache(maxsize=1)
def _heard_platforms() -> tuple[SoundIndex, dict[str, str]]:
    """The one-word platform names by sound ('ebai' is eBay), and the code of each name."""
    codes = {v: code for code, variants in _patterns("platforms") for v in variants if " " not in v}
    return SoundIndex(codes), codes


def _add_heard_platforms(words: list[str], found: dict[str, int]) -> None:
    """Platforms written by ear ('ebai', 'amazone'), at the offset of the word."""
    index, codes = _heard_platforms()
    offset = 0
    for word in words:
        heard = index.find(word) if word.isalpha() else None
        if heard and codes[heard] not in found:
            found[codes[heard]] = offset
        offset += len(word) + 1


@lru_cache(maxsize=4096)
def _gap_pattern(variant: str) -> re.Pattern[str] | None:
    words = [re.escape(w) for w in variant.split()]
    if len(words) < 2:
        return None
    gap = f"(?: \\S+){{0,{_MAX_GAP_WORDS}}} "
    return re.compile(rf"\b{gap.join(words)}\b")


def _gapped_position(variant: str, norm: str) -> int | None:
    """Offset of a multi-word synonym written with a few words in between, or None."""
    pattern = _gap_pattern(variant)
    match = pattern.search(norm) if pattern else None
    return match.start() if match else None


def _fuzzy_position(variant: str, words: list[str]) -> int | None:
    """Character offset of a window of words close to `variant` (typos), or None."""
    variant_words = variant.split()
    size = len(variant_words)
    target = variant.replace(" ", "")
    if len(target) < _MIN_FUZZY_LENGTH:
        return None
    offset = 0
    seen: set[str] = set()  # a repeated window scores the same: skip it
    last_start = len(words) - size  # later windows are incomplete
    for start in range(len(words)):
        if start > last_start:
            break
        window = "".join(words[start : start + size])
        if window in seen:
            offset += len(words[start]) + 1
            continue
        seen.add(window)
        # ratio on the joined letters catches 'c discount' / 'cdiscount' too; each word of a
        # longer name must be there ('marketplace avec' is not 'marketplace fnac')
        close = not _NUMERIC.fullmatch(window) and fuzz.ratio(window, target) >= _FUZZY_THRESHOLD
        if close and _every_word_close(variant_words, words[start : start + size]):
            return offset
        offset += len(words[start]) + 1
    return None


def _every_word_close(variant_words: list[str], window: list[str]) -> bool:
    """Each word of a multi-word name has a close word in the window (same order)."""
    if len(variant_words) < 2 or len(window) != len(variant_words):
        return True
    pairs = zip(variant_words, window, strict=True)
    return all(fuzz.ratio(a, b) >= _WORD_THRESHOLD for a, b in pairs)


@lru_cache(maxsize=1)
def _detectable_problems() -> tuple[Category, ...]:
    return tuple(c for c in problems() if c.code != OTHER)


def detect_platforms(text: str | None) -> list[str]:
    """Platform codes named in the text, in order of appearance."""
    return [code for _, code in _find("platforms", text)]


@lru_cache(maxsize=1)
def _other_platform_pattern() -> re.Pattern[str]:
    names = {normalise(v) for category in _load()["other_platforms"] for v in category.synonyms}
    names = {n for n in names if n and len(n.split()) > 1}  # multi-word names only
    alternatives = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(rf"(?<!\S)(?:{alternatives})(?!\S)")


def _without_other_platform_names(norm: str) -> str:
    """The text with the multi-word names of platforms outside the list blanked out."""
    return _other_platform_pattern().sub(lambda m: "_" * len(m.group(0)), norm)


def detect_other_platforms(text: str | None) -> list[str]:
    """Names of known platforms outside the list named in the text, in order of appearance.

    Only exact names (no typo matching): short brand names are too close to ordinary words.
    """
    norm = f" {normalise(text)} "
    found = []
    for category in _load()["other_platforms"]:
        variants = {normalise(v) for v in category.synonyms}  # the label may be a common word
        positions = [norm.find(f" {v} ") for v in variants if v and f" {v} " in norm]
        if positions:
            found.append((min(positions), category.label))
    return [name for _, name in sorted(found)]


def detect_problems(text: str | None) -> list[str]:
    """Problem codes described in the text, in order of appearance."""
    return [code for _, code in find_problems(text, _detectable_problems())]
