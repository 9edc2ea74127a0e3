"""The page, the assistant and the dashboard tell one story of the consultation's dates."""

from __future__ import annotations

from datetime import date

import pytest

from bot.campaign import is_late, phase, status_sentence

START, END = date(2026, 10, 31), date(2026, 11, 30)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 10, 30), "before"),
        (START, "open"),
        (END, "open"),
        (date(2026, 12, 1), "closed"),
    ],
)
def test_the_phase_includes_both_ends(today: date, expected: str) -> None:
    assert phase(today, START, END) == expected


def test_before_the_start_sellers_may_already_testify() -> None:
    text = status_sentence(date(2026, 10, 1), START, END)
    assert "ouvrira le 31 octobre 2026" in text and "déjà témoigner" in text


def test_during_the_consultation_the_end_date_is_given() -> None:
    assert status_sentence(date(2026, 11, 15), START, END) == (
        "La consultation est ouverte jusqu'au 30 novembre 2026."
    )


def test_after_the_end_late_testimonies_are_still_welcome_and_counted_apart() -> None:
    text = status_sentence(date(2026, 12, 2), START, END)
    assert "s'est terminée le 30 novembre 2026" in text
    assert "toujours témoigner" in text and "comptés à part" in text
    assert is_late(date(2026, 12, 1), END) and not is_late(END, END)
