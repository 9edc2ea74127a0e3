"""Messages that interrupt a question (FAQ, "pourquoi ?", cancel…) instead of answering it."""

from __future__ import annotations

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
    }
)
FREE_TEXT_SLOTS = frozenset(
    {"description", "platform_other", "sector", "company_name", "contact_name"}
)
MIN_CONFIDENCE = 0.5
MAX_WORDS_FOR_FREE_TEXT = 8


def is_interruption(intent: str | None, confidence: float, text: str, slot: str | None) -> bool:
    """True when the message asks something instead of answering the current question.

    For free-text questions a long message is always an answer: people tell their story
    in words that may look like a question ("je ne comprends pas pourquoi…").
    """
    if text.startswith("/"):
        return True
    if intent not in INTERRUPTION_INTENTS or confidence < MIN_CONFIDENCE:
        return False
    long_free_text = slot in FREE_TEXT_SLOTS and len(text.split()) > MAX_WORDS_FOR_FREE_TEXT
    return not long_free_text
