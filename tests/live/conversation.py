"""Drive a report through the REST webhook by recognising each question the bot asks."""

from __future__ import annotations

import re

from tests.live_stack import LiveStack
from tests.readable_client import plain

QUESTIONS = {
    "Sur quelle plateforme": "platform",
    "De quelle plateforme": "platform_other",
    "Quel est le problème": "problems",
    "Racontez-moi": "description",
    "Depuis quand": "started_on",
    "expliqué pourquoi": "reason_given",
    "prévenu à l'avance": "notice_given",
    "accéder à votre compte": "account_access",
    "contacté la plateforme": "contacted_platform",
    "Qu'a donné": "support_outcome",
    "interlocuteur humain": "human_contact",
    "part de votre chiffre": "revenue_share_pct",
    "estimez-vous votre perte": "estimated_loss_eur",
    "Combien de personnes": "company_size",
    "Que vendez-vous": "sector",
    "souhaitez-vous témoigner": "visibility",
    "nom de votre entreprise": "company_name",
    "SIREN": "siren",
    "quel nom": "contact_name",
    "adresse e-mail": "email",
    "numéro de téléphone": "phone",
    "vous rappelle": "wants_contact",
}


def texts(messages: list[dict]) -> str:
    return "\n".join(plain(m.get("text") or "") for m in messages)


def asked_slot(messages: list[dict]) -> str | None:
    """The question the bot's last message asks, as a slot name."""
    for message in reversed(messages):
        for key, slot in QUESTIONS.items():
            if key in plain(message.get("text") or ""):
                return slot
    return None


def answer_until_summary(
    live: LiveStack, sender: str, first: list[dict], answers: dict[str, str]
) -> tuple[list[dict], list[str]]:
    """Answer each question from `answers` ("passer" otherwise) until the summary.

    Returns the summary messages and the slots asked, in order.
    """
    reply, asked = first, []
    for _ in range(40):
        if "récapitulatif" in texts(reply):
            return reply, asked
        slot = asked_slot(reply)
        assert slot, f"unexpected bot message: {texts(reply)!r}"
        asked.append(slot)
        reply = live.say(sender, answers.get(slot, "passer"))
    raise AssertionError(f"no summary after 40 turns; asked {asked}")


def reference_in(messages: list[dict]) -> str:
    match = re.search(r"SP-\d{4}-\d{6}", texts(messages))
    assert match, texts(messages)
    return match.group(0)


def web_report_until_summary(
    live: LiveStack, secret: str, opening: str, answers: dict[str, str]
) -> list[dict]:
    """Through the web app as the widget does: greet, tell `opening`, answer each question
    from `answers` ("passer" otherwise); return the summary messages."""
    live.chat(secret, "/greet")
    reply = live.chat(secret, opening)
    for _ in range(40):
        if "récapitulatif" in texts(reply):
            return reply
        slot = asked_slot(reply)
        assert slot, f"unexpected bot message: {texts(reply)!r}"
        reply = live.chat(secret, answers.get(slot, "passer"))
    raise AssertionError("no summary after 40 turns")
