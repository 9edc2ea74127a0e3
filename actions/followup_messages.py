"""What the seller writes once a testimony is open: `followup_message_form`.

The form has one slot, `followup_message`, which never holds the seller's text: the
validation stores the message (`bot.storage.followups.add_seller_message`, dated, masked
for an anonymous testimony) and fills the slot with the time it was stored, or a marker
(cancelled, failed, gone). `action_followup_sent` then confirms it with its date and
offers the menu again. While the form is active every message goes to it, so a question
to staff that looks like a FAQ is sent, not answered.
"""

from __future__ import annotations

import logging
from datetime import datetime

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.followup_common import (
    TECHNICAL,
    closed,
    opened_testimony,
    say,
    show_menu,
    with_step,
)
from actions.tracker_reading import latest_intent, latest_text, message_is_unanswered
from bot.conversation import followup as words
from bot.storage.followups import add_seller_message, open_question

logger = logging.getLogger(__name__)
SLOT = "followup_message"
CANCELLED, FAILED, GONE = "cancelled", "failed", "gone"
FORM = "followup_message_form"


class ActionAskFollowupMessage(Action):
    """The prompt of the form: an addition, an answer to the staff question, a question."""

    def name(self) -> str:
        return f"action_ask_{SLOT}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        kind = tracker.get_slot("followup_kind") or words.ADD
        try:
            opened = opened_testimony(tracker)
            question = open_question(opened.id) if opened and kind == words.ANSWER else None
        except SQLAlchemyError:
            logger.exception("reading the open testimony failed")
            opened, question = None, None
        reference = opened.reference if opened else ""
        anonymous = bool(opened and opened.anonymous)
        text = words.prompt_text(kind, reference, anonymous, question.text if question else None)
        say(dispatcher, tracker, text, buttons=words.PROMPT_BUTTONS)
        return []


class ValidateFollowupMessageForm(FormValidationAction):
    """Stores the reply to the prompt (never the message that opened the form)."""

    def name(self) -> str:
        return "validate_followup_message_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot(REQUESTED_SLOT) != SLOT or not message_is_unanswered(tracker, FORM):
            return []
        text = latest_text(tracker)
        intent, _ = latest_intent(tracker)
        reply = words.prompt_reply(text, intent)
        if reply == words.CANCEL:
            return [SlotSet(SLOT, CANCELLED)]
        if reply == words.EMPTY:  # asked again; an empty SlotSet keeps the form from rejecting
            say(dispatcher, tracker, words.EMPTY_PROMPT_REPLY)
            return [SlotSet(SLOT, None)]
        return [SlotSet(SLOT, _store(tracker, text.strip()))]


def _store(tracker: Tracker, text: str) -> str:
    """Store the seller's message; the time it was stored (ISO 8601), or a marker."""
    kind = words.SELLER_KIND.get(tracker.get_slot("followup_kind") or "", "addition")
    question_id = tracker.get_slot("followup_question_id") if kind == "answer" else None
    try:
        opened = opened_testimony(tracker)
        if opened is None:
            return GONE
        return add_seller_message(opened.id, text, kind, question_id).isoformat()
    except LookupError:
        return GONE
    except (SQLAlchemyError, ValueError):
        logger.exception("storing a follow-up message failed")
        return FAILED


class ActionFollowupSent(Action):
    """After the form: the dated confirmation (or why nothing was sent), then the menu."""

    def name(self) -> str:
        return "action_followup_sent"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        value = tracker.get_slot(SLOT)
        kind = tracker.get_slot("followup_kind") or words.ADD
        reset = [
            SlotSet(SLOT, None),
            SlotSet("followup_kind", None),
            SlotSet("followup_question_id", None),
        ]
        try:
            opened = opened_testimony(tracker)
            if value == GONE or opened is None:
                say(dispatcher, tracker, words.GONE)
                return reset + closed()
            before, anonymous = _outcome(value, kind, opened.anonymous)
            return reset + show_menu(dispatcher, tracker, opened, before, anonymous=anonymous)
        except SQLAlchemyError:
            logger.exception("showing the follow-up menu failed")
            say(dispatcher, tracker, TECHNICAL)
            return with_step(reset, tracker)


def _outcome(value: str | None, kind: str, anonymous: bool) -> tuple[str, bool]:
    """The sentence before the menu, and whether the conversation is masked as anonymous
    (the seller's message of an anonymous testimony is in it)."""
    if value == CANCELLED:
        return words.NOT_SENT, False
    try:
        at = datetime.fromisoformat(value or "")
    except ValueError:
        return words.SEND_FAILED, False
    return words.sent_text(kind, at), anonymous
