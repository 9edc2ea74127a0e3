"""English dates and amounts are understood like French ones (issue 11, class 10)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.parsing import parse_amount_eur, parse_date

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("since the 3rd of October", date(2026, 10, 3)),
        ("since October", date(2026, 10, 1)),
        ("from the 1st of September", date(2026, 9, 1)),
        ("it started on the 22nd of November", date(2026, 11, 22)),
        ("two months ago", date(2026, 10, 2)),
        ("depuis le 3 mars", date(2026, 3, 3)),
    ],
)
def test_english_dates(text: str, expected: date) -> None:
    assert parse_date(text, TODAY).value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("roughly 2,500 euros", 2_500),
        ("1,200,000 €", 1_200_000),
        ("2,5 millions", 2_500_000),
        ("around 5k euros", 5_000),
        ("12,5 €", 13),
    ],
)
def test_english_thousands_and_french_decimals(text: str, expected: int) -> None:
    assert parse_amount_eur(text).value == expected
