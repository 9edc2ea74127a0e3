"""parse_date / find_date: French date answers resolved against a fixed day."""

from __future__ import annotations

import time
from datetime import date

import pytest

from bot.parsing import find_date, parse_date

TODAY = date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("depuis le 3 mars", date(2026, 3, 3)),
        ("Depuis le 3 Mars", date(2026, 3, 3)),
        ("le 03/03/2026", date(2026, 3, 3)),
        ("03/03/26", date(2026, 3, 3)),
        ("12.05.2025", date(2025, 5, 12)),
        ("2025-06-12", date(2025, 6, 12)),
        ("le 1er juin 2025", date(2025, 6, 1)),
        ("le 5 mai 98", date(1998, 5, 5)),
        ("3 mars 2025", date(2025, 3, 3)),
        ("le 3 sept", date(2026, 9, 3)),
        ("mi-octobre", date(2026, 10, 15)),
        ("mi octobre 2025", date(2025, 10, 15)),
        ("début 2026", date(2026, 1, 1)),
        ("debut 2026", date(2026, 1, 1)),
        ("debut mars", date(2026, 3, 1)),
        ("au début du mois d'août", date(2026, 8, 1)),
        ("fin septembre", date(2026, 9, 25)),
        ("fin novembre", date(2026, 11, 25)),
        ("il y a deux semaines", date(2026, 11, 12)),
        ("il y a 2 semaines", date(2026, 11, 12)),
        ("il y a 3 mois", date(2026, 8, 26)),
        ("il y a un mois et demi", date(2026, 10, 11)),
        ("il y a une quinzaine de jours", date(2026, 11, 11)),
        ("ça fait 3 semaines", date(2026, 11, 5)),
        ("3 semaines", date(2026, 11, 5)),
        ("il y a 2 ans", date(2024, 11, 26)),
        ("hier", date(2026, 11, 25)),
        ("HIER", date(2026, 11, 25)),
        ("avant-hier", date(2026, 11, 24)),
        ("avant hier", date(2026, 11, 24)),
        ("la semaine dernière", date(2026, 11, 16)),
        ("la semaine derniere", date(2026, 11, 16)),
        ("le mois dernier", date(2026, 10, 1)),
        ("fin du mois dernier", date(2026, 10, 25)),
        ("depuis janvier", date(2026, 1, 1)),
        ("depuis le mois de janvier", date(2026, 1, 1)),
        ("en août", date(2026, 8, 1)),
        ("en aout", date(2026, 8, 1)),
        ("aout", date(2026, 8, 1)),
        ("fevrier", date(2026, 2, 1)),
        ("l'an dernier", date(2025, 1, 1)),
        ("l’année dernière", date(2025, 1, 1)),
        ("l annee derniere", date(2025, 1, 1)),
        ("cette année", date(2026, 1, 1)),
        ("aujourd'hui", date(2026, 11, 26)),
        ("aujourdhui ce matin", date(2026, 11, 26)),
        ("ce matin", date(2026, 11, 26)),
        ("lundi dernier", date(2026, 11, 23)),
        ("depuis 2024", date(2024, 1, 1)),
        ("2024", date(2024, 1, 1)),
        ("le 12", date(2026, 11, 12)),
        ("Noël dernier", date(2025, 12, 25)),
        ("depuis la rentrée", date(2026, 9, 1)),
    ],
)
def test_parse_date_resolves_french_expressions(text: str, expected: date) -> None:
    assert parse_date(text, TODAY).value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("le 3 décembre", date(2025, 12, 3)),
        ("27 novembre", date(2025, 11, 27)),
        ("décembre", date(2025, 12, 1)),
        ("novembre dernier", date(2025, 11, 1)),
        ("fin de l'année", date(2025, 12, 1)),
    ],
)
def test_parse_date_without_year_in_the_future_means_last_year(text: str, expected: date) -> None:
    assert parse_date(text, TODAY).value == expected


def test_parse_date_fuzzy_current_month_is_clamped_to_today() -> None:
    assert parse_date("fin novembre", date(2026, 11, 20)).value == date(2026, 11, 20)


@pytest.mark.parametrize(
    "text", ["demain", "le 3 décembre 2026", "fin 2026", "la semaine prochaine", "dans 3 jours"]
)
def test_parse_date_rejects_explicit_future_dates_with_a_reason(text: str) -> None:
    parsed = parse_date(text, TODAY)
    assert parsed.value is None
    assert parsed.reason and "futur" in parsed.reason


