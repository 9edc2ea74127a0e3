"""French formatting (dates, numbers) without depending on the system locale."""

from __future__ import annotations

from datetime import date

_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(day: date) -> str:
    """`date(2026, 11, 30)` → `30 novembre 2026` (`1er` for the first of the month)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {_MONTHS[day.month - 1]} {day.year}"


def french_number(value: int) -> str:
    """15000 -> '15 000' (narrow no-break space as thousands separator)."""
    return f"{value:,}".replace(",", "\u202f")
