"""French display values of testimony fields (labels from `bot.fields` and the taxonomy)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.fields import FIELD_LABELS, VALUE_LABELS
from bot.storage.models import Testimony
from bot.taxonomy import platform_label, problem_label
from bot.web.staff.transcripts import mask_text

PARIS = ZoneInfo("Europe/Paris")
FREE_TEXT = ("description", "platform_other", "sector")
SELLER_KIND_LABELS = {
    "addition": "Information ajoutée",
    "answer": "Réponse à votre question",
    "question": "Question du déclarant",
}
"""What a seller's follow-up message is, as staff read it in the thread."""


def local_time(value: datetime | None) -> str:
    """`03/11/2026 15:05` in Paris time ('' for None)."""
    if value is None:
        return ""
    return value.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")


def display_value(name: str, value: object) -> str:
    """The French text staff read for one field value."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if name == "platform":
        return platform_label(str(value))
    if name == "problems":
        return ", ".join(problem_label(code) for code in value)  # type: ignore[union-attr]
    if name == "created_at" and isinstance(value, datetime):
        return local_time(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if name == "estimated_loss_eur":
        return f"{int(value):,} €".replace(",", "\u202f")  # type: ignore[call-overload]
    if name in VALUE_LABELS:
        return VALUE_LABELS[name].get(str(value), str(value))
    return str(value)


def field_rows(testimony: Testimony) -> list[tuple[str, str, str]]:
    """(field, French label, display value) for every field of the record, in order.

    Free text is masked like the transcript (identifiers too when anonymous).
    """
    rows = []
    for name, label in FIELD_LABELS.items():
        value = display_value(name, getattr(testimony, name))
        if name in FREE_TEXT:
            value = mask_text(value, testimony.anonymous)
        rows.append((name, label, value))
    return rows
