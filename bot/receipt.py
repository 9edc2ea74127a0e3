"""The proof of filing ("récépissé"): a stored testimony as a PDF (one page for a short story).

Pure: a `Testimony` in, bytes out (the PDF's creation date is the filing date, so the same
testimony always gives the same file). The answers are rendered by the chat's summary
(`bot.conversation.summary`: labels of `bot.fields`, French values), except that the
description is printed whole.

What identifies the seller:

- anonymous testimony: no identifying field is printed, even if the object given has one
  set, and free text (description, sector, other platform) goes through the same masking as
  storage (`bot.privacy.mask_identifiers`) — a no-op on a stored record, already masked;
- confidential or shared testimony: the company name only (the seller's own proof names
  who filed it); the contact's name, e-mail, phone and SIREN are left out, so that a copy
  left on a shared computer or forwarded says as little as possible.

The follow-up code is never printed: only its hash is stored, and this module never sees it.

Font: DejaVu Sans (free licence), TrueType files shipped inside matplotlib (which rasa
installs), found through the package, not through a path of this machine.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from fpdf import FPDF

from bot.conversation.questions import QUESTIONS
from bot.conversation.summary import label, shown_value, stored_text
from bot.fields import IDENTIFYING_FIELDS, format_value
from bot.french import as_utc, french_date, in_paris
from bot.storage.models import Testimony
from bot.visibility import level_of

FONT = "DejaVu"
_FONT_DIR = ("mpl-data", "fonts", "ttf")
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}

IDENTITY_SHOWN = ("company_name",)
"""Identifying fields printed for a confidential or shared testimony (never for an
anonymous one)."""
IDENTITY_LEFT_OUT = tuple(f for f in IDENTIFYING_FIELDS if f not in IDENTITY_SHOWN)

TITLE = "Récépissé de dépôt d'un témoignage"
ISSUER = "Signal PME – Ministère chargé du numérique"
INTRO = (
    "Votre témoignage sur les difficultés rencontrées avec une place de marché en ligne a "
    "bien été enregistré. Ce document en garde la trace."
)
ANONYMOUS_NOTE = (
    "Ce témoignage est anonyme : ce récépissé ne contient ni votre nom, ni celui de votre "
    "entreprise, ni vos coordonnées. Ce qui pourrait vous identifier dans vos réponses est "
    "masqué, comme dans la version enregistrée."
)
NAMED_NOTE = (
    "Seul le nom de votre entreprise figure sur ce récépissé : le nom du contact, l'e-mail, "
    "le téléphone et le SIREN que vous avez donnés n'y sont pas reproduits."
)
NEXT_TITLE = "Et maintenant ?"
NEXT_STEPS = (
    "L'équipe du ministère chargé du numérique lit chaque témoignage.",
    "Elle peut vous répondre ou vous poser une question dans le chat.",
    "Pour lire ses réponses, compléter votre témoignage ou le retirer, revenez dans le chat "
    "de Signal PME et donnez votre code de suivi.",
    "Votre code de suivi ne figure pas sur ce récépissé : conservez-le à part. Personne ne "
    "peut le retrouver pour vous.",
)
NAMED_NEXT_STEP = "Comme vous avez donné vos coordonnées, le ministère peut aussi vous contacter."
ANSWERS_TITLE = "Vos réponses"


def visibility(testimony: Testimony) -> str:
    """The visibility choice of the chat (`anonymous`, `confidential`, `shared`)."""
    return level_of(testimony.anonymous, testimony.share_with_platform)


def testimony_slots(testimony: Testimony) -> dict[str, Any]:
    """The stored testimony as the conversation's slots, which the summary renders.

    An anonymous testimony has no identifying field here, whatever the object holds.
    """
    slots: dict[str, Any] = {}
    for question in QUESTIONS:
        if question.field.stored:
            slots[question.slot] = getattr(testimony, question.slot, None)
    slots["problems"] = list(testimony.problems or [])
    if testimony.started_on is not None:
        slots["started_on"] = testimony.started_on.isoformat()
    slots["visibility"] = visibility(testimony)
    if slots["visibility"] == "anonymous":
        slots.update(dict.fromkeys(IDENTIFYING_FIELDS))
    return slots


def answer_lines(testimony: Testimony) -> list[tuple[str, str]]:
    """(French label, French value) of every question that applies, in the chat's order;
    the description whole, the identity fields this receipt leaves out skipped."""
    slots = testimony_slots(testimony)
    lines = []
    for question in QUESTIONS:
        slot = question.slot
        if slot == "platform_other" or slot in IDENTITY_LEFT_OUT or not question.applies(slots):
            continue
        if slot == "description":  # whole, not the summary's preview
            value = format_value(slot, stored_text(slot, slots))
        else:
            value = shown_value(slot, slots)
        lines.append((label(slot), value))
    return lines


def filed_at(testimony: Testimony) -> str:
    """`12 mars 2026 à 14 h 05 (heure de Paris)` (`0 h 30` after midnight); a naive
    `created_at` is taken as UTC."""
    local = in_paris(testimony.created_at)
    return f"{french_date(local.date())} à {local.hour} h {local:%M} (heure de Paris)"


def filename(reference: str) -> str:
    """The name the browser saves the receipt under."""
    return f"recepisse-{reference}.pdf"


@lru_cache(maxsize=1)
def font_files() -> dict[str, Path]:
    """The TrueType files of the receipt's font, by style ('' regular, 'B' bold)."""
    spec = importlib.util.find_spec("matplotlib")
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise RuntimeError("matplotlib (which ships the DejaVu fonts) is not installed")
    folder = Path(locations[0]).joinpath(*_FONT_DIR)
    return {style: folder / name for style, name in _FONT_FILES.items()}


