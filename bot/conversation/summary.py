"""The summary shown before the user confirms, in French."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.conversation.questions import QUESTIONS, Slots
from bot.conversation.record import FREE_TEXT_FIELDS, is_anonymous
from bot.fields import FIELD_LABELS, VALUE_LABELS
from bot.french import french_date, french_number
from bot.privacy import mask_identifiers
from bot.taxonomy import platform_label, problem_label

VISIBILITY_LABELS = {
    "anonymous": "Anonyme (rien ne vous identifie)",
    "confidential": (
        "Confidentiel (le ministère peut vous contacter, la plateforme ne saura pas qui vous êtes)"
    ),
    "shared": "Partagé (votre cas peut être présenté à la plateforme à votre nom)",
}
NOT_GIVEN = "non renseigné"
DESCRIPTION_PREVIEW = 300
MASKED_DESCRIPTION_PREVIEW = 1500
MASKED_NOTE = (
    "Comme votre témoignage est anonyme, ce qui pourrait vous identifier (nom, entreprise, "
    "e-mail, téléphone, SIREN, adresse web…) est masqué : la description sera enregistrée "
    "telle qu'elle apparaît ci-dessus. Pour la changer, écrivez « modifier la description »."
)


def format_value(slot: str, value: Any) -> str:
    """Human-readable French rendering of one slot value."""
    if value is None or value == []:
        return NOT_GIVEN
    if slot == "platform":
        return platform_label(value)
    if slot == "problems":
        return ", ".join(problem_label(code) for code in value)
    if slot == "started_on":
        return french_date(date.fromisoformat(value))
    if slot == "estimated_loss_eur":
        return f"{french_number(int(value))} €"
    if slot == "revenue_share_pct":
        return f"{int(value)} %"
    if slot == "visibility":
        return VISIBILITY_LABELS.get(value, value)
    if slot == "wants_contact":
        return "Oui" if value else "Non"
    if slot == "description" and len(value) > DESCRIPTION_PREVIEW:
        return f"« {value[:DESCRIPTION_PREVIEW]}… »"
    if slot == "description":
        return f"« {value} »"
    labels = VALUE_LABELS.get(slot)
    return labels.get(value, str(value)) if labels else str(value)


def label(slot: str) -> str:
    """French label of a slot (the visibility choice has no column of its own)."""
    if slot == "visibility":
        return "Visibilité"
    return FIELD_LABELS.get(slot, slot)


def stored_text(slot: str, slots: Slots) -> Any:
    """A slot's value as it will be stored: free text masked when the report is anonymous."""
    value = slots.get(slot)
    if value and slot in FREE_TEXT_FIELDS and is_anonymous(slots):
        return mask_identifiers(str(value))
    return value


def shown_value(slot: str, slots: Slots) -> str:
    """A slot's value as the user reads it, as it will be stored; another platform shows
    its name."""
    if slot == "platform" and slots.get(slot) == "other" and slots.get("platform_other"):
        return f"{stored_text('platform_other', slots)} (autre plateforme)"
    value = stored_text(slot, slots)
    if slot == "description" and value and value != slots.get(slot):
        # masked: show all of it (up to a generous limit) so every mask can be checked
        shown = (
            value
            if len(value) <= MASKED_DESCRIPTION_PREVIEW
            else (f"{value[:MASKED_DESCRIPTION_PREVIEW]}…")
        )
        return f"« {shown} »"
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
