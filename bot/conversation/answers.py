"""Turn the user's reply to one question into slot values, a skip, or a reason to ask again."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot import parsing
from bot.conversation.interruptions import FREE_TEXT_SLOTS
from bot.conversation.questions import BY_SLOT, Question
from bot.normalise import normalise
from bot.taxonomy import OTHER, detect_platforms, detect_problems

MAX_SHORT_TEXT = 200
MAX_DESCRIPTION = 20_000
_OTHER_WORDS = {"autre", "autres", "une autre", "autre plateforme", "autre chose", "other"}
# "autre, ils nous obligent à…": the « Autre » button label, then the user's own words
_STARTS_OTHER = re.compile(r"^(?:une? )?(?:autres?|autre chose|other|something else)\b")


@dataclass(frozen=True)
class Answer:
    """What a reply means for the question asked.

    `values` are slots to set (empty when the reply was not understood); `skipped` is true
    when the user declined an optional question; `reason` explains a reply not understood.
    """

    values: dict[str, Any] = field(default_factory=dict)
    skipped: bool = False
    reason: str | None = None


_MAX_NAME_WORDS = 4
_MIN_DESCRIPTION_WORDS = 6  # a "problems" reply this long is a description, kept as "other"
_MAX_DETAIL_CHARS = 100  # a phone number, an e-mail or a SIRET alone is short
_PLATFORM_PROMPT = "Choisissez la plateforme ci-dessous ou écrivez son nom."
_PLATFORM_REASON = "Je n'ai pas reconnu la plateforme. Choisissez-la ci-dessous ou écrivez son nom."
_NAMED_SLOTS = ("platform", "platform_other")
# Personal details: 'non' or 'je ne donne pas mon mail' declines them, never a value.
_DETAIL_SLOTS = frozenset({"email", "phone", "siren"})
_IDENTITY_SLOTS = _DETAIL_SLOTS | {"company_name", "contact_name", "sector"}
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
_DETAIL_KIND = {
    "email": "une adresse e-mail",
    "siren": "un numéro SIREN ou SIRET",
    "phone": "un numéro de téléphone",
    "number": "un nombre",
}
_EXPECTED = {
    "sector": ("un secteur d'activité", "Par exemple « jouets », « cosmétiques »."),
    "company_name": ("un nom d'entreprise", "Quel est le nom de votre entreprise ?"),
    "contact_name": ("un nom", "À quel nom pouvons-nous vous recontacter ?"),
    "platform_other": ("un nom de plateforme", "Quel est le nom de la plateforme ?"),
    "platform": ("un nom de plateforme", _PLATFORM_PROMPT),
    "description": ("un récit", "Racontez en quelques mots ce qui s'est passé."),
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


def _not_free_text(slot: str, text: str) -> str | None:
    """Why `text` cannot be the free-text answer for `slot`, or None when it can."""
    kind = _identifying_kind(text)
    if kind is None and _BARE_YES.match(normalise(text)):
        return "Pouvez-vous répondre avec quelques mots ?"
    if kind is None:
        return None
    what, prompt = _EXPECTED.get(slot, ("une réponse", "Pouvez-vous reformuler ?"))
    return f"Cela ressemble à {_DETAIL_KIND[kind]}, pas à {what}. {prompt}"


def _free_text(slot: str, text: str, limit: int = MAX_SHORT_TEXT) -> Answer:
    cleaned = " ".join(text.split())
    if not any(ch.isalnum() for ch in cleaned):
        return Answer(reason="Pouvez-vous répondre avec quelques mots ?")
    problem = _not_free_text(slot, cleaned)
    if problem:
        return Answer(reason=problem)
    return Answer({slot: cleaned[:limit]})


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


def _from_parsed(slot: str, parsed: parsing.Parsed[Any], convert=lambda v: v) -> Answer:
    if parsed.ok:
        return Answer({slot: convert(parsed.value)})
    return Answer(reason=parsed.reason)


def _yes_no_bool(value: str) -> bool:
    return value == "yes"


def _platform(text: str, today: date) -> Answer:
    found = detect_platforms(text)
    if found:
        return Answer({"platform": found[0], "platform_other": None})
    if normalise(_platform_name(text)) in _OTHER_WORDS:
        return Answer({"platform": OTHER})
    named = _named_platform("platform", text, today)
    return Answer({"platform": OTHER, **named.values}) if named.values else named


def _named_platform(slot: str, text: str, today: date) -> Answer:
    """`platform_other` from the name alone ("c'est sur Temu" -> "Temu"), or why it is none."""
    name = _platform_name(text)
    problem = _not_free_text(slot, name) or _not_a_platform_name(name, today)
    return Answer(reason=problem) if problem else Answer({"platform_other": name[:100]})


def _is_description(text: str) -> bool:
    """True when the reply tells a story in words (at least six), not a short unclear reply."""
    words = [w for w in normalise(text).split() if any(ch.isalpha() for ch in w)]
    return len(words) >= _MIN_DESCRIPTION_WORDS and _not_free_text("problems", text) is None


def _problems(text: str) -> Answer:
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


def _visibility(text: str) -> Answer:
    parsed = parsing.parse_visibility(text)
    if not parsed.ok:
        return Answer(reason=parsed.reason)
    return _visibility_level(parsed.value)


def _visibility_level(level: str) -> Answer:
    """The slots set by a visibility level; anonymous also clears the contact details."""
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
    """Interpret `text` as the answer to the question for `slot`. Never raises.

    A skip phrase ("passer", "aucune idée", "je préfère pas dire") is recognised before
    the value parser runs: "aucune idée" is not 0 €. A hedged answer keeps its value
    ("je sais pas, peut-être la moitié" -> 50). For a free-text question a bare "non"
    declines too. A required question is never skipped: the user is told it is needed,
    except that a refusal to a closed question keeps its meaning ("je préfère pas" to
    "voulez-vous être rappelé ?" is "no"; "aucune idée" is not), and that a skip or
    "comme vous voulez" at the visibility question means anonymous, the safest level.
    """
    text = (text or "").strip()
    if not text:
        return Answer(reason="Votre message est vide. Pouvez-vous répondre à la question ?")
    question = BY_SLOT.get(slot)
    free_text = slot in FREE_TEXT_SLOTS or slot in _NAMED_SLOTS
    refusable = free_text or slot in _DETAIL_SLOTS
    declined = (
        parsing.is_skip(text)
        or (refusable and parsing.is_refusal(text))
        or (slot in _IDENTITY_SLOTS and parsing.is_withheld(text))
    )
    if slot == "visibility" and (declined or parsing.is_indifferent(text)):
        # no choice made ('passer', 'comme vous voulez'): the safest level, not a loop
        hedged = _hedged_answer(slot, text, today) if declined else None
        return hedged or _visibility_level("anonymous")
    if declined and question is not None and question.skippable:
        return _hedged_answer(slot, text, today) or Answer(skipped=True)
    if declined and (refusable or parsing.is_unsure(text)):
        return _required(question)
    answer = _last_said(slot, text, today) or _parse(slot, text, today)
    if declined and not answer.values:
        return _required(question)
    if slot == "contacted_platform" and answer.values.get(slot) == "yes":
        return Answer({**answer.values, **_support_outcome_told(text)})
    return answer


# "mars... non avril", "40 %... non plutôt 50", "… on estime la perte à 30 000 €": the value
# after the last self-correction (or the final estimate) is the one meant
_CORRECTED_SLOTS = frozenset(
    {"started_on", "estimated_loss_eur", "revenue_share_pct", "company_size"}
)
_CORRECTION_CUES = r"non|enfin|plutot|plutôt|pardon|je veux dire|ou plutot|ou plutôt"
_ESTIMATE_CUES = r"on estime|au total|en tout|total"


def _cue_pattern(cues: str) -> re.Pattern[str]:
    return re.compile(rf"(?:\.\.\.|…|,|\s)\s*(?:{cues})\b[\s,.:]*", re.IGNORECASE)


_SELF_CORRECTION = _cue_pattern(_CORRECTION_CUES)
_CORRECTION_OR_ESTIMATE = _cue_pattern(f"{_CORRECTION_CUES}|{_ESTIMATE_CUES}")


def _last_said(slot: str, text: str, today: date) -> Answer | None:
    """The value after the last self-correction in the answer, when it parses."""
    if slot not in _CORRECTED_SLOTS:
        return None
    pattern = _CORRECTION_OR_ESTIMATE if slot == "estimated_loss_eur" else _SELF_CORRECTION
    cues = list(pattern.finditer(text[: MAX_SHORT_TEXT * 5]))
    if not cues or cues[-1].end() >= len(text):
        return None
    tail = _parse(slot, text[cues[-1].end() :], today)
    return tail if tail.values else None


def _required(question: Question | None) -> Answer:
    why = f" {question.why}" if question is not None else ""
    return Answer(reason="Cette question est nécessaire pour enregistrer votre témoignage." + why)


def _hedged_answer(slot: str, text: str, today: date) -> Answer | None:
    """The value left in a skip with a hedge ("jsp, peut-être la moitié"), if any."""
    if slot in FREE_TEXT_SLOTS:
        return None
    rest = parsing.skip_remainder(text)
    if not rest or parsing.parse_yes_no(rest).ok or parsing.is_refusal(rest):
        return None  # "non, je préfère ne pas répondre" declines
    answer = _parse(slot, rest, today)
    return answer if answer.values else None


def _support_outcome_told(text: str) -> dict[str, Any]:
    """What 'yes, I contacted them' also says about the result ("toujours en cours")."""
    told = re.sub(r"\b(?:c est bon|ok|d accord)\b", " ", normalise(text))  # "oui c'est bon"
    outcome = parsing.parse_support_outcome(told)
    return {"support_outcome": outcome.value} if outcome.ok else {}


def _parse(slot: str, text: str, today: date) -> Answer:
    if slot == "platform":
        return _platform(text, today)
    if slot == "problems":
        return _problems(text)
    if slot == "description":
        return _free_text(slot, text, MAX_DESCRIPTION)
    if slot == "platform_other":
        return _named_platform(slot, text, today)
    if slot in ("sector", "company_name", "contact_name"):
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
