"""Readers: the text of a reply to one question turned into slot values, or why not.

Each question of `questions.py` names its reader. A reader never raises on user text; the
skip, hedge and self-correction handling common to every question is in `answers.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot import parsing
from bot.fields import BY_NAME
from bot.normalise import normalise
from bot.parsing.story_facts import find_company_size
from bot.parsing.subject_platform import subject_platform
from bot.parsing.visibility_choice import RULED_OUT, parse_remaining_visibility
from bot.taxonomy import OTHER, detect_problems
from bot.visibility import safest_level_left, visibility_slots


@dataclass(frozen=True)
class Answer:
    """What a reply means for the question asked.

    `values` are slots to set (empty when the reply was not understood); `skipped` is true
    when the user declined an optional question; `reason` explains a reply not understood.
    """

    values: dict[str, Any] = field(default_factory=dict)
    skipped: bool = False
    reason: str | None = None


Reader = Callable[[str, date], Answer]
Finder = Callable[[str, date], Any]
"""Finds a field's value anywhere in a sentence ("je me suis trompé, c'était en août")."""

_OTHER_WORDS = {"autre", "autres", "une autre", "autre plateforme", "autre chose", "other"}
# "autre, ils nous obligent à…": the « Autre » button label, then the user's own words
_STARTS_OTHER = re.compile(r"^(?:une? )?(?:autres?|autre chose|other|something else)\b")
_MAX_NAME_WORDS = 4
_MIN_DESCRIPTION_WORDS = 6  # a "problems" reply this long is a description, kept as "other"
_MAX_DETAIL_CHARS = 100  # a phone number, an e-mail or a SIRET alone is short
_PLATFORM_EXPECTED = "un nom de plateforme"
_PLATFORM_PROMPT = "Choisissez la plateforme ci-dessous ou écrivez son nom."
_PLATFORM_REASON = "Je n'ai pas reconnu la plateforme. Choisissez-la ci-dessous ou écrivez son nom."
_PLATFORM_NAME_PROMPT = "Quel est le nom de la plateforme ?"
_NAMES_LIKE_DATES = {"printemps", "le printemps"}  # the department store's marketplace
# Words around a platform's name: "c'est sur Temu", "chez Vinted", "la plateforme Shein".
_NAME_FILLER = re.compile(
    r"^\s*(?:(?:c\s*['’ ]\s*(?:est|était|etait)|ça se passe|ca se passe|je vends|on vend"
    r"|nous vendons|je vendais|on vendait|it\s*['’]?\s*s|it is)\s+)?"
    r"(?:(?:sur|chez|via|avec|on)(?:\s+|$))?"
    r"(?:(?:la|une)\s+(?:plateforme|marketplace|place de marché|appli(?:cation)?)\s+"
    r"|(?:le|un)\s+(?:site|marketplace)\s+(?:de\s+)?|l\s*['’]\s*appli(?:cation)?\s+"
    r"|the\s+(?:platform|marketplace|app|site|website)\s+)?",
    re.IGNORECASE,
)
_NAME_HEDGE = re.compile(
    r"[\s,]+(?:je (?:crois|pense)|il me semble|normalement|apparemment|i think)[\s.!]*$",
    re.IGNORECASE,
)
_OTHER_LABEL = re.compile(r"^(?:une? )?autres?(?: plateforme)? ?[:,;–-] ?(?=\w)", re.IGNORECASE)
_BARE_YES = re.compile(r"^(?:(?:oui|ouais|ouai|ok|okay|yes|yep|si|d accord|bien sur)(?: |$))+$")
# "je viens de vous le dire", "voir plus haut": a pointer to an earlier message, not an answer
_REFERS_BACK = re.compile(
    r"\b(?:je (?:vous )?(?:l|le) (?:ai |avais )?(?:deja )?(?:dit|ecrit|explique|raconte)"
    r"|je viens de (?:vous )?(?:le )?(?:dire|ecrire|expliquer|raconter)"
    r"|(?:deja|juste) (?:dit|ecrit|explique|raconte)|comme (?:je l ai |deja )?dit"
    r"|(?:voir|cf|lisez|relisez|regardez)(?: le message)? (?:plus haut|ci dessus|au dessus|avant)"
    r"|relisez|c est (?:ecrit|marque|dit) (?:plus haut|au dessus|avant))\b"
)
_MAX_POINTER_WORDS = 12
REFERS_BACK_REASON = (
    "Je ne peux pas reprendre un message précédent : pouvez-vous l'écrire à nouveau ici, "
    "avec vos mots ?"
)
_DETAIL_KIND = {
    "email": "une adresse e-mail",
    "siren": "un numéro SIREN ou SIRET",
    "phone": "un numéro de téléphone",
    "number": "un nombre",
}