class _Receipt(FPDF):
    """A4 pages with the issuer on top and page numbers at the bottom."""

    def __init__(self, reference: str) -> None:
        super().__init__(format="A4")
        self.reference = reference
        for style, path in font_files().items():
            self.add_font(FONT, style, str(path))
        self.glyphs = frozenset(self.fonts[FONT.lower()].cmap)
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=20)

    def clean(self, text: str) -> str:
        """Text the font can print: control characters become spaces, characters without
        a glyph a question mark (line breaks kept)."""
        out = []
        for char in text:
            if char == "\n":
                out.append(char)
            elif unicodedata.category(char)[0] == "C":
                out.append(" ")
            elif ord(char) in self.glyphs:
                out.append(char)
            else:
                out.append("?")
        return "".join(out)

    def header(self) -> None:
        self.set_font(FONT, "", 8.5)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.clean(ISSUER), new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(0, 0, 145)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(5)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 8.5)
        self.set_text_color(90, 90, 90)
        text = f"Récépissé {self.reference} – page {self.page_no()}/{{nb}}"
        self.cell(0, 5, self.clean(text), align="C")

    def paragraph(self, text: str, size: float = 10.5, style: str = "", gap: float = 2) -> None:
        self.set_font(FONT, style, size)
        self.multi_cell(0, size * 0.52, self.clean(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)

    def labelled(self, name: str, value: str, size: float = 10.5) -> None:
        """`name : value`, the name in bold, wrapped as running text."""
        height = size * 0.52
        self.set_font(FONT, "B", size)
        self.write(height, self.clean(f"{name}\u00a0: "))
        self.set_font(FONT, "", size)
        self.write(height, self.clean(value))
        self.ln(height + 1.2)

    def heading(self, text: str) -> None:
        self.ln(2)
        self.paragraph(text, size=13, style="B", gap=1)

    def bullet(self, text: str) -> None:
        self.set_font(FONT, "", 10.5)
        self.cell(5, 5.5, "•")
        self.multi_cell(0, 5.5, self.clean(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(0.8)


def receipt_pdf(testimony: Testimony) -> bytes:
    """The PDF receipt of a stored testimony."""
    reference = testimony.reference
    pdf = _Receipt(reference)
    pdf.set_title(f"Récépissé {reference}")
    pdf.set_lang("fr")
    pdf.set_creator("Signal PME")
    pdf.set_author("Signal PME")
    pdf.set_creation_date(as_utc(testimony.created_at))
    pdf.add_page()

    pdf.paragraph(TITLE, size=17, style="B", gap=3)
    pdf.paragraph(INTRO, gap=3)
    pdf.labelled("Référence", reference, size=12)
    pdf.labelled("Déposé le", filed_at(testimony), size=12)
    pdf.ln(2)
    anonymous = bool(testimony.anonymous)
    pdf.paragraph(ANONYMOUS_NOTE if anonymous else NAMED_NOTE, size=9.5, gap=1)

    pdf.heading(ANSWERS_TITLE)
    for name, value in answer_lines(testimony):
        pdf.labelled(name, value)

    pdf.heading(NEXT_TITLE)
    for step in NEXT_STEPS if anonymous else (*NEXT_STEPS[:2], NAMED_NEXT_STEP, *NEXT_STEPS[2:]):
        pdf.bullet(step)
    return bytes(pdf.output())
