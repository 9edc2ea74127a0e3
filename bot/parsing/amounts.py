"""Amounts in euros: '15 000 €', '15k', '2,5 millions', 'quinze mille euros', 'rien'."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.normalise import MAX_PARSED_CHARS, normalise
from bot.parsing.numbers import digitise, merge_thousands, prepare_numbers
from bot.parsing.result import Parsed, fail

MAX_EUR = 10_000_000_000
_SCALES = {
    "k": 1e3, "ke": 1e3, "keur": 1e3, "k€": 1e3, "mille": 1e3, "mil": 1e3, "milles": 1e3,
    "m": 1e6, "m€": 1e6, "meur": 1e6, "mio": 1e6, "million": 1e6, "millions": 1e6,
    "md": 1e9, "mds": 1e9, "md€": 1e9, "milliard": 1e9, "milliards": 1e9,
}  # fmt: skip
_AMOUNT = re.compile(
    r"(?P<pre>€ ?)?(?<![\w.])(?P<num>\d+(?:\.\d+)?) ?"
    r"(?P<scale>k€|keur|ke|k|m€|meur|mio|md€|mds|md|m|milliards?|millions?|milles?|mil)?"
    r"(?: ?(?:d )?(?P<cur>€|euros?|eur|e|balles))?(?![\w€%])(?! ?%)"
)
_RANGE_GLUE = re.compile(r"^ ?(?:(?:et|a|-|ou) ?)?$")
_ZERO = re.compile(r"\b(rien|aucune?|zero|nul|nulle|neant|pas de pertes?|pas perdu|pas un euro)\b")
_NEGATIVE = re.compile(r"(?:^|[\s(:=])[-−](?=\d)")
_NO_AMOUNT = "Je n'ai pas reconnu de montant. Exemple : « 15 000 € » ou « 15k »."
# "quelques milliers", "des dizaines de milliers": an order of magnitude, not a value
_VAGUE_AMOUNT = re.compile(
    r"\b(?:(?:quelques|plusieurs|des|de nombreux|de nombreuses|pas mal de|beaucoup de"
    r"|bien des|une? (?:bonne )?partie de)\s+)(?:(?:dizaines|centaines) de\s+)?"
    r"(?:centaines|milliers|millions|dizaines de milliers|centaines de milliers)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Match:
    number: float
    factor: float
    marked: bool
    start: int
    end: int


def _prepare(text: str) -> str:
    return digitise(merge_thousands(normalise(prepare_numbers(text[:MAX_PARSED_CHARS]))))


def _matches(clean: str, strict: bool) -> list[_Match]:
    found = []
    for m in _AMOUNT.finditer(clean):
        scale, cur = m.group("scale"), m.group("cur")
        if strict:  # '3e fois', '15 m' (metres) are not amounts inside a story
            scale = None if scale == "m" else scale
            cur = None if cur == "e" else cur
        factor = _SCALES.get(scale or "", 1.0)
        marked = bool(scale or cur or m.group("pre"))
        found.append(_Match(float(m.group("num")), factor, marked, m.start(), m.end()))
    return found


def _range_value(low: _Match, high: _Match) -> float:
    """'entre 10 et 15k' -> 12 500: the midpoint, the scale of the second applies to both;
    'entre 8 et 10 000' -> 9 000: a bare low number shares the thousands of the high one."""
    factor = low.factor if low.factor > 1 else high.factor
    low_value, high_value = low.number * factor, high.number * high.factor
    while low.factor == 1 and 0 < low_value * 1000 <= high_value:
        low_value *= 1000
    return (low_value + high_value) / 2


def _pick(clean: str, strict: bool) -> float | None:
    found = _matches(clean, strict)
    marked = [i for i, match in enumerate(found) if match.marked]
    if not marked and (strict or not found):
        return None
    i = marked[0] if marked else 0
    for low, high in ((i - 1, i), (i, i + 1)):
        glue = clean[found[low].end : found[high].start] if low >= 0 and high < len(found) else "x"
        if _RANGE_GLUE.match(glue):
            return _range_value(found[low], found[high])
    return found[i].number * found[i].factor


def parse_amount_eur(text: str) -> Parsed[int]:
    """Parse an answer giving an amount in euros, rounded to the euro."""
    vague = _vague(text)
    if vague:
        return fail(
            f"Vous avez écrit « {vague} » : pouvez-vous donner une estimation en euros, même "
            "approximative (par exemple « environ 3 000 € » ou « entre 8 000 et 10 000 € ») ?"
        )
    clean = _prepare(_VAGUE_AMOUNT.sub(" ", text))  # "des milliers, disons 4000": 4000
    value = _pick(clean, strict=False)
    if value is None:
        return Parsed(0) if _ZERO.search(clean) else fail(_NO_AMOUNT)
    if _NEGATIVE.search(text[:MAX_PARSED_CHARS]):
        return fail("Le montant ne peut pas être négatif. Indiquez la perte, par ex. « 5 000 € ».")
    if value > MAX_EUR:
        return fail("Ce montant me paraît trop élevé : pouvez-vous le vérifier ?")
    return Parsed(int(value + 0.5))


def _vague(text: str) -> str | None:
    """The words of an order of magnitude given instead of an amount, when no figure is."""
    norm = normalise(text[:MAX_PARSED_CHARS])
    match = _VAGUE_AMOUNT.search(norm)
    if match is None or any(ch.isdigit() for ch in norm):
        return None
    return match.group(0)


def find_amount_eur(text: str) -> int | None:
    """An amount inside a story, only when written with €, euros, k, mille or millions."""
    if _vague(text):
        return None
    value = _pick(_prepare(text), strict=True)
    if value is None or value > MAX_EUR:
        return None
    return int(value + 0.5)
