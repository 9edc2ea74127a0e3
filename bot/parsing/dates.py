"""Dates of French answers: 'depuis le 3 mars', 'mi-octobre', 'il y a deux semaines'.

Resolution choices (the conversation date is `today`):
- a period gives its first day: 'en août' -> 1 August, 'depuis janvier' -> 1 January,
  'le mois dernier' -> 1st of last month, 'l'an dernier' -> 1 January of last year,
  'la semaine dernière' -> Monday of last week, 'début 2026' -> 1 January 2026;
- 'mi-octobre' -> 15 October; 'fin septembre' -> 25 September (a day inside the last
  week, so 'fin novembre' said on 26 November stays in the current year);
- a day-month without a year that would be in the future is last year's;
- a fuzzy expression of the current month that lands after today is clamped to today;
- an explicit future date ('demain', '3 décembre 2026' on 26 November 2026) is rejected,
  as is anything before 1995.
Regular expressions handle the common forms (`date_rules.py`); `dateparser` handles the
rest of short answers.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import dateparser
from dateparser.search import search_dates

from bot.normalise import MAX_PARSED_CHARS, strip_accents
from bot.parsing.date_relative import RELATIVE_RULES
from bot.parsing.date_rules import CALENDAR_RULES, Candidate, minus_months
from bot.parsing.numbers import digitise
from bot.parsing.result import Parsed, fail
from bot.sound import respell

EARLIEST = date(1995, 1, 1)
_DATEPARSER_MAX_CHARS = 40
_OTHER_LANGUAGES = ("de", "es", "it", "pt", "en")
_DATE_WORDS = (
    "depuis", "semaine", "semaines", "mois", "jours", "annee", "annees", "dernier", "derniere",
    "janvier", "fevrier", "mars", "avril", "juin", "juillet", "aout", "septembre", "octobre",
    "novembre", "decembre", "trois", "quatre", "quinze",
)  # fmt: skip
_MIN_FOREIGN_DATE_CHARS = 5  # "3 ottobre", not a stray "a" or "mai"
_NO_DATE = "Je n'ai pas reconnu de date. Exemple : « le 3 mars », « mi-octobre », « hier »."
_FUTURE = "Cette date est dans le futur : depuis quand le problème dure-t-il ?"
_TOO_OLD = "Cette date est antérieure à 1995 : pouvez-vous vérifier ?"
_IMPOSSIBLE = "Cette date n'existe pas : pouvez-vous vérifier le jour et le mois ?"
_FILLERS = re.compile(
    r"^(?:(?:depuis|a partir du|a partir de|des|le|la|environ|vers|ca a commence|c etait"
    r"|since|from|starting|around|about|the|it started|it began|on|in)\s+)+"
)
# "the 3rd of October": English ordinals and "of" between the day and the month
_ENGLISH_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)(?:\s+of)?\b")

# '15j', '3sem', '2ans': a count glued to its unit.
_GLUED_UNIT = re.compile(r"(?<=\d)(?=(?:j|jours?|sem|semaines?|mois|ans?|annees?)\b)")


def _prepare(text: str) -> str:
    text = strip_accents(text[:MAX_PARSED_CHARS].lower())
    text = re.sub(r"['’‘`´]", " ", text)
    text = re.sub(r"(?<=[a-z])-|-(?=[a-z])", " ", text)
    text = re.sub(r"[^a-z0-9/.\-€% ]+", " ", text)
    text = re.sub(r"(?<![0-9])[.](?![0-9])", " ", text)
    text = _GLUED_UNIT.sub(" ", text)
    text = _ENGLISH_ORDINAL.sub(r"\1", text)
    text = re.sub(r"\b(\d{1,2}) du mois (?:de |d )", r"\1 ", text)  # "le 5 du mois de mars"
    return " ".join(text.split())


def _resolve(candidate: Candidate, today: date) -> Parsed[date]:
    if candidate.future:
        return fail(_FUTURE)
    value = candidate.value
    if value is None:
        return fail(_IMPOSSIBLE)
    this_month = (value.year, value.month) == (today.year, today.month)
    if value > today and candidate.approx and this_month:
        value = today
    elif value > today and candidate.roll == "year":
        value = minus_months(value, 12)
    elif value > today and candidate.roll == "month":
        value = minus_months(value, 1)
    if value > today:
        return fail(_FUTURE)
    if value < EARLIEST:
        return fail(_TOO_OLD)
    return Parsed(value)


def _candidates(prepared: str, today: date) -> list[Candidate]:
    found = []
    for pattern, handler in CALENDAR_RULES + RELATIVE_RULES:
        for match in pattern.finditer(prepared):
            found.extend(handler(match, today))
    return found


def _best(found: list[Candidate]) -> list[Candidate]:
    return sorted(found, key=lambda c: (c.priority, c.start))


def _with_dateparser(prepared: str, today: date) -> Parsed[date]:
    short = _FILLERS.sub("", prepared)
    if not short or len(short) > _DATEPARSER_MAX_CHARS or re.fullmatch(r"\d{1,3}", short):
        return fail(_NO_DATE)
    settings = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": datetime(today.year, today.month, today.day),
        "PREFER_DAY_OF_MONTH": "first",
    }
    try:
        found = dateparser.parse(short, languages=["fr", "en"], settings=settings)
        if found is None:  # "seit dem 1. November", "desde el 2 de octubre", "dal 3 ottobre"
            found = _date_in_another_language(short, settings)
    except Exception:  # a library failure must not reach the user
        return fail(_NO_DATE)
    if found is None:
        return fail(_NO_DATE)
    return _resolve(Candidate(0, found.date()), today)


def _date_in_another_language(short: str, settings: dict[str, object]) -> datetime | None:
    """A date written in German, Spanish, Italian or Portuguese inside the answer."""
    found = search_dates(short, languages=list(_OTHER_LANGUAGES), settings=settings)
    said, value = found[0] if found else ("", None)
    return value if len(said) >= _MIN_FOREIGN_DATE_CHARS else None


def parse_date(text: str, today: date) -> Parsed[date]:
    """Parse an answer to 'since when?'; never in the future, never before 1995."""
    prepared = _prepare(text)
    # "depuis le douze octobre": number words as digits first
    found = _best(_candidates(digitise(prepared), today)) or _best(_candidates(prepared, today))
    if not found:  # "il y a trois semènes", "depui septanbre": date words written by ear
        heard = digitise(respell(prepared, _DATE_WORDS))
        found = _best(_candidates(heard, today)) if heard != prepared else []
    if found:
        return _resolve(found[0], today)
    return _with_dateparser(prepared, today)


def find_date(text: str, today: date) -> date | None:
    """The first explicit date expression of a longer story, or None."""
    for candidate in _best([c for c in _candidates(_prepare(text), today) if c.strict]):
        if candidate.future:
            continue
        parsed = _resolve(candidate, today)
        if parsed.value is not None:
            return parsed.value
    return None