def _identifying_kind(text: str) -> str | None:
    """'email', 'siren', 'phone' or 'number' when the text is only such a detail."""
    if len(text) > _MAX_DETAIL_CHARS or not any(ch.isalnum() for ch in text):
        return None
    without_emails = " ".join(w for w in text.split() if "@" not in w)
    if any(ch.isalpha() for ch in without_emails):
        return None
    if "@" in text:
        return "email"
    if parsing.parse_siren(text).ok:
        return "siren"
    return "phone" if parsing.parse_phone(text).ok else "number"


def not_free_text(
    text: str, expected: str = "une réponse", prompt: str = "Pouvez-vous reformuler ?"
) -> str | None:
    """Why `text` cannot be a free-text answer (a bare number, e-mail, "oui"…), or None.

    `expected` names what was asked ("un secteur d'activité"), `prompt` asks again.
    """
    kind = _identifying_kind(text)
    norm = normalise(text)
    if len(norm.split()) <= _MAX_POINTER_WORDS and _REFERS_BACK.search(norm):
        return REFERS_BACK_REASON
    if kind is None and _BARE_YES.match(norm):
        return "Pouvez-vous répondre avec quelques mots ?"
    if kind is None:
        return None
    return f"Cela ressemble à {_DETAIL_KIND[kind]}, pas à {expected}. {prompt}"


def free_text(slot: str, expected: str, prompt: str) -> Reader:
    """A reader of the user's own words for `slot`, cut at the field's maximum length."""
    limit = BY_NAME[slot].max_length or 200

    def read(text: str, _today: date) -> Answer:
        cleaned = " ".join(text.split())
        if not any(ch.isalnum() for ch in cleaned):
            return Answer(reason="Pouvez-vous répondre avec quelques mots ?")
        problem = not_free_text(cleaned, expected, prompt)
        if problem:
            return Answer(reason=problem)
        return Answer({slot: cleaned[:limit]})

    return read


def parsed(slot: str, parse: Callable[[str], parsing.Parsed[Any]], convert=lambda v: v) -> Reader:
    """A reader that runs one parser of `bot.parsing` (and converts its value)."""

    def read(text: str, _today: date) -> Answer:
        return from_parsed(slot, parse(text), convert)

    return read


def from_parsed(slot: str, result: parsing.Parsed[Any], convert=lambda v: v) -> Answer:
    """The answer a parser's result gives for `slot`."""
    if result.ok:
        return Answer({slot: convert(result.value)})
    return Answer(reason=result.reason)


def read_date(text: str, today: date) -> Answer:
    """When the problem began, resolved against today ("il y a 3 semaines")."""
    return from_parsed("started_on", parsing.parse_date(text, today), lambda d: d.isoformat())


def read_wants_contact(text: str, _today: date) -> Answer:
    """A yes/no kept as a boolean."""
    return from_parsed("wants_contact", parsing.parse_yes_no(text), lambda v: v == "yes")


def _platform_name(text: str) -> str:
    """The name alone, without the words around it: "c'est sur Temu" -> "Temu"."""
    cleaned = " ".join(text.split())
    if len(cleaned) > _MAX_DETAIL_CHARS:  # a story, not a name: left to the checks
        return cleaned
    cleaned = _OTHER_LABEL.sub("", cleaned, count=1)
    name = _NAME_FILLER.sub("", cleaned, count=1)
    return _NAME_HEDGE.sub("", name).strip(" .,;:!?")


def _not_a_platform_name(text: str, today: date) -> str | None:
    """Why `text` is not a platform's name: a date, an amount, a share, a yes/no…"""
    norm = normalise(text)
    words = norm.split()
    if not 0 < len(words) <= _MAX_NAME_WORDS or not any(ch.isalpha() for ch in norm):
        return _PLATFORM_REASON
    if parsing.parse_date(text, today).ok and norm not in _NAMES_LIKE_DATES:
        return "Cela ressemble à une date, pas à un nom de plateforme. " + _PLATFORM_PROMPT
    if parsing.parse_amount_eur(text).ok or parsing.parse_share_pct(text).ok:
        if not any(ch.isdigit() for ch in text):  # "aucun accès" reads as 0, not a name
            return _PLATFORM_REASON
        return "Cela ressemble à un montant, pas à un nom de plateforme. " + _PLATFORM_PROMPT
    if parsing.is_skip(text) or parsing.is_refusal(text) or parsing.parse_yes_no(text).ok:
        return _PLATFORM_REASON
    # an answer to another question ("en attente", "aucun accès", "je suis seul")
    other_answers = (
        parsing.parse_support_outcome,
        parsing.parse_account_access,
        parsing.parse_company_size,
    )
    if any(parse(text).ok for parse in other_answers):
        return _PLATFORM_REASON
    return None


