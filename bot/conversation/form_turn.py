"""One reply inside the form: answer, skip, interruption, or not understood (asked again)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot import parsing
from bot.conversation.answers import interpret
from bot.conversation.corrections import platform_correction
from bot.conversation.interruptions import asks_without_telling, is_interruption
from bot.conversation.language import french_only_notice
from bot.conversation.messages import noted_facts
from bot.conversation.prefill import prefill_from_story
from bot.conversation.questions import BY_SLOT, QUESTIONS, Slots
from bot.conversation.slot_readers import read_remaining_visibility
from bot.fields import BY_NAME, MASKED_WHEN_ANONYMOUS
from bot.parsing.loss_totals import total_loss
from bot.parsing.story_facts import facts_told
from bot.taxonomy import OTHER
from bot.visibility import LEVEL_WORDS, safest_level_left, visibility_slots

MAX_FAILURES = 3
# An answer to these questions may tell more ("Amazon a suspendu mon compte il y a deux
# semaines"): what it says about the other questions is kept and not asked again.
STORY_SLOTS = ("platform", "problems", "description")  # the questions a story answers
# A longer answer to any question may tell more too ("le 5 novembre, sans explication").
MIN_WORDS_FOR_FACTS = 5
# An answer this long to the platform or problem question is a story: the description too.
MIN_WORDS_FOR_STORY = 10
# A yes/no button from another message ("/affirm") still answers a yes/no question.
YES_NO_SLOTS = frozenset(
    q.slot for q in QUESTIONS if q.field.kind == "bool" or {"yes", "no"} <= set(q.field.values)
)
YES_NO_PAYLOADS = {"/affirm": "oui", "/deny": "non"}
PII_WARNING = (
    "Attention : vous avez choisi l'anonymat, mais votre message contient des coordonnées "
    "(e-mail, téléphone ou numéro SIREN/SIRET). Elles seront masquées pour l'équipe du "
    "ministère ; évitez d'en écrire d'autres."
)
SKIPPED_NOTE = "Entendu, je passe cette question."
QUESTION_NOT_ANSWER = (
    "C'est une question à laquelle je ne sais pas répondre ici : écrivez « parler à "
    "quelqu'un » pour la poser à l'équipe du ministère. Pour continuer votre témoignage :"
)


@dataclass
class ReplyOutcome:
    """Slots to set and messages to send; no slots at all means 'not an answer'."""

    slots: dict[str, Any] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)


def handle_reply(
    slot: str,
    text: str,
    intent: str | None,
    confidence: float,
    slots: Slots,
    today: date,
) -> ReplyOutcome:
    """Decide what the user's reply to the question for `slot` means."""
    if slot in YES_NO_SLOTS and text.strip() in YES_NO_PAYLOADS:
        text = YES_NO_PAYLOADS[text.strip()]
    if text.startswith("/"):
        return ReplyOutcome()  # a button payload naming an intent is never an answer
    answer = interpret(slot, text, today)
    ruled_out = slots.get("visibility_ruled_out") if slot == "visibility" else None
    if ruled_out and not is_interruption(intent, confidence, text, slot):
        # "pas en anonyme" earlier: this reply chooses between the two levels left
        answer = read_remaining_visibility(text, ruled_out)
    if answer.skipped:
        return _skip(slot, slots, [SKIPPED_NOTE])
    # A closed-set answer that parses wins over the intent ("non" is never a cancel);
    # free text parses always, so there the intent decides.
    free_text = BY_NAME[slot].free_text or answer.values.get("platform_other") is not None
    if is_interruption(intent, confidence, text, slot) and (not answer.values or free_text):
        return ReplyOutcome()
    if BY_NAME[slot].free_text and asks_without_telling(text):
        # a question typed at a free-text question is never stored as the answer
        return _failure(slot, slots, QUESTION_NOT_ANSWER)
    can_correct = not free_text and slot not in STORY_SLOTS
    corrected = platform_correction(text, slots.get("platform")) if can_correct else None
    if corrected:
        # "non c'est eBay" corrects the platform; the question is asked again.
        values = {"platform": corrected, "platform_other": None}
        return ReplyOutcome(values, [f"C'est corrigé : {noted_facts(values)}."])
    if answer.values:
        outcome = ReplyOutcome(dict(answer.values))
        if "visibility" in answer.values:
            outcome.slots["visibility_ruled_out"] = None
        if BY_NAME[slot].unit == "€" and outcome.slots.get(slot) is not None:
            # "500 € par mois depuis mars": the total since the problem began
            total, note = total_loss(outcome.slots[slot], text, slots.get("started_on"), today)
            outcome.slots[slot] = total
            outcome.messages.extend([note] if note else [])
        if slot in STORY_SLOTS or len(text.split()) >= MIN_WORDS_FOR_FACTS:
            outcome.slots.update(_new_facts(text, {**slots, **answer.values}, today))
        outcome.slots.update(_story_told(slot, text, {**slots, **outcome.slots}, today))
        _warn_about_identifying_details(slots, outcome)
        return outcome
    facts = _new_facts(text, slots, today)
    facts.pop(slot, None)
    noted = noted_facts(facts, slots)
    if noted:
        # Not the answer asked for, but it tells other things: keep them, ask again.
        return ReplyOutcome(facts, [f"Merci, je note : {noted}."])
    return _failure(slot, slots, answer.reason, text)


