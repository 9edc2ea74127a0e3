"""A loss given per period ("300 € par mois") becomes a total since the problem began."""

from __future__ import annotations

import re
from datetime import date

from bot.french import french_number
from bot.normalise import MAX_PARSED_CHARS, strip_accents

_PER_PERIOD = re.compile(
    r"(?:\bpar|/|\bchaque|\btous les|\btoutes les)\s*(?P<unit>mois|semaines?|jours?|ans?|annee)\b"
    r"|\b(?P<adj>mensuel\w*|hebdo\w*|annuel\w*)"
)
_UNIT = {"mensuel": "mois", "hebdo": "semaine", "annuel": "an"}
_UNIT_LABEL = {"mois": "mois", "semaine": "semaines", "jour": "jours", "an": "ans"}


def loss_period(text: str) -> str | None:
    """'mois', 'semaine', 'jour' or 'an' when the amount is given per period."""
    match = _PER_PERIOD.search(strip_accents(text[:MAX_PARSED_CHARS].lower()))
    if not match:
        return None
    if match.group("adj"):
        return next(unit for prefix, unit in _UNIT.items() if match.group("adj").startswith(prefix))
    unit = match.group("unit")
    if unit == "annee":
        return "an"
    return unit if unit == "mois" else unit.rstrip("s")


def periods_since(started_on: date, today: date, unit: str) -> int:
    """Whole periods from the start to today, at least one."""
    days = max((today - started_on).days, 0)
    if unit == "mois":
        count = (today.year - started_on.year) * 12 + today.month - started_on.month
    elif unit == "semaine":
        count = days // 7
    elif unit == "jour":
        count = days
    else:
        count = today.year - started_on.year
    return max(count, 1)


def total_loss(
    amount: int, text: str, started_on: str | None, today: date
) -> tuple[int, str | None]:
    """The total loss and what to tell the user, for an amount maybe given per period."""
    unit = loss_period(text)
    if unit is None:
        return amount, None
    if not started_on:
        return amount, (
            f"J'ai noté {french_number(amount)} € par {unit} ; vous pourrez indiquer la perte "
            "totale au récapitulatif."
        )
    count = periods_since(date.fromisoformat(started_on), today, unit)
    if count == 1:
        return amount, None
    total = amount * count
    return total, (
        f"J'ai compté {french_number(amount)} € par {unit} × {count} {_UNIT_LABEL[unit]} = "
        f"{french_number(total)} € de perte. Vous pourrez corriger au récapitulatif."
    )
