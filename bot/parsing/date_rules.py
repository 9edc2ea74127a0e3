"""Regular-expression rules turning French date expressions into candidate dates.

Conventions (see `dates.py`): a period resolves to its first day ('en août' -> 1 August,
'la semaine dernière' -> Monday of last week, 'l'an dernier' -> 1 January); 'mi-' is the
15th (1 July for a year); 'fin' is the 25th of a month (1 December for a year, Friday for a
week); 'début' is the first day.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

# fmt: off
MONTHS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevier": 2, "fevr": 2, "fev": 2, "mars": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8,
    "septembre": 9, "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}
# fmt: on
_M = "(?P<m>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_Y = r"(?P<y>(?:19|20)\d{2})"
Q = r"(?P<q>debut|au debut|mi|milieu|fin|a la fin|vers la fin|courant)"


@dataclass(frozen=True)
class Candidate:
    """A date found in the text; `roll` says what to do if it falls in the future."""

    start: int
    value: date | None  # None: the expression names an impossible or future date
    strict: bool = True  # explicit enough to be picked from a longer story
    roll: str = ""  # "year": move back one year; "month": one month; "": reject
    approx: bool = False  # a fuzzy period: clamp to today inside the current month
    priority: int = 0  # lower wins; 'depuis 10 ans' (seniority) comes last
    future: bool = False


def minus_months(day: date, months: int) -> date:
    """`day` moved back by `months`, the day clamped to the target month's length."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def qualified(q: str | None, year: int, month: int | None) -> date:
    kind = (q or "").split()[-1] if q else ""
    if month is None:
        return date(year, {"mi": 7, "milieu": 7, "fin": 12}.get(kind, 1), 1)
    return date(year, month, {"mi": 15, "milieu": 15, "fin": 25}.get(kind, 1))


def _full_year(year: str | None, today: date) -> int | None:
    """'26' -> 2026, '98' -> 1998."""
    if not year:
        return None
    if len(year) == 2:
        return 2000 + int(year) if 2000 + int(year) <= today.year else 1900 + int(year)
    return int(year)


def _numeric(m: re.Match[str], today: date) -> Iterator[Candidate]:
    year = _full_year(m.group("y"), today)
    value = _safe_date(year or today.year, int(m.group("mo")), int(m.group("d")))
    yield Candidate(m.start(), value, bool(year) or m.group("s") == "/", "" if year else "year")


def _iso(m: re.Match[str], today: date) -> Iterator[Candidate]:
    yield Candidate(m.start(), _safe_date(int(m.group("y")), int(m.group("mo")), int(m.group("d"))))


def _day_month(m: re.Match[str], today: date) -> Iterator[Candidate]:
    raw_day = m.group("d")
    day = 1 if raw_day in ("1er", "premier") else int(raw_day)
    year = _full_year(m.group("y"), today)
    value = _safe_date(year or today.year, MONTHS[m.group("m")], day)
    yield Candidate(m.start(), value, roll="" if year else "year")


def _month(m: re.Match[str], today: date) -> Iterator[Candidate]:
    year, month = m.group("y"), MONTHS[m.group("m")]
    last = year in ("dernier", "derniere")
    value = qualified(m.group("q"), int(year) if year and not last else today.year, month)
    if last and month >= today.month:
        value = value.replace(year=today.year - 1)
    strict = bool(m.group("q") or m.group("pre") or year)
    yield Candidate(m.start(), value, strict, "" if year and not last else "year", approx=True)


def _year(m: re.Match[str], today: date) -> Iterator[Candidate]:
    strict = bool(m.group("q") or m.group("pre"))
    value = qualified(m.group("q"), int(m.group("y")), None)
    yield Candidate(m.start(), value, strict, approx=True, priority=0 if m.group("q") else 1)


_NOT_AMOUNT = r"(?! ?(?:€|euros?\b|eur\b|k\b|%|\d))"

Handler = Callable[[re.Match[str], date], Iterator[Candidate]]

# fmt: off
CALENDAR_RULES: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(r"\b(?P<d>\d{1,2})(?P<s>[/.\-])(?P<mo>\d{1,2})(?:(?P=s)(?P<y>\d{4}|\d{2}))?\b"
                r"(?![.,/]?\d)" + _NOT_AMOUNT), _numeric),
    (re.compile(r"\b" + _Y + r"-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b"), _iso),
    (re.compile(r"\b(?P<d>[0-3]?\d|1er|premier) " + _M + r"\b(?: (?P<y>(?:19|20)?\d{2})\b)?"),
     _day_month),
    (re.compile(r"\b(?:" + Q + r"(?: du mois)?(?: de| d)? |(?P<pre>en|depuis(?: le mois)?"
                r"(?: de| d)?|des|au mois de|au mois d|a partir de|a partir d) )?" + _M
                + r"\b(?: (?P<y>(?:19|20)\d{2}\b|derniere?\b))?"), _month),
    (re.compile(r"\b(?:" + Q + r"(?: de l annee| d annee| de)? |(?P<pre>en|depuis|des|annee"
                r"|l annee|a partir de|depuis l annee) )?" + _Y + r"\b" + _NOT_AMOUNT), _year),
]
# fmt: on
