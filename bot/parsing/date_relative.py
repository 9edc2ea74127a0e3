"""Relative date expressions: 'il y a deux semaines', 'le mois dernier', 'hier', 'lundi'."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from bot.parsing.date_rules import Candidate, Handler, Q, minus_months, qualified
from bot.parsing.numbers import number_value

_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_DAY_WORDS = {"avant hier": 2, "hier": 1}
# fmt: off
_SEASONS = {
    "noel": (12, 25), "rentree": (9, 1), "printemps": (3, 20), "ete": (6, 21),
    "automne": (9, 22), "hiver": (12, 21), "soldes d hiver": (1, 8), "soldes d ete": (6, 24),
    "toussaint": (11, 1), "nouvel an": (1, 1), "jour de l an": (1, 1), "saint valentin": (2, 14),
    "assomption": (8, 15),
}
# fmt: on
"""A season or a yearly event (a fixed-date holiday) resolves to its (usual) first day."""


def _ago(m: re.Match[str], today: date) -> Iterator[Candidate]:
    amount = number_value(m.group("n"))
    if amount is None or amount > 1000:
        return
    unit = m.group("u")
    if m.group("half"):
        amount += 0.5
    if unit.startswith("j"):
        value = today - timedelta(days=round(amount))
    elif unit.startswith("sem"):
        value = today - timedelta(days=round(amount * 7))
    else:
        months = amount * (1 if unit in _MONTH_UNITS else 12)
        value = minus_months(today, min(int(months), 12 * 200))
        value -= timedelta(days=round((months - int(months)) * 30))
    seniority = m.group("pre") in ("depuis", "pendant") and unit.startswith("an")
    # "retient mes fonds pendant 90 jours" is a duration: never picked from a story
    strict = bool(m.group("pre")) and m.group("pre") != "pendant"
    yield Candidate(m.start(), value, strict, priority=2 if seniority else 0)


def _period(m: re.Match[str], today: date) -> Iterator[Candidate]:
    q, art, unit, mod = m.group("q"), m.group("art"), m.group("u"), m.group("mod")
    if mod and mod != "ci":
        offset = 1
    elif mod == "ci" or art in ("cette", "ce", "cet") or q:
        offset = 0
    else:
        return
    kind = q.split()[-1] if q else ""
    if unit == "semaine":
        monday = today - timedelta(days=today.weekday() + 7 * offset)
        value = monday + timedelta(days={"mi": 3, "milieu": 3, "fin": 4}.get(kind, 0))
        yield Candidate(m.start(), value, approx=True, roll="")
    elif unit == "mois":
        first = minus_months(today.replace(day=1), offset)
        yield Candidate(m.start(), qualified(q, first.year, first.month), roll="month", approx=True)
    else:
        roll = "year" if offset == 0 and q else ""
        yield Candidate(m.start(), qualified(q, today.year - offset, None), roll=roll, approx=True)


def _day_word(m: re.Match[str], today: date) -> Iterator[Candidate]:
    word = m.group(0)
    strict = word not in ("maintenant", "a l instant")
    yield Candidate(m.start(), today - timedelta(days=_DAY_WORDS.get(word, 0)), strict)


def _weekday(m: re.Match[str], today: date) -> Iterator[Candidate]:
    delta = (today.weekday() - _WEEKDAYS.index(m.group("w"))) % 7
    if delta == 0 and m.group("mod"):
        delta = 7
    strict = bool(m.group("mod") or m.group("pre"))
    yield Candidate(m.start(), today - timedelta(days=delta), strict)


def _future(m: re.Match[str], today: date) -> Iterator[Candidate]:
    yield Candidate(m.start(), None, future=True)


_UNIT = r"(?P<u>jours?|j|semaines?|sem|mois|moi|mwa|ans?|annees?)"
_MONTH_UNITS = ("mois", "moi", "mwa")  # 'il y a 2 moi', 'ya 1 mwa': typed fast
_PRE_AGO = r"(?P<pre>il y a|y a|ya|ca fait|cela fait|ca va faire|voila|depuis|pendant)"
_APPROX = r"(?:(?:environ|presque|plus de|pres de|a peu pres|bientot|deja|au moins|facile) )?"
_NUM = r"(?P<n>\d+(?:\.\d+)?|(?:[a-z]+ ){0,2}?[a-z]+)"


_AUXILIARY_BEFORE = re.compile(
    r"\b(?:a|ai|as|avons|avez|ont|avait|avaient|avais|aurait|auraient|aura|ayant|etre|j ai)$"
)


def _is_participle(m: re.Match[str]) -> bool:
    """'a été suspendu', 'ont été supprimées': the verb, not the summer."""
    if m.group("s") != "ete" or m.group("pre") not in (None, "a"):
        return False
    return m.group("pre") == "a" or bool(_AUXILIARY_BEFORE.search(m.string[: m.start()].rstrip()))


def _season(m: re.Match[str], today: date) -> Iterator[Candidate]:
    if _is_participle(m):
        return
    month, day = _SEASONS[m.group("s")]
    value = date(today.year - (1 if m.group("mod") else 0), month, day)
    if m.group("mod") and value.replace(year=today.year) <= today and m.group("s") != "hiver":
        value = value.replace(year=today.year)
    yield Candidate(m.start(), value, bool(m.group("pre") or m.group("mod")), "year", approx=True)


def _day_of_month(m: re.Match[str], today: date) -> Iterator[Candidate]:
    day = 1 if m.group("d") in ("1er", "premier") else int(m.group("d"))
    if 1 <= day <= 31:
        first = today.replace(day=1) if day <= today.day else minus_months(today.replace(day=1), 1)
        try:
            yield Candidate(m.start(), first.replace(day=day), strict=False)
        except ValueError:  # 'le 31' in a 30-day month
            return


# fmt: off
RELATIVE_RULES: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(r"\b(?:" + _PRE_AGO + r" )?" + _APPROX + _NUM + " " + _UNIT
                + r"(?P<half> et demie?)?\b"), _ago),
    (re.compile(r"\b(?:" + Q + r"(?: de| du| d)? )?(?:(?P<art>la|le|l|cette|ce|cet) )?"
                r"(?P<u>semaine|mois|annee|an)(?: (?P<mod>derniere?|passee?|precedente?|ci))?\b"),
     _period),
    (re.compile(r"\b(?:demain|apres demain|la semaine prochaine|le mois prochain"
                r"|l annee prochaine|l an prochain|dans \w+ (?:jours?|semaines?|mois|ans?))\b"),
     _future),
    (re.compile(r"\b(?:avant hier|hier|aujourd hui|ce matin|ce midi|cet apres midi|ce soir"
                r"|cette nuit|tout a l heure|a l instant|maintenant)\b"), _day_word),
    (re.compile(r"\b(?:(?P<pre>depuis|des|ce) )?(?P<w>" + "|".join(_WEEKDAYS)
                + r")(?: (?P<mod>dernier|passe))?\b(?! (?:[0-3]?\d|1er|premier)\b)"), _weekday),
    # "lundi 12 octobre": the weekday belongs to the date that follows it
    (re.compile(r"\b(?:(?P<pre>depuis|a|a la|pour|cet|cette|l|le|la|en|des) )?(?P<s>"
                + "|".join(_SEASONS) + r")(?: (?P<mod>derniere?|passee?))?\b"), _season),
    (re.compile(r"^(?:depuis )?le (?P<d>[0-3]?\d|1er|premier)(?: du mois)?$"), _day_of_month),
]
# fmt: on