def _named_platform(text: str, today: date, prompt: str) -> Answer:
    name = _platform_name(text)
    problem = not_free_text(name, _PLATFORM_EXPECTED, prompt) or _not_a_platform_name(name, today)
    limit = BY_NAME["platform_other"].max_length
    return Answer(reason=problem) if problem else Answer({"platform_other": name[:limit]})


def read_platform_name(text: str, today: date) -> Answer:
    """`platform_other` from the name alone ("c'est sur Temu" -> "Temu"), or why it is none."""
    return _named_platform(text, today, _PLATFORM_NAME_PROMPT)


def read_platform(text: str, today: date) -> Answer:
    """A listed platform, "autre", or another platform's name (kept as `other`)."""
    found = subject_platform(text)
    if found:
        return Answer({"platform": found, "platform_other": None})
    if normalise(_platform_name(text)) in _OTHER_WORDS:
        return Answer({"platform": OTHER})
    named = _named_platform(text, today, _PLATFORM_PROMPT)
    return Answer({"platform": OTHER, **named.values}) if named.values else named


def _is_description(text: str) -> bool:
    """True when the reply tells a story in words (at least six), not a short unclear reply."""
    words = [w for w in normalise(text).split() if any(ch.isalpha() for ch in w)]
    return len(words) >= _MIN_DESCRIPTION_WORDS and not_free_text(text) is None


def read_problems(text: str, _today: date) -> Answer:
    """The problems named; a story the list does not cover is `other` at once."""
    found = detect_problems(text)
    if found:
        return Answer({"problems": found})
    if normalise(text) in _OTHER_WORDS or _STARTS_OTHER.match(normalise(text)):
        return Answer({"problems": [OTHER]})
    if _is_description(text):  # a real account the list does not cover: no re-ask loop
        return Answer({"problems": [OTHER]})
    return Answer(
        reason="Je n'ai pas reconnu le problème. Choisissez dans la liste ou décrivez-le "
        "en quelques mots (ex. « compte suspendu », « paiements bloqués »)."
    )


def read_visibility(text: str, _today: date) -> Answer:
    """A visibility level and the slots it sets (anonymous clears the contact details), or
    half a choice ("pas en anonyme"): the level it rules out, kept for the next question."""
    result = parsing.parse_visibility(text)
    if not result.ok:
        return Answer(reason=result.reason)
    if result.value in RULED_OUT:
        return Answer({"visibility_ruled_out": RULED_OUT[result.value]})
    return Answer(visibility_slots(result.value))


def read_remaining_visibility(text: str, ruled_out: str) -> Answer:
    """The level chosen once half a choice ruled `ruled_out` out; leaving the choice to us
    gives the safest level left, never the one the seller ruled out."""
    if parsing.is_skip(text) or parsing.is_indifferent(text) or parsing.is_unsure(text):
        return Answer(visibility_slots(safest_level_left(ruled_out)))
    result = parse_remaining_visibility(text, ruled_out)
    if not result.ok:
        return Answer(reason=result.reason)
    return Answer(visibility_slots(result.value))


def find_date(text: str, today: date) -> str | None:
    """A date said anywhere in the text, as an ISO date."""
    found = parsing.find_date(text, today)
    return found.isoformat() if found is not None else None


def find_amount(text: str, _today: date) -> int | None:
    """An amount in euros said anywhere in the text."""
    return parsing.find_amount_eur(text)


def find_share(text: str, _today: date) -> int | None:
    """A share written with a per cent sign."""
    share = parsing.parse_share_pct(text) if "%" in text else None
    return share.value if share is not None and share.ok else None


def find_size(text: str, _today: date) -> str | None:
    """A company size told in words ("on est 3", "je suis seul")."""
    return find_company_size(normalise(text))


def whole(parse: Callable[[str], parsing.Parsed[Any]]) -> Finder:
    """A finder that accepts only a text that is wholly a value (an e-mail, a phone)."""

    def find(text: str, _today: date) -> Any:
        result = parse(text)
        return result.value if result.ok else None

    return find
