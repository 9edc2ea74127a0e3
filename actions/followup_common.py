"""Glue shared by the follow-up actions: the open testimony, its menu, marked messages.

A testimony opened with its code is remembered by its reference in `followup_reference`
(never the code); `followup_step` says which prompt, if any, waits for the seller.
Every message answering a message that held a code asks the REST channel to mask codes in
the stored conversation once delivered; a message answering what the seller of an
anonymous testimony wrote asks for every identifier to be masked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.tracker_reading import latest_text
from bot.conversation.followup import menu_buttons, menu_text
from bot.conversation.session import report_in_progress
from bot.parsing.followup_code import has_code_shape
from bot.receipt_links import receipt_payload
from bot.storage.followups import OpenedTestimony, open_by_reference, open_question
from bot.storage.tracker_redaction import redaction_mark

logger = logging.getLogger(__name__)

REFERENCE = "followup_reference"
STEP = "followup_step"
WISH = "followup_wish"  # what the seller wants once the code opens the testimony
UNDO = "followup_undo"  # when the message stored directly was stored (ISO 8601)
CODE_ASKED, OPEN, WRITING = "code_asked", "open", "writing"
WITHDRAW_ASKED, ADD_OFFERED, NEW_REPORT = "withdraw_asked", "add_offered", "new_report"
# the opening just showed a staff question: the next message may be its answer
ANSWER_EXPECTED = "answer_expected"
# a withdrawal asked for in a follow-up message: action_followup_withdraw asks to confirm
WITHDRAW_WANTED = "withdraw_wanted"
# `followup_kind` when a new report starts from the message before the seller's choice
STORY_BEFORE = "story_before"
TECHNICAL = (
    "Un problème technique empêche d'accéder au suivi pour le moment. Réessayez dans un instant."
)


def say(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    text: str,
    buttons: list[dict[str, str]] | None = None,
    custom: dict[str, Any] | None = None,
    anonymous: bool = False,
) -> None:
    """Send `text`, asking for the redaction its answer needs (see the module docstring)."""
    mark = {}
    if anonymous:
        mark = redaction_mark(True)
    elif has_code_shape(latest_text(tracker)):
        mark = redaction_mark(False)
    payload = {**mark, **(custom or {})}
    dispatcher.utter_message(text=text, buttons=buttons or [], json_message=payload or None)


def opened_testimony(tracker: Tracker) -> OpenedTestimony | None:
    """The testimony this conversation opened with its code, if it still exists."""
    reference = tracker.get_slot(REFERENCE)
    return open_by_reference(reference) if isinstance(reference, str) and reference else None


def busy(tracker: Tracker) -> bool:
    """True while a report is being filled or waits at its summary: no follow-up prompt
    then, the report goes first."""
    return report_in_progress(dict(tracker.slots))


def show_menu(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    opened: OpenedTestimony,
    before: str | None = None,
    question_shown: bool = False,
    anonymous: bool = False,
    first_buttons: list[dict[str, str]] | None = None,
    expect_answer: bool = False,
) -> list[EventType]:
    """What the seller can do now (with the PDF receipt of the testimony). With
    `expect_answer` and a staff question waiting, the next message is read as its answer
    (step `answer_expected`)."""
    question = open_question(opened.id)
    expecting = expect_answer and question is not None
    text = menu_text(question.text if question else None, question_shown, expecting)
    say(
        dispatcher,
        tracker,
        f"{before}\n{text}" if before else text,
        buttons=(first_buttons or []) + menu_buttons(question is not None),
        custom=receipt(opened.reference, tracker.sender_id),
        anonymous=anonymous,
    )
    return [SlotSet(STEP, ANSWER_EXPECTED if expecting else OPEN)]


def receipt(reference: str, sender_id: str) -> dict[str, str]:
    """The custom payload with which the chat offers the testimony's PDF receipt; none
    when the link cannot be made (the rest of the answer still goes)."""
    try:
        return receipt_payload(reference, sender_id)
    except (OSError, ValueError):
        logger.exception("making a receipt link failed")
        return {}


def guarded(
    step: Callable[[CollectingDispatcher, Tracker], list[EventType]],
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    failure: str,
) -> list[EventType]:
    """Run one follow-up `step`; on a database error say `failure` (nothing is lost). The
    events always end with the `followup_step` the rules follow."""
    try:
        events = step(dispatcher, tracker)
    except SQLAlchemyError:
        logger.exception("a follow-up step failed")
        say(dispatcher, tracker, failure)
        events = []
    return with_step(events, tracker)


def with_step(events: list[EventType], tracker: Tracker) -> list[EventType]:
    """`events`, ending with the `followup_step` the rules follow: the one set there, or
    the resting one (the testimony open, or nothing pending; nothing during a report)."""
    if any(event.get("event") == "slot" and event.get("name") == STEP for event in events):
        return events
    reference = next(
        (e["value"] for e in events if e.get("event") == "slot" and e.get("name") == REFERENCE),
        tracker.get_slot(REFERENCE),
    )
    resting = OPEN if reference and not busy(tracker) else None
    return [*events, SlotSet(STEP, resting)]


def closed() -> list[EventType]:
    """Forget the opened testimony (gone, withdrawn)."""
    return [SlotSet(REFERENCE, None), SlotSet(STEP, None), SlotSet(WISH, None), SlotSet(UNDO, None)]
