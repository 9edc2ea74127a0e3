"""Unfinished and cancelled conversations: tracker senders with no saved testimony."""

from __future__ import annotations

from flask import abort, render_template, request

from bot.fields import label
from bot.storage.testimonies import has_testimony, saved_sender_ids
from bot.storage.unfinished_conversations import unfinished_page
from bot.web.staff import blueprint
from bot.web.staff.audit import record
from bot.web.staff.paging import Page, page_number
from bot.web.staff.transcripts import transcript

PAGE_SIZE = 25


def slot_label(slot: str | None) -> str:
    """The French label of the question a conversation stopped at."""
    if not slot:
        return "Avant le questionnaire"
    return label(slot)  # "visibility" too: a question, not a column


@blueprint.get("/conversations")
def conversation_list() -> str:
    """Conversations without a testimony, newest first, and where users stopped."""
    number = page_number(request.args)
    result = unfinished_page(saved_sender_ids(), PAGE_SIZE, (number - 1) * PAGE_SIZE)
    page = Page(number=number, size=PAGE_SIZE, total=result.total, args=request.args)
    drops = [(slot_label(slot), count) for slot, count in result.drops]
    return render_template(
        "staff/conversations.html",
        conversations=result.conversations,
        page=page,
        drops=drops,
        slot_label=slot_label,
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
