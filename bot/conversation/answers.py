"""Turn the user's reply to one question into slot values, a skip, or a reason to ask again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot import parsing
from bot.conversation.questions import BY_SLOT
from bot.taxonomy import OTHER, detect_platforms, detect_problems
from bot.text import normalise

MAX_SHORT_TEXT = 200
MAX_DESCRIPTION = 20_000
_OTHER_WORDS = {"autre", "autres", "une autre", "autre plateforme", "autre chose", "other"}


@dataclass(frozen=True)
class Answer:
    """What a reply means for the question asked.

    `values` are slots to set (empty when the reply was not understood); `skipped` is true
    when the user declined an optional question; `reason` explains a reply not understood.
    """

    values: dict[str, Any] = field(default_factory=dict)
    skipped: bool = False
    reason: str | None = None


def _free_text(slot: str, text: str, limit: int = MAX_SHORT_TEXT) -> Answer:
    cleaned = " ".join(text.split())
    if not any(ch.isalnum() for ch in cleaned):
        return Answer(reason="Pouvez-vous répondre avec quelques mots ?")
    return Answer({slot: cleaned[:limit]})


def _from_parsed(slot: str, parsed: parsing.Parsed[Any], convert=lambda v: v) -> Answer:
    if parsed.ok:
        return Answer({slot: convert(parsed.value)})
    return Answer(reason=parsed.reason)


def _yes_no_bool(value: str) -> bool:
    return value == "yes"


def _platform(text: str) -> Answer:
    found = detect_platforms(text)
    if found:
        return Answer({"platform": found[0], "platform_other": None})
    norm = normalise(text)
    if norm in _OTHER_WORDS:
        return Answer({"platform": OTHER})
    words = norm.split()
    looks_like_a_name = not (parsing.is_skip(text) or parsing.parse_yes_no(text).ok)
    if 0 < len(words) <= 4 and looks_like_a_name and any(ch.isalpha() for ch in norm):
        name = " ".join(text.split())[:100]
        return Answer({"platform": OTHER, "platform_other": name})
    return Answer(
        reason="Je n'ai pas reconnu la plateforme. Choisissez-la ci-dessous ou écrivez son nom."
    )


def _problems(text: str) -> Answer:
    found = detect_problems(text)
    if found:
        return Answer({"problems": found})
    if normalise(text) in _OTHER_WORDS:
        return Answer({"problems": [OTHER]})
    return Answer(
        reason="Je n'ai pas reconnu le problème. Choisissez dans la liste ou décrivez-le "
        "en quelques mots (ex. « compte suspendu », « paiements bloqués »)."
    )


def _visibility(text: str) -> Answer:
    parsed = parsing.parse_visibility(text)
    if not parsed.ok:
        return Answer(reason=parsed.reason)
    level = parsed.value
    values: dict[str, Any] = {
        "visibility": level,
        "anonymous": level == "anonymous",
        "share_with_platform": level == "shared",
    }
    if level == "anonymous":
        values.update(
            {
                "wants_contact": False,
                "company_name": None,
                "siren": None,
                "contact_name": None,
                "email": None,
                "phone": None,
            }
        )
    return Answer(values)


def interpret(slot: str, text: str, today: date) -> Answer:
    """Interpret `text` as the answer to the question for `slot`. Never raises."""
    text = (text or "").strip()
    if not text:
        return Answer(reason="Votre message est vide. Pouvez-vous répondre à la question ?")
    answer = _parse(slot, text, today)
    if answer.values:
        return answer
    question = BY_SLOT.get(slot)
    if question is not None and parsing.is_skip(text):
        if question.skippable:
            return Answer(skipped=True)
        return Answer(reason="Cette question est nécessaire pour enregistrer votre témoignage.")
    return answer


def _parse(slot: str, text: str, today: date) -> Answer:
    if slot == "platform":
        return _platform(text)
    if slot == "problems":
        return _problems(text)
    if slot == "description":
        return _free_text(slot, text, MAX_DESCRIPTION)
    if slot in ("platform_other", "sector", "company_name", "contact_name"):
        return _free_text(slot, text)
    if slot == "visibility":
        return _visibility(text)
    if slot == "started_on":
        return _from_parsed(slot, parsing.parse_date(text, today), lambda d: d.isoformat())
    if slot == "notice_given":
        return _from_parsed(slot, parsing.parse_yes_no(text))
    if slot == "wants_contact":
        return _from_parsed(slot, parsing.parse_yes_no(text), _yes_no_bool)
    parser = _PARSERS.get(slot)
    if parser is None:
        return Answer(reason="Je n'ai pas compris votre réponse.")
    return _from_parsed(slot, parser(text))


_PARSERS = {
    "reason_given": parsing.parse_reason_given,
    "contacted_platform": parsing.parse_contacted_platform,
    "human_contact": parsing.parse_human_contact,
    "account_access": parsing.parse_account_access,
    "support_outcome": parsing.parse_support_outcome,
    "revenue_share_pct": parsing.parse_share_pct,
    "estimated_loss_eur": parsing.parse_amount_eur,
    "company_size": parsing.parse_company_size,
    "siren": parsing.parse_siren,
    "email": parsing.parse_email,
    "phone": parsing.parse_phone,
}