def _story_told(slot: str, text: str, slots: Slots, today: date) -> dict[str, Any]:
    """A detailed answer to the platform or problem question is also the story: it becomes
    the description, so "Racontez-moi ce qui s'est passé" is not asked again."""
    if slot not in ("platform", "problems") or slots.get("description"):
        return {}
    if len(text.split()) < MIN_WORDS_FOR_STORY:
        return {}
    told = prefill_from_story(text, today)
    return {"description": told["description"]} if "description" in told else {}


def _new_facts(text: str, slots: Slots, today: date) -> dict[str, Any]:
    """Facts a message tells about questions not answered (nor skipped) yet."""
    skipped = set(slots.get("skipped_slots") or [])
    found = facts_told(text, today)
    return {
        name: value
        for name, value in found.items()
        if slots.get(name) is None and name not in skipped
    }


def _skip(slot: str, slots: Slots, messages: list[str]) -> ReplyOutcome:
    skipped = list(slots.get("skipped_slots") or [])
    if slot not in skipped:
        skipped.append(slot)
    return ReplyOutcome({"skipped_slots": skipped, slot: None}, messages)


def _failure(slot: str, slots: Slots, reason: str | None, text: str = "") -> ReplyOutcome:
    failures = dict(slots.get("slot_failures") or {})
    failures[slot] = failures.get(slot, 0) + 1
    if failures[slot] < MAX_FAILURES:
        message = reason or "Je n'ai pas compris votre réponse."
        notice = french_only_notice(text)  # told plainly, in the seller's language
        message += f" {notice}" if notice else ""
        if BY_SLOT[slot].skippable:
            message += " Vous pouvez aussi répondre « passer »."
        return ReplyOutcome({"slot_failures": failures}, [message])
    fallback = _fallback_after_failures(slot, slots)
    if fallback is not None:
        return ReplyOutcome({"slot_failures": failures, **fallback.slots}, fallback.messages)
    outcome = _skip(
        slot,
        slots,
        [
            "Je n'arrive pas à comprendre cette réponse : je passe la question. "
            "Vous pourrez la corriger au récapitulatif."
        ],
    )
    outcome.slots["slot_failures"] = failures
    return outcome


def _fallback_after_failures(slot: str, slots: Slots) -> ReplyOutcome | None:
    """For questions that cannot stay empty, a safe value after repeated failures."""
    if slot == "platform":
        # A reply that looked like a name was accepted already: this one is not a name.
        return ReplyOutcome(
            {"platform": OTHER, "platform_other": None},
            ["Je note « autre plateforme » ; vous pourrez corriger au récapitulatif."],
        )
    if slot == "problems":
        return ReplyOutcome(
            {"problems": [OTHER]},
            ["Je note « autre problème » ; votre récit précisera la situation."],
        )
    if slot == "visibility":
        level = safest_level_left(slots.get("visibility_ruled_out"))
        return ReplyOutcome(
            {**visibility_slots(level), "visibility_ruled_out": None},
            [
                f"Par précaution, votre témoignage sera {LEVEL_WORDS[level]}. Vous pourrez "
                "changer ce choix au récapitulatif."
            ],
        )
    return None


def _warn_about_identifying_details(slots: Slots, outcome: ReplyOutcome) -> None:
    """Warn an anonymous user once when free text carries identifying details."""
    merged = {**slots, **outcome.slots}
    if merged.get("visibility") != "anonymous":
        return
    texts = [merged.get(name) or "" for name in MASKED_WHEN_ANONYMOUS]
    if not any(parsing.contains_identifying_details(t) for t in texts):
        return
    outcome.slots["identifying_details_flag"] = True
    if not slots.get("identifying_details_warned"):
        outcome.slots["identifying_details_warned"] = True
        outcome.messages.append(PII_WARNING)
