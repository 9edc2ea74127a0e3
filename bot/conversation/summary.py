"""The summary shown before the user confirms, in French (values: `bot.fields.format_value`)."""

from __future__ import annotations

from typing import Any

from bot import fields
from bot.conversation.questions import QUESTIONS, Slots
from bot.fields import BY_NAME, format_value
from bot.privacy import mask_identifiers
from bot.visibility import is_anonymous

DESCRIPTION_PREVIEW = 300
MASKED_DESCRIPTION_PREVIEW = 1500
MASKED_NOTE = (
    "Comme votre témoignage est anonyme, ce qui pourrait vous identifier (nom, entreprise, "
    "e-mail, téléphone, SIREN, adresse web…) est masqué : la description sera enregistrée "
    "telle qu'elle apparaît ci-dessus. Pour la changer, écrivez « modifier la description »."
)


def label(slot: str) -> str:
    """A field's label as the seller reads it (no unit: the value carries it)."""
    return fields.label(slot, "seller")


def stored_text(slot: str, slots: Slots) -> Any:
    """A slot's value as it will be stored: free text masked when the report is anonymous."""
    value = slots.get(slot)
    if value and slot in BY_NAME and BY_NAME[slot].masked_when_anonymous and is_anonymous(slots):
        return mask_identifiers(str(value))
    return value


def shown_value(slot: str, slots: Slots) -> str:
    """A slot's value as the user reads it, as it will be stored; another platform shows
    its name."""
    if slot == "platform" and slots.get(slot) == "other" and slots.get("platform_other"):
        return f"{stored_text('platform_other', slots)} (autre plateforme)"
    value = stored_text(slot, slots)
    if slot == "description" and value:
        # masked: show all of it (up to a generous limit) so every mask can be checked
        limit = MASKED_DESCRIPTION_PREVIEW if value != slots.get(slot) else DESCRIPTION_PREVIEW
        value = value if len(value) <= limit else f"{value[:limit]}…"
    return format_value(slot, value)


def summary_lines(slots: Slots) -> list[str]:
    """One 'Label : value' line per question that applies."""
    lines = []
    for question in QUESTIONS:
        if not question.applies(slots):
            continue
        if question.slot == "platform_other":
            continue
        lines.append(f"• {label(question.slot)} : {shown_value(question.slot, slots)}")
    return lines


def summary_text(slots: Slots) -> str:
    """The whole summary message; says so when the description was masked."""
    text = "Voici le récapitulatif de votre témoignage :\n" + "\n".join(summary_lines(slots))
    if stored_text("description", slots) != slots.get("description"):
        text += "\n\n" + MASKED_NOTE
    return text
