"""Whole product in chromium: the real bot behind the page (the `live_stack` fixture).

The conversation's questions change as the bot evolves, so the report is driven generically:
pick the anonymous option when offered, otherwise the first button, otherwise type a
plausible answer chosen from the words of the question. Reload and "Nouveau signalement" on
the real bot are in test_chat_widget.py.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"\bSP-\d{4}-\d+\b")
FOLLOW_UP_CODE = re.compile(r"\b[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}\b")
STORY = (
    "Amazon a fermé mon compte vendeur sans explication début mars, "
    "8000 euros de ventes sont bloqués et personne ne répond au support."
)
TYPED_ANSWERS = [
    (("plateforme",), "Amazon"),
    (("racont", "décri", "expliqu", "passé", "problème"), STORY),
    (("quand", "date", "depuis", "commencé"), "depuis le 3 mars"),
    (("montant", "perte", "perdu", "euros", "€"), "8000 €"),
    (("part", "chiffre d'affaires", "%"), "80%"),
    (("salarié", "effectif", "taille", "personnes"), "je suis seul"),
    (("secteur", "activité"), "jouets"),
]
AVOID = re.compile(
    r"annuler|arrêter|stop|modifier|corriger|recommencer|question|humain|conseiller|"
    r"confidentiel|partag|nomm",
    re.IGNORECASE,
)
MAX_TURNS = 45


def typed_answer(question: str) -> str:
    lowered = question.lower()
    for words, answer in TYPED_ANSWERS:
        if any(word in lowered for word in words):
            return answer
    return "je ne sais pas"


def choose(buttons: list[str]) -> str:
    for title in buttons:
        if "anonym" in title.lower():
            return title
    safe = [title for title in buttons if not AVOID.search(title)]
    return (safe or buttons)[0]


def finished(chat: Any) -> tuple[str, str] | None:
    text = "\n".join(chat.bot_texts())
    reference, code = REFERENCE.search(text), FOLLOW_UP_CODE.search(text)
    return (reference.group(0), code.group(0)) if reference and code else None


def drive_anonymous_report(chat: Any) -> tuple[str, str]:
    """Answer every question until the reference and the follow-up code are shown."""
    repeats = 0
    last_question = ""
    for _ in range(MAX_TURNS):
        done = finished(chat)
        if done:
            return done
        question = chat.bot_texts()[-1]
        repeats = repeats + 1 if question == last_question else 0
        assert repeats < 3, f"stuck on: {question!r}\n" + "\n".join(chat.bot_texts())
        last_question = question
        buttons = chat.active_buttons()
        if buttons:
            chat.click(choose(buttons))
        else:
            chat.send(typed_answer(question))
    raise AssertionError(f"no reference after {MAX_TURNS} turns:\n{chat.bot_texts()}")


def test_complete_anonymous_report_is_exported(chat: Any, live_stack: Any) -> None:
    chat.open(live_stack.web_url)
    chat.wait_bot_count(1)
    reference, code = drive_anonymous_report(chat)
    records = [r for r in live_stack.export_records() if r.get("reference") == reference]
    assert len(records) == 1, f"{reference} not in the export"
    record = records[0]
    assert record["anonymous"] is True
    for identifying in ("company_name", "siren", "contact_name", "email", "phone"):
        assert record.get(identifying) is None
    assert code not in str(record), "the follow-up code itself is never exported"
