"""What staff read of a testimony's fields (values from `bot.fields.format_value`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.fields import BY_NAME, STORED, format_value, label
from bot.storage.models import Testimony
from bot.web.staff.transcripts import mask_text

SELLER_KIND_LABELS = {
    "addition": "Information ajoutée",
    "answer": "Réponse à votre question",
    "question": "Question du déclarant",
}
"""What a seller's follow-up message is, as staff read it in the thread."""


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


@dataclass(frozen=True)
class CorrectionRow:
    """One correction as staff read it on the testimony page."""

    at: datetime
    who: str
    field: str
    label: str
    old: str
    new: str


def correction_rows(testimony: Testimony) -> list[CorrectionRow]:
    """The corrections of `testimony` (loaded with their author), oldest first; free text
    masked like the fields when the testimony is anonymous."""
    rows = []
    for correction in testimony.corrections:
        known = BY_NAME.get(correction.field)
        masked = known is not None and known.masked_when_anonymous

        def shown(value: str | None, masked: bool = masked) -> str:
            text = value if value else "—"
            return mask_text(text, testimony.anonymous) if masked else text

        rows.append(
            CorrectionRow(
                at=correction.at,
                who=correction.staff_user.email if correction.staff_user else "compte supprimé",
                field=correction.field,
                label=label(correction.field),
                old=shown(correction.old_value),
                new=shown(correction.new_value),
            )
        )
    return rows
