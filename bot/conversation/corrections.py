"""Understand a correction at the summary: which field, and the new value if given."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot import parsing
from bot.conversation.answers import interpret, replaced
from bot.conversation.questions import BY_SLOT, QUESTIONS
from bot.fields import BY_NAME
from bot.normalise import normalise
from bot.taxonomy import detect_platforms

# The words that name each field are its question's `words`; the longest match wins
# ("raison sociale" is the company, "raison" the reason given), then the asking order.
_FIELD_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (q.slot, re.compile(rf"\b(?:{q.words})\b")) for q in QUESTIONS if q.words
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
    best: tuple[int, str] | None = None
    for slot, words in _FIELD_WORDS:
        longest = max((len(m.group()) for m in words.finditer(norm)), default=0)
        if longest and (best is None or longest > best[0]):
            best = (longest, slot)
    return best[1] if best else None


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
        return _replaced_value(text, slots, today) or _value_alone(text, today)
    answer = replaced(slot, text, today) or interpret(slot, _strip_field_words(text), today)
    if answer.values and not BY_NAME[slot].free_text:
        return Correction(slot, answer.values)
    return Correction(slot)


def _replaced_value(text: str, slots: dict[str, Any], today: date) -> Correction | None:
    """'c'était 1500 pas 15000', 'on est pas 6 mais 15': the field whose current answer the
    replaced value gives again is the one corrected, else the only field both halves fit.

    A field whose finder recognises the value on its own (a date with its month, an amount
    with its euros) comes first: "pas le 3 août mais le 13 août" is a date, not 13 people.
    """
    halves = parsing.replacement(text)
    if halves is None:
        return None
    new, old = halves
    readable: dict[str, tuple[dict[str, Any], Any]] = {}  # both halves read, and differ
    for question in QUESTIONS:
        answer = None if question.open_answer else replaced(question.slot, text, today)
        if answer is not None:
            before = interpret(question.slot, old, today).values.get(question.slot)
            readable[question.slot] = (answer.values, before)

    def typed(slot: str, half: str) -> bool:
        find = BY_SLOT[slot].find_alone
        return find is not None and find(half, today) is not None

    strong = {slot for slot in readable if typed(slot, new)}
    for candidates in (strong, set(readable)):
        for slot in readable:
            values, before = readable[slot]
            if slot in candidates and before is not None and before == slots.get(slot):
                return Correction(slot, values)
    for candidates in (set(readable), strong):
        if len(candidates) == 1:  # only one kind of value fits both halves
            slot = candidates.pop()
            return Correction(slot, readable[slot][0])
    return None


def _value_alone(text: str, today: date) -> Correction:
    """'je me suis trompé, c'était en août': a value whose kind tells the field."""
    for question in QUESTIONS:
        value = question.find_alone(text, today) if question.find_alone else None
        if value is not None:
            return Correction(question.slot, {question.slot: value})
    return Correction()


def _strip_field_words(text: str) -> str:
    """Drop leading verbs like 'modifier', 'changer' so only the value remains."""
    return re.sub(
        r"(?i)\b(modifier|changer|corriger|rectifier|en fait|c'?est|la|le|l'|mon|ma|mes)\b",
        " ",
        text,
    )
