"""What staff read of a testimony's fields (values from `bot.fields.format_value`)."""

from __future__ import annotations

from datetime import datetime

from bot.fields import STORED, format_value
from bot.french import paris_time
from bot.storage.models import Testimony
from bot.web.staff.transcripts import mask_text

SELLER_KIND_LABELS = {
    "addition": "Information ajoutée",
    "answer": "Réponse à votre question",
    "question": "Question du déclarant",
}
"""What a seller's follow-up message is, as staff read it in the thread."""


def local_time(value: datetime | None) -> str:
    """`03/11/2026 15:05` in Paris time ('' for None)."""
    return paris_time(value)


def field_rows(testimony: Testimony) -> list[tuple[str, str, str]]:
    """(field, French label, display value) for every field of the record, in order.

    Free text is masked like the transcript (identifiers too when anonymous).
    """
    rows = []
    for field in STORED:
        value = format_value(field.name, getattr(testimony, field.name), "staff")
        if field.masked_when_anonymous:
            value = mask_text(value, testimony.anonymous)
        rows.append((field.name, field.label, value))
    return rows
