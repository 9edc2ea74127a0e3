"""Contact with the platform and with a human, as sellers describe it."""

from __future__ import annotations

import pytest

from bot.parsing import parse_contacted_platform, parse_human_contact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oui", "yes"),
        ("jai envoyé 10 mails", "yes"),
        ("j'ai ouvert 3 tickets", "yes"),
        ("des dizaines de réclamations", "yes"),
        ("je les ai appelés plusieurs fois", "yes"),
        ("non", "no"),
        ("jamais contacté", "no"),
        ("je n'ai pas encore écrit", "no"),
        ("j'ai fait une réclamation", "yes"),
        ("fait un ticket", "yes"),
        ("contacté", "yes"),
        ("écrit au support", "yes"),
        ("appelé", "yes"),
        ("ouvert un ticket", "yes"),
        ("j'ai déposé une demande", "yes"),
        ("toujours en cours", "yes"),
        ("j'ai un ticket ouvert", "yes"),
        ("pas de réponse", "yes"),
        ("ils m'ont envoyé bouler", "yes"),
        ("non pas de réponse", "no"),
    ],
)
def test_contacting_the_platform(text: str, expected: str) -> None:
    assert parse_contacted_platform(text).value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oui", "yes"),
        ("j'ai eu quelqu'un au téléphone", "yes"),
        ("que des robots", "no"),
        ("réponses automatiques uniquement", "no"),
        ("jamais", "no"),
    ],
)
def test_reaching_a_human(text: str, expected: str) -> None:
    assert parse_human_contact(text).value == expected


@pytest.mark.parametrize(
    "text", ["bijoux faits main", "fait", "ils ont fait n'importe quoi", "porte ouverte", "bijoux"]
)
def test_unrelated_text_is_not_a_contact(text: str) -> None:
    parsed = parse_contacted_platform(text)
    assert not parsed.ok and parsed.reason


def test_unclear_reply_gets_a_reason() -> None:
    assert parse_contacted_platform("bof").reason
    assert parse_human_contact("hmm").reason


@pytest.mark.parametrize(
    "text", ["ILS REPONDENT PAS", "jamais", "ils m'ont jamais répondu", "toujours pas de nouvelles"]
)
def test_no_answer_from_support_in_spoken_french(text: str) -> None:
    from bot.parsing import parse_support_outcome

    assert parse_support_outcome(text).value == "no_answer"


def test_english_words_are_understood_too() -> None:
    from datetime import date

    from bot.parsing import (
        parse_account_access,
        parse_company_size,
        parse_date,
        parse_reason_given,
    )

    assert parse_date("last week", date(2026, 11, 26)).value == date(2026, 11, 19)
    assert parse_reason_given("partially").value == "partial"
    assert parse_account_access("no").value == "none"
    assert parse_company_size("just me").value == "micro"
