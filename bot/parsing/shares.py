"""Shares of turnover in percent: '80%', 'la moitié', 'un tiers', 'presque tout'.

Word choices: 'presque tout'/'quasi tout' 90, 'la majorité'/'la plupart'/'l'essentiel' 70,
'plus de la moitié' 60, 'moins de la moitié' 40, 'une petite partie'/'un peu'/'pas grand
chose' 10, 'tout'/'la totalité' 100, 'rien'/'aucun'/'pas du tout' 0; fractions are rounded
('un tiers'/'le tiers'/'un bon tiers' 33, 'le quart'/'un petit quart' 25, 'deux tiers'
67; a qualifier 'bon', 'petit', 'gros' keeps the fraction). SMS shorthand is read ('quasi
tt' 90, 'tt' 100). English words map to the same values ('half' 50, 'a quarter' 25, 'most of it'
70, 'almost all' 90, 'all'/'everything' 100). A range ('60-70 %') gives its midpoint.
"""

from __future__ import annotations

import re

from bot.normalise import MAX_PARSED_CHARS, normalise
from bot.parsing.numbers import digitise, prepare_numbers
from bot.parsing.result import Parsed, fail
from bot.parsing.yesno import expand_shorthand

_FRACTIONS = {"demi": 2, "tiers": 3, "quart": 4, "cinquieme": 5, "dixieme": 10}
# 'un bon tiers', 'un petit quart', 'deux gros tiers': the qualifier keeps the fraction.
_QUALIFIER = r"(?:(?:bon|petit|gros|grand|vrai|large)(?:ne|e)?s? )?"
_FRACTION = re.compile(
    r"\b(\d{1,3}|un|une|le|l) " + _QUALIFIER + r"(demi|tiers|quart|cinquieme|dixieme)s?\b"
)
_EN_COUNTS = {"a": "un", "one": "un", "two": "2", "three": "3", "four": "4"}
_EN_FRACTIONS = {"third": "tiers", "quarter": "quart", "fifth": "cinquieme", "tenth": "dixieme"}
_EN_FRACTION = re.compile(r"\b(a|one|two|three|four) (third|quarter|fifth|tenth)s?\b")
_SLASH = re.compile(r"(?<![\d/])(\d{1,2}) ?/ ?(\d{1,2})(?![\d/])")
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?: ?(?:(?:a|et|-) )?(\d+(?:\.\d+)?))?( ?%)?")
_AMOUNT_AFTER = re.compile(r"^ ?(?:€|euros?\b|eur\b|k\b|k€|mille\b|millions?\b)")
_WORDS: list[tuple[str, int]] = [
    (r"pas du tout|rien du tout|aucune?|rien|zero|nul|neant|que dalle|none|nothing", 0),
    (
        r"(presque|quasiment|quasi|pratiquement) (tout|la totalite|totalite)|la quasi totalite"
        r"|(almost|nearly|virtually|practically) (all|everything)",
        90,
    ),
    (r"plus de la moitie|un peu plus de la moitie|plus de 50|(more than|over) half", 60),
    (r"moins de la moitie|un peu moins de la moitie|(less than|under) half", 40),
    (r"(la |une )?moitie|50 50|fifty fifty|half", 50),  # 'une bonne moitié' too
    (
        r"une (petite|infime|faible) partie|un (petit )?peu|tres peu|marginal\w*|minime"
        r"|pas grand chose|pas beaucoup|pas enorme|(a )?small (part|share)|not much|very little"
        r"|a little|a bit",
        10,
    ),
    (
        r"(une )?(grande|grosse|bonne) partie|la majorite|majoritairement|l essentiel|la plupart"
        r"|most|the majority|mostly|a large part|the bulk",
        70,
    ),
    (
        r"(?<!pas )(?<!not )(tout|la totalite|totalite|entierement|integralement|exclusivement"
        r"|all|everything|entirely|the whole)",
        100,
    ),
]
_WORD_RES = [(re.compile(r"\b(?:" + pattern + r")\b"), value) for pattern, value in _WORDS]
_MOITIE_TYPO = re.compile(r"\bmoit(?:ie|iee|ier|iees|ies|iez|yer|ye)\b")  # 'la moitiée'
_RANGE_REASON = "Une part doit être comprise entre 0 et 100 %. Exemple : « 80 % » ou « la moitié »."
_NO_SHARE = "Je n'ai pas reconnu de pourcentage. Exemple : « 80 % », « la moitié », « un tiers »."


def _english_fraction(match: re.Match[str]) -> str:
    return f"{_EN_COUNTS[match.group(1)]} {_EN_FRACTIONS[match.group(2)]}"


def _prepare(text: str) -> str:
    raw = prepare_numbers(text[:MAX_PARSED_CHARS])
    raw = _SLASH.sub(lambda m: f" {_slash_pct(m)} % ", raw)
    clean = _MOITIE_TYPO.sub("moitie", expand_shorthand(normalise(raw)))
    clean = re.sub(r"\b(pour ?cents?|pour 100|pct|percent)\b", "%", clean)
    clean = _EN_FRACTION.sub(_english_fraction, clean)
    return digitise(clean)


def _slash_pct(match: re.Match[str]) -> str:
    num, den = int(match.group(1)), int(match.group(2))
    return str(round(100 * num / den)) if 0 < den <= 10 and num <= den else match.group(0)


def _from_numbers(clean: str) -> float | None:
    found = [m for m in _NUMBER.finditer(clean) if not _AMOUNT_AFTER.match(clean[m.end() :])]
    if not found:
        return None
    chosen = next((m for m in found if m.group(3)), found[0])
    low = float(chosen.group(1))
    return (low + float(chosen.group(2))) / 2 if chosen.group(2) else low


def parse_share_pct(text: str) -> Parsed[int]:
    """Parse a share of turnover, 0 to 100 %."""
    clean = _prepare(text)
    fraction = _FRACTION.search(clean)
    if fraction:
        count = 1 if not fraction.group(1).isdigit() else int(fraction.group(1))
        value: float | None = 100 * count / _FRACTIONS[fraction.group(2)]
    else:
        value = _from_numbers(clean)
    if value is None:
        value = next((v for pattern, v in _WORD_RES if pattern.search(clean)), None)
    if value is None:
        if re.search(r"\d ?(€|euros?\b|k\b)", clean):
            return fail("J'attends un pourcentage du chiffre d'affaires, par ex. « 30 % ».")
        return fail(_NO_SHARE)
    if value > 100 or re.search(r"(?:^|\s)[-−](?=\d)", text[:MAX_PARSED_CHARS]):
        return fail(_RANGE_REASON)
    return Parsed(int(value + 0.5))