@pytest.mark.parametrize("text", ["en 1990", "il y a 50 ans", "le 3 mars 1980"])
def test_parse_date_rejects_dates_before_1995(text: str) -> None:
    parsed = parse_date(text, TODAY)
    assert parsed.value is None
    assert parsed.reason and "1995" in parsed.reason


@pytest.mark.parametrize("text", ["31/02/2026", "30 février"])
def test_parse_date_rejects_impossible_dates(text: str) -> None:
    parsed = parse_date(text, TODAY)
    assert parsed.value is None and parsed.reason


@pytest.mark.parametrize("text", ["", "oui", "blabla", "12", "🙂", "???"])
def test_parse_date_explains_unrecognised_answers(text: str) -> None:
    parsed = parse_date(text, TODAY)
    assert not parsed.ok
    assert parsed.reason


def test_parse_date_never_returns_a_future_date() -> None:
    for text in ("le 31 décembre", "fin décembre", "mi-décembre", "dimanche", "cet hiver"):
        value = parse_date(text, TODAY).value
        assert value is None or value <= TODAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Amazon a fermé mon compte il y a deux semaines sans explication", date(2026, 11, 12)),
        ("mon compte est bloqué depuis le 3 mars, 8000 € bloqués", date(2026, 3, 3)),
        ("je vends depuis 10 ans et mon compte est bloqué depuis le 3 mars", date(2026, 3, 3)),
        ("ça fait 3 mois que j'attends mon argent", date(2026, 8, 26)),
        ("le 12/10 ils ont fermé ma boutique", date(2026, 10, 12)),
        ("demain je rappelle, mais hier ils ont fermé", date(2026, 11, 25)),
        ("depuis début 2026 les frais ont doublé", date(2026, 1, 1)),
        ("Cdiscount a déréférencé mes produits en août", date(2026, 8, 1)),
    ],
)
def test_find_date_finds_explicit_dates_inside_a_story(text: str, expected: date) -> None:
    assert find_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "8000 € bloqués",
        "on est 12 salariés",
        "perte de 2025 euros",
        "Mars est une marque que je vends",
        "1.5 million de CA",
        "Amazon a fermé mon compte sans explication",
        "",
    ],
)
def test_find_date_ignores_amounts_headcounts_and_plain_words(text: str) -> None:
    assert find_date(text, TODAY) is None


def test_date_parsers_are_fast_on_huge_input() -> None:
    text = "il y a longtemps " * 2000
    start = time.process_time()  # CPU time: other processes may share the machine
    parse_date(text, TODAY)
    find_date(text, TODAY)
    assert time.process_time() - start < 1.0  # a guard against stalls, not a benchmark


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("depuis la Toussaint", TODAY, date(2026, 11, 1)),
        ("la toussaint", TODAY, date(2026, 11, 1)),
        ("depuis la toussaint", date(2026, 10, 20), date(2025, 11, 1)),  # the last past one
        ("depuis le nouvel an", TODAY, date(2026, 1, 1)),
        ("ya 15j", TODAY, date(2026, 11, 11)),
        ("il y a 15 j", TODAY, date(2026, 11, 11)),
        ("y a 3 sem", TODAY, date(2026, 11, 5)),
        ("ya 2ans", TODAY, date(2024, 11, 26)),
        ("ça fait 6mois", TODAY, date(2026, 5, 26)),
    ],
)
def test_parse_date_holidays_and_sms_units(text: str, today: date, expected: date) -> None:
    assert parse_date(text, today).value == expected


def test_find_date_reads_sms_units_in_a_story() -> None:
    assert find_date("ya 15j cdiscount a tout fermé", TODAY) == date(2026, 11, 11)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("il y a 1 mwa", date(2026, 10, 26)), ("ya 2 moi", date(2026, 9, 26)),
     ("il y a 3 mois", date(2026, 8, 26))],
)  # fmt: skip
def test_months_typed_fast(text: str, expected: date) -> None:
    assert parse_date(text, TODAY).value == expected


@pytest.mark.parametrize("text", ["toi et moi", "il a crié sur moi", "pour moi"])
def test_moi_alone_is_not_a_month(text: str) -> None:
    assert not parse_date(text, TODAY).ok
