"""Turn the user's reply to one question into slot values, a skip, or a reason to ask again.

The question's own reader (`questions.py`) reads the value; this module handles what every
question shares: an empty message, skip phrases, hedges, refusals, self-corrections.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from bot import parsing
from bot.conversation.questions import BY_SLOT, Question
from bot.conversation.slot_readers import Answer
from bot.fields import BY_NAME, IDENTIFYING_FIELDS
from bot.normalise import normalise
from bot.parsing.numbers import foreign_digits
from bot.visibility import SAFEST, visibility_slots

__all__ = ["Answer", "interpret"]

MAX_SCANNED_CHARS = 1000  # self-corrections are looked for in the first 1 000 characters
# Personal details (and the sector, which can point at one business): "je ne donne pas
# mon mail" declines them, never a value.
_WITHHELD_SLOTS = frozenset({*IDENTIFYING_FIELDS, "sector"})
_YES_NO_SLOTS = frozenset(
    name for name, known in BY_NAME.items() if known.kind == "bool" or "yes" in known.values
)


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
    known = BY_NAME.get(slot)
    free_text = question is not None and question.open_answer
    refusable = free_text or (known is not None and known.identifying)
    declined = (
        parsing.is_skip(text)
        or (refusable and parsing.is_refusal(text))
        or (slot in _WITHHELD_SLOTS and parsing.is_withheld(text))
    )
    if slot == "visibility" and (declined or parsing.is_indifferent(text)):
        # no choice made ('passer', 'comme vous voulez'): the safest level, not a loop
        hedged = _hedged_answer(slot, text, today) if declined else None
        return hedged or Answer(visibility_slots(SAFEST))
    if declined and question is not None and question.skippable:
        return _hedged_answer(slot, text, today) or Answer(skipped=True)
    if declined and (refusable or parsing.is_unsure(text)):
        return _required(question)
    answer = (
        replaced(slot, text, today) or _last_said(slot, text, today) or _parse(slot, text, today)
    )
    if not answer.values and not free_text:
        answer = _in_digits(slot, text, today) or answer
    if declined and not answer.values:
        return _required(question)
    if slot == "contacted_platform" and answer.values.get(slot) == "yes":
        return Answer({**answer.values, **_support_outcome_told(text)})
    return answer


@cache
def _cue_pattern(cues: str) -> re.Pattern[str]:
    return re.compile(rf"(?:\.\.\.|…|,|\s)\s*(?:{cues})\b[\s,.:]*", re.IGNORECASE)


def _last_said(slot: str, text: str, today: date) -> Answer | None:
    """The value after the last self-correction in the answer, when it parses."""
    question = BY_SLOT.get(slot)
    if question is None or not question.value_after:
        return None
    cues = list(_cue_pattern(question.value_after).finditer(text[:MAX_SCANNED_CHARS]))
    for cue in reversed(cues):  # "…, disons 8000 en tout": the last cue followed by a value
        tail = _parse(slot, text[cue.end() :], today) if cue.end() < len(text) else None
        if tail is not None and tail.values:
            return tail
    return None


def replaced(slot: str, text: str, today: date) -> Answer | None:
    """The new value of "pas 6 mais 15" / "5000 pas 500", when both halves are values of
    the question and differ. Yes/no questions are left out: there "pas" is the answer."""
    question = BY_SLOT.get(slot)
    halves = parsing.replacement(text[:MAX_SCANNED_CHARS])
    if question is None or halves is None or slot in _YES_NO_SLOTS or question.open_answer:
        return None
    if BY_NAME[slot].kind != "date" and all(parsing.find_date(h, today) for h in halves):
        return None  # "pas le 3 août mais le 13 août" replaces a date, not 13 € or 13 people
    new, old = (_parse(slot, half, today) for half in halves)
    if new.values and old.values and new.values.get(slot) != old.values.get(slot):
        return new
    # "November 20th not the 25th": a short replaced value with a figure, read alone or not
    short_figure = len(halves[1].split()) <= 3 and any(ch.isdigit() for ch in halves[1])
    return new if new.values and not old.values and short_figure else None


def _in_digits(slot: str, text: str, today: date) -> Answer | None:
    """The answer read again with number words of other languages as digits."""
    digits = foreign_digits(text[:MAX_SCANNED_CHARS])
    if digits == text[:MAX_SCANNED_CHARS]:
        return None
    answer = _parse(slot, digits, today)
    return answer if answer.values else None


def _required(question: Question | None) -> Answer:
    why = f" {question.why}" if question is not None else ""
    return Answer(reason="Cette question est nécessaire pour enregistrer votre témoignage." + why)


def _hedged_answer(slot: str, text: str, today: date) -> Answer | None:
    """The value left in a skip with a hedge ("jsp, peut-être la moitié"), if any."""
    if BY_NAME[slot].free_text:
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
    question = BY_SLOT.get(slot)
    if question is None:
        return Answer(reason="Je n'ai pas compris votre réponse.")
    return question.read(text, today)
