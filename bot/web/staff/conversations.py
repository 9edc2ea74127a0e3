"""Unfinished and cancelled conversations: tracker senders with no saved testimony."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from flask import abort, render_template, request

from bot.fields import BY_NAME, label
from bot.storage.testimonies import has_testimony, saved_sender_ids
from bot.storage.unfinished_conversations import (
    NO_QUESTION,
    ConversationFilters,
    unfinished_page,
)
from bot.web.staff import blueprint
from bot.web.staff.audit import record
from bot.web.staff.paging import Page, page_number
from bot.web.staff.transcripts import transcript

PAGE_SIZE = 25
FILTER_NAMES = ("since", "until", "last_question")
OTHER_QUESTIONS = {"followup_message": "Message de suivi (déclarant revenu avec son code)"}
"""Labels of the questions of other forms than the testimony's (not registry fields)."""
_SLOT = re.compile(r"[a-z][a-z0-9_]{0,63}")


def slot_label(slot: str | None) -> str:
    """The French label of the question a conversation stopped at."""
    if not slot or slot == NO_QUESTION:
        return "Avant le questionnaire"
    if slot in BY_NAME:
        return label(slot)  # "visibility" too: a question, not a column
    return OTHER_QUESTIONS.get(slot, f"Autre question ({slot})")


def parse_conversation_filters(
    args: Mapping[str, str],
) -> tuple[ConversationFilters, str | None]:
    """The filters of the query string, and an error message if one value was invalid
    (then no filter applies)."""
    values = {name: (args.get(name) or "").strip() for name in FILTER_NAMES}
    try:
        since, until = (
            date.fromisoformat(values[name]) if values[name] else None
            for name in ("since", "until")
        )
    except ValueError:
        return ConversationFilters(), "Filtre invalide : la liste affiche toutes les conversations."
    question = values["last_question"] or None
    if question is not None and question != NO_QUESTION and not _SLOT.fullmatch(question):
        return ConversationFilters(), "Filtre invalide : la liste affiche toutes les conversations."
    return ConversationFilters(since=since, until=until, last_question=question), None


@blueprint.get("/conversations")
def conversation_list() -> str:
    """Conversations without a testimony, newest first, and where users stopped."""
    filters, error = parse_conversation_filters(request.args)
    number = page_number(request.args)
    result = unfinished_page(saved_sender_ids(), PAGE_SIZE, (number - 1) * PAGE_SIZE, filters)
    page = Page(number=number, size=PAGE_SIZE, total=result.total, args=request.args)
    record("view", "conversation", None, f"liste des conversations non abouties, page {number}")
    drops = [(slot or NO_QUESTION, slot_label(slot), count) for slot, count in result.drops]
    questions = [(slot or NO_QUESTION, slot_label(slot)) for slot, _ in result.drops]
    if filters.last_question and filters.last_question not in {q for q, _ in questions}:
        questions.append((filters.last_question, slot_label(filters.last_question)))
    return render_template(
        "staff/conversations.html",
        conversations=result.conversations,
        page=page,
        drops=drops,
        slot_label=slot_label,
        questions=sorted(questions, key=lambda q: q[1]),
        args=request.args if error is None else {},
        error=error,
    )


@blueprint.get("/conversations/<sender_id>")
def conversation_page(sender_id: str) -> str:
    """The transcript of one unfinished conversation, masked as if anonymous."""
    if has_testimony(sender_id):
        abort(404)
    turns = transcript(sender_id, anonymous=True)
    if not turns:
        abort(404)
    record("view", "conversation", sender_id)
    return render_template("staff/conversation.html", sender_id=sender_id, turns=turns)
