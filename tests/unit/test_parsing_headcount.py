"""parse_company_size: micro <10, small 10-49, medium 50-249, large 250+."""

from __future__ import annotations

import pytest

from bot.parsing import parse_company_size


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("je suis seul", "micro"),
        ("seule", "micro"),
        ("Je suis toute seule", "micro"),
        ("auto-entrepreneur", "micro"),
        ("autoentrepreneur", "micro"),
        ("micro-entreprise", "micro"),
        ("sasu, juste moi", "micro"),
        ("aucun salarié", "micro"),
        ("deux personnes", "micro"),
        ("moi et ma femme", "micro"),
        ("moi et 3 salariés", "micro"),
        ("Nous sommes 8", "micro"),
        ("9 + moi", "small"),
        ("on est 12", "small"),
        ("12 salariés", "small"),
        ("une dizaine", "small"),
        ("une vingtaine", "small"),
        ("une trentaine de salariés", "small"),
        ("45", "small"),
        ("environ 50 personnes", "medium"),
        ("une centaine", "medium"),
        ("depuis 2010 on est 60", "medium"),
        ("250", "large"),
        ("300 employés", "large"),
        ("quelques centaines", "large"),
        ("un millier", "large"),
        ("micro", "micro"),
        ("moins de 10", "micro"),
        ("10 à 49", "small"),
        ("50 à 249", "medium"),
        ("plus de 250", "large"),
        ("medium", "medium"),
    ],
)
def test_parse_company_size_reads_headcounts(text: str, expected: str) -> None:
    assert parse_company_size(text).value == expected


@pytest.mark.parametrize("text", ["", "blabla", "-5", "🙂"])
def test_parse_company_size_explains_unrecognised_answers(text: str) -> None:
    parsed = parse_company_size(text)
    assert not parsed.ok and parsed.reason


@pytest.mark.parametrize(
    "text",
    [
        "une personne", "1 personne", "une seule personne", "deux personnes", "moi seul",
        "nous deux", "un salarié", "un seul salarié", "juste une personne", "one person",
        "je suis une personne seule",
    ],
)  # fmt: skip
def test_one_or_two_people_are_micro(text: str) -> None:
    assert parse_company_size(text).value == "micro"


def test_many_people_are_not_one_person() -> None:
    assert parse_company_size("150 personnes").value == "medium"
