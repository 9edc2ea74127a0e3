"""Understand a correction at the summary: which field, and the new value if given."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot import parsing
from bot.conversation.answers import interpret
from bot.normalise import normalise
from bot.parsing.story_facts import find_company_size
from bot.taxonomy import detect_platforms

# Words that name a field, checked in this order (first match wins).
FIELD_WORDS: tuple[tuple[str, str], ...] = (
    ("platform", r"plate ?forme|site|marketplace|place de marche"),
    ("problems", r"problemes?|type de probleme"),
    ("started_on", r"date|quand|depuis|mois|jour|annee"),
    ("estimated_loss_eur", r"montant|perte|pertes|somme|euros?|prejudice"),
    ("revenue_share_pct", r"pourcentage|part|chiffre d affaires|ca"),
    ("company_size", r"taille|salaries|effectif|employes"),
    ("sector", r"secteur|activite|domaine"),
    ("email", r"e ?mail|mail|courriel|adresse electronique"),
    ("phone", r"telephone|tel|portable|numero de tel|mobile"),
    ("siren", r"siren|siret"),
    ("company_name", r"nom de l entreprise|nom de la societe|raison sociale|entreprise|societe"),
    ("contact_name", r"mon nom|nom du contact|prenom|nom"),
    ("visibility", r"anonyme|anonymat|visibilite|confidentiel|partage"),
    ("description", r"description|recit|histoire|texte|explication de ce qui"),
    ("reason_given", r"motif|raison"),
    ("notice_given", r"preavis"),
    ("account_access", r"acces"),
    ("contacted_platform", r"contacte|reclamation"),
    ("support_outcome", r"resultat|reponse du support"),
    ("human_contact", r"humain"),
    ("wants_contact", r"rappel|rappeler|recontacter"),
)
_CORRECTION_CUE = re.compile(
    r"\b(non|en fait|pas|plutot|trompe|trompee|erreur|erreur de|je voulais dire|oups)\b"
)
_VISIBILITY_CUE = re.compile(
    r"\b(anonym\w*|confidenti\w*|partag\w*|(mon|notre) nom|qui je suis|que c est (moi|nous)"
    r"|discret\w*)\b"
)
_NEGATED_PLATFORM = re.compile(r"\b(pas|non|et non|au lieu d|au lieu de|plutot que)\s+(\S+)")


@dataclass(frozen=True)
class Correction:
    """The field the user wants to change and, when the message gives it, its new value."""

    slot: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


def named_field(text: str) -> str | None:
    """The field a correction message names, if any."""
    norm = normalise(text)
    for slot, words in FIELD_WORDS:
        if re.search(rf"\b(?:{words})\b", norm):
            return slot
    return None


def new_platform(text: str, current: str | None) -> str | None:
    """'c'est Cdiscount pas Amazon' -> 'cdiscount': the named platform that is not negated."""
    found = detect_platforms(text)
    negated = {
        code
        for match in _NEGATED_PLATFORM.finditer(normalise(text))
        for code in detect_platforms(match.group(2))
    }
    candidates = [code for code in found if code not in negated and code != current]
    return candidates[0] if candidates else None


def platform_correction(text: str, current: str | None) -> str | None:
    """A platform corrected in passing ("non c'est eBay", "je me suis trompé, Rakuten")."""
    if current is None or not _CORRECTION_CUE.search(normalise(text)):
        return None
    return new_platform(text, current)


def understand_correction(text: str, slots: dict[str, Any], today: date) -> Correction:
    """Which field to change and its new value when the message contains one."""
    platform = new_platform(text, slots.get("platform"))
    if platform:
        return Correction("platform", {"platform": platform, "platform_other": None})
    if _VISIBILITY_CUE.search(normalise(text)):
        # "je préfère rester anonyme", "vous pouvez donner mon nom à ManoMano"
        answer = interpret("visibility", text, today)
        if answer.values:
            return Correction("visibility", answer.values)
    slot = named_field(text)
    if slot is None:
        return _value_alone(text, today)
    answer = interpret(slot, _strip_field_words(text), today)
    if answer.values and slot not in ("description", "sector", "company_name", "contact_name"):
        return Correction(slot, answer.values)
    return Correction(slot)


def _value_alone(text: str, today: date) -> Correction:
    """'je me suis trompé, c'était en août': a value whose kind tells the field."""
    started = parsing.find_date(text, today)
    if started is not None:
        return Correction("started_on", {"started_on": started.isoformat()})
    amount = parsing.find_amount_eur(text)
    if amount is not None:
        return Correction("estimated_loss_eur", {"estimated_loss_eur": amount})
    if "%" in text and parsing.parse_share_pct(text).ok:
        return Correction(
            "revenue_share_pct", {"revenue_share_pct": parsing.parse_share_pct(text).value}
        )
    size = find_company_size(normalise(text))
    if size is not None:
        return Correction("company_size", {"company_size": size})
    for slot, parse in (("email", parsing.parse_email), ("phone", parsing.parse_phone)):
        parsed = parse(text)
        if parsed.ok:
            return Correction(slot, {slot: parsed.value})
    return Correction()


def _strip_field_words(text: str) -> str:
    """Drop leading verbs like 'modifier', 'changer' so only the value remains."""
    return re.sub(
        r"(?i)\b(modifier|changer|corriger|rectifier|en fait|c'?est|la|le|l'|mon|ma|mes)\b",
        " ",
        text,
    )
