"""A loss given per period becomes the total since the problem began, said to the user."""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation.form_turn import handle_reply
from bot.parsing.loss_totals import loss_period, total_loss

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("300 euros par mois", "mois"),
        ("environ 1000 €/mois", "mois"),
        ("1000 € mensuels", "mois"),
        ("200 € par semaine", "semaine"),
        ("50 € tous les jours", "jour"),
        ("5000 € par an", "an"),
        ("15 000 €", None),
        ("3 mois de ventes, 15 000 €", None),
    ],
)
def test_the_period_of_an_amount_is_recognised(text: str, unit: str | None) -> None:
    assert loss_period(text) == unit


def test_a_monthly_loss_is_multiplied_since_the_start_and_said() -> None:
    slots = {"started_on": "2026-08-15"}
    outcome = handle_reply("estimated_loss_eur", "300 euros par mois", "inform", 0.9, slots, TODAY)
    assert outcome.slots["estimated_loss_eur"] == 900
    assert "× 3 mois = 900 €" in outcome.messages[0]


def test_without_a_start_date_the_amount_is_kept_and_the_total_suggested() -> None:
    total, note = total_loss(1000, "1000 €/mois", None, TODAY)
    assert total == 1000
    assert note and "perte totale" in note


def test_a_plain_total_is_untouched() -> None:
    assert total_loss(15000, "15 000 €", "2026-01-01", TODAY) == (15000, None)
