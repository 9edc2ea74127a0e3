"""French numbers: number words to digits, decimal commas, thousands separators."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from text_to_num import alpha2digit

# fmt: off
_UNITS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70, "huitante": 80,
    "octante": 80, "nonante": 90,
}
_SCALES = {
    "cent": 100, "cents": 100, "mille": 1000, "mil": 1000, "million": 10**6,
    "millions": 10**6, "milliard": 10**9, "milliards": 10**9,
}
APPROX = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
    "millier": 1000,
}
# fmt: on
"""'une trentaine' counts as 30, 'quelques centaines' as 300."""

_MAX_VALUE = 10**15
_VAGUE = {"quelques": 3, "plusieurs": 3}
_NUMBER_WORDS = set(_UNITS) | set(_SCALES)
_APPROX_RE = re.compile(r"^(" + "|".join(APPROX) + r")s?$")


def words_value(words: list[str]) -> int | None:
    """Value of a run of French number words: ['quatre', 'vingt', 'dix'] -> 90."""
    total, current, prev = 0, 0, ""
    for word in words:
        if word in ("vingt", "vingts") and prev == "quatre":
            current += 76  # quatre-vingt: the 4 already added becomes 80
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in ("cent", "cents"):
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        elif word != "et":
            return None
        if max(total, current) > _MAX_VALUE:  # 'cent cent cent …' must not build a huge int
            return None
        prev = word
    return total + current


def number_value(text: str) -> float | None:
    """Value of a short numeric phrase: '3', 'deux', 'une quinzaine de', 'quelques'."""
    words = [w for w in text.split() if w not in ("de", "d", "environ")]
    if not words:
        return None
    if len(words) == 1 and re.fullmatch(r"\d+(\.\d+)?", words[0]):
        return float(words[0])
    if len(words) == 1 and words[0] in _VAGUE:
        return float(_VAGUE[words[0]])
    approx = _APPROX_RE.match(words[-1])
    if approx:
        head = words[:-1]
        if head and head[0] in _VAGUE:
            return float(_VAGUE[head[0]] * APPROX[approx.group(1)])
        factor = words_value(head) if head and head[0] not in ("une", "un") else 1
        return float((factor or 1) * APPROX[approx.group(1)])
    value = words_value(words)
    return None if value is None else float(value)


def _is_numeric(token: str) -> bool:
    return len(token) <= 15 and bool(re.fullmatch(r"\d+(\.\d+)?", token))


def digitise(text: str) -> str:
    """Replace runs of number words in normalised text by digits.

    'quinze mille euros' -> '15000 euros'; 'une trentaine de salaries' -> '30 salaries'.
    A lone 'un'/'une' is kept (it is usually an article); a scale word right after digits
    ('15 mille') is kept for the caller's multiplier handling.
    """
    tokens = text.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        approx = _APPROX_RE.match(tokens[i])
        if approx:
            value = APPROX[approx.group(1)]
            if out and (out[-1] in ("un", "une", "des") or _is_numeric(out[-1])):
                prev = out.pop()
                value *= int(float(prev)) if _is_numeric(prev) else 1
            elif out and out[-1] in _VAGUE:
                value *= _VAGUE[out.pop()]
            out.append(str(value))
            i += 1 + (i + 1 < len(tokens) and tokens[i + 1] in ("de", "d"))
            continue
        j = i
        while j < len(tokens) and (
            tokens[j] in _NUMBER_WORDS
            or (tokens[j] == "et" and j > i and j + 1 < len(tokens) and tokens[j + 1] in _UNITS)
        ):
            j += 1
        run = tokens[i:j]
        lone_article = len(run) == 1 and run[0] in ("un", "une")
        after_digits = run and run[0] in _SCALES and out and _is_numeric(out[-1])
        if not run or lone_article or after_digits:
            out.append(tokens[i])
            i += 1
            continue
        value = words_value(run)
        out.append(str(value) if value is not None else " ".join(run))
        i = j
    return " ".join(out)


def prepare_numbers(raw: str) -> str:
    """Unify number writing before `normalise`: '1.200.000' -> '1200000', '2,5' -> '2.5',
    '2,500' (English thousands) -> '2500'."""
    raw = re.sub(r"(?<![\d.,])(\d{1,3})((?:\.\d{3})+)(?![\d.])", _drop_dots, raw)
    raw = _COMMA_THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), raw)
    return re.sub(r"(?<=\d),(?=\d)", ".", raw)


# '2,500 euros', '1,200,000': English thousands (groups of three, no scale word after);
# '2,5 millions' and '2,50 €' stay decimals
_COMMA_THOUSANDS = re.compile(
    r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,.])(?!\s*(?:k|m|md|mio|mille|millions?|milliards?)\b)",
    re.IGNORECASE,
)


def _drop_dots(match: re.Match[str]) -> str:
    return match.group(0).replace(".", "")


_THOUSANDS = re.compile(r"(?<![\d.])(\d{1,3})((?: \d{3})+)(?!\d)")


def merge_thousands(text: str) -> str:
    """'15 000 000' -> '15000000' in normalised text."""
    return _THOUSANDS.sub(lambda m: m.group(0).replace(" ", ""), text)


_OTHER_LANGUAGES = ("en", "es", "it", "de", "pt")


# French words another language's number parser may read as a number ("non" is Portuguese
# for ninth): a conversion that touches one of them is not used.
_FRENCH_WORDS = frozenset(
    [
        "non",
        "ne",
        "un",
        "une",
        "de",
        "des",
        "du",
        "le",
        "la",
        "les",
        "mais",
        "mai",
        "si",
        "on",
        "en",
        "a",
        "ni",
        "soit",
    ]
)


def foreign_digits(text: str) -> str:
    """Number words of English, Spanish, Italian, German and Portuguese as digits ('siamo
    in cinque' -> 'siamo in 5', 'eleven people' -> '11 people'), by text2num."""
    for language in _OTHER_LANGUAGES:
        converted = alpha2digit(text, language)
        if converted != text and not _touches_french(text.split(), converted.split()):
            text = converted
    return text


def _touches_french(before: list[str], after: list[str]) -> bool:
    """Whether the words replaced between `before` and `after` include a French word."""
    matcher = SequenceMatcher(a=[w.lower() for w in before], b=[w.lower() for w in after])
    replaced = (
        word
        for tag, start, end, _, _ in matcher.get_opcodes()
        if tag != "equal"
        for word in before[start:end]
    )
    return any(word.lower().strip(".,;:!?") in _FRENCH_WORDS for word in replaced)
