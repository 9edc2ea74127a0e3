"""The consultation's calendar told the same way by the page, the assistant and the dashboard.

Before the start, testimonies are already taken; after the end they are still welcome,
read, and counted apart ("reçus après la clôture").
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from bot.french import french_date

Phase = Literal["before", "open", "closed"]


def phase(today: date, start: date, end: date) -> Phase:
    """Where `today` falls in the consultation window (both ends included)."""
    if today < start:
        return "before"
    return "open" if today <= end else "closed"


def status_sentence(today: date, start: date, end: date) -> str:
    """One French sentence for sellers: when the consultation runs and whether to testify."""
    current = phase(today, start, end)
    if current == "before":
        return (
            f"La consultation ouvrira le {french_date(start)} et durera jusqu'au "
            f"{french_date(end)} ; vous pouvez déjà témoigner."
        )
    if current == "open":
        return f"La consultation est ouverte jusqu'au {french_date(end)}."
    return (
        f"La consultation s'est terminée le {french_date(end)}. Vous pouvez toujours "
        "témoigner : les témoignages reçus après cette date sont lus et comptés à part."
    )


def is_late(received_on: date, end: date) -> bool:
    """A testimony received after the end of the consultation (counted apart)."""
    return received_on > end
