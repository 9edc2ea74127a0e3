"""French formatting (dates, numbers) without depending on the system locale."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

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


def as_utc(moment: datetime) -> datetime:
    """`moment` with a time zone: a naive one is read as UTC, as the database stores it."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def in_paris(moment: datetime) -> datetime:
    """`moment` in Paris time (a naive one is read as UTC)."""
    return as_utc(moment).astimezone(PARIS)


def paris_time(moment: datetime | None) -> str:
    """`03/11/2026 15:05` in Paris time ('' for None); a naive moment is taken as UTC."""
    return "" if moment is None else in_paris(moment).strftime("%d/%m/%Y %H:%M")
