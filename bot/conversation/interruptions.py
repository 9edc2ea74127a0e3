"""Messages that interrupt a question (FAQ, "pourquoi ?", cancel…) instead of answering it."""

from __future__ import annotations

import re

from bot.fields import FREE_TEXT_FIELDS
from bot.normalise import normalise
from bot.taxonomy import detect_problems

FAQ_INTENTS: tuple[str, ...] = (
    "faq_who_reads",
    "faq_anonymity",
    "faq_next_steps",
    "faq_p2b",
    "faq_deadline",
    "faq_delete_data",
    "faq_several_platforms",
)
INTERRUPTION_INTENTS: frozenset[str] = frozenset(
    {
        *FAQ_INTENTS,
        "ask_why",
        "request_human",
        "cancel",
        "help",
        "bot_challenge",
        "greet",
        "resume",
        "thank",
        "empty_message",
        "followup_code",  # a follow-up code is a credential, never an answer (bot/code_intent.py)
    }
)
FREE_TEXT_SLOTS = frozenset(FREE_TEXT_FIELDS)
MIN_CONFIDENCE = 0.5
# A FAQ needs a question: "frais de transaction doublés" is an answer, whatever the NLU says.
_QUESTION_CUE = re.compile(
    r"\?|^(est ce|est-ce|comment|pourquoi|qui|quand|quoi|combien|quel|quelle|quels|quelles|que"
    r"|qu est|c est quoi|ca sert|a quoi|peut on|puis je|je peux|on peut|vous|c est vraiment"
    r"|c est possible|jusqu|et si|et pour|y a t il|il y a)\b"
    r"|\b(vraiment|est ce que|est-ce que|c est quoi|a quoi ca sert|comment ca marche)\b"
)
MAX_WORDS_FOR_FREE_TEXT = 8
# Small talk says so in words: "Antoine Mercier" classified as thanks is a name, an answer.
_SMALL_TALK_CUES = {
    "thank": re.compile(r"\b(merci+|mrc|thx|thanks?|thank you|remercie\w*|gracias|grazie|danke)\b"),
    "greet": re.compile(
        r"\b(bonjour|bonsoir|bjr|slt|salut|hello|hi|hey|coucou|allo|hola|buongiorno|guten tag)\b"
    ),
}


def is_interruption(intent: str | None, confidence: float, text: str, slot: str | None) -> bool:
    """True when the message asks something instead of answering the current question.

    For free-text questions a long message is always an answer: people tell their story
    in words that may look like a question ("je ne comprends pas pourquoi…").
    """
    if text.startswith("/"):
        return True
    if intent not in INTERRUPTION_INTENTS or confidence < MIN_CONFIDENCE:
        return False
    if intent in FAQ_INTENTS and not looks_like_question(text):
        return False
    cue = _SMALL_TALK_CUES.get(intent)
    if cue is not None and not cue.search(normalise(text)):
        return False
    long_free_text = slot in FREE_TEXT_SLOTS and len(text.split()) > MAX_WORDS_FOR_FREE_TEXT
    return not long_free_text or asks_without_telling(text)


def looks_like_question(text: str) -> bool:
    """A question mark, or a French question opening ("comment…", "c'est vraiment…")."""
    return "?" in text or bool(_QUESTION_CUE.search(normalise(text)))


# "est-ce que je pourrai …", "la plateforme saura-t-elle …": a question at the start
_ASKS = re.compile(
    r"^(?:est ce|est-ce|comment|pourquoi|combien|quand|qui|quel\w*|c est (?:confidentiel|anonyme"
    r"|grave|normal|possible|vraiment)|peut on|puis je|pourrai\w*|pourra\w*|pouvez vous|vous"
    r"|et si|y a t il|la plateforme (?:saura|va|peut)|is it|can i|will)\b"
)


def asks_without_telling(text: str) -> bool:
    """A question that tells nothing of the case ("est-ce que je pourrai récupérer mon
    argent ?" tells no problem; "pourquoi ont-ils bloqué mon compte ?" does)."""
    clean = normalise(text)
    question = text.rstrip().endswith("?") or bool(_ASKS.match(clean))
    return question and not detect_problems(text)
