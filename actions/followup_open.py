"""With a testimony open: say where it stands, then carry out what the seller's message asks.

`bot.conversation.followup_moves` decides (pure); this module only does it: the status and
the unread staff replies, a prompt (`followup_message_form`), the receipt, the withdrawal
handed to `action_followup_withdraw` (step `withdraw_wanted`), a message stored directly
with its undo button, the offer to add a message, a new report.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.followup_common import (
    ADD_OFFERED,
    ANSWER_EXPECTED,
    NEW_REPORT,
    OPEN,
    REFERENCE,
    STEP,
    STORY_BEFORE,
    UNDO,
    WISH,
    WITHDRAW_WANTED,
    WRITING,
    busy,
    closed,
    receipt,
    say,
    show_menu,
)
from actions.help import remind_pending_step
from actions.tracker_reading import today
from bot.conversation import followup as words
from bot.conversation import followup_moves as moves
from bot.conversation.messages import human_contact_text
from bot.conversation.prefill import prefill_from_story
from bot.settings import get_settings
from bot.storage.followups import (
    STATUS_FOR_SELLER,
    OpenedTestimony,
    add_seller_message,
    mark_read,
    open_question,
    undo_seller_message,
    unread_replies,
)


def show_opened(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    opened: OpenedTestimony,
    wish: str | None = None,
) -> list[EventType]:
    """Where the testimony stands, the staff replies not read yet (then marked read), then
    what the seller said they wanted, or the menu (the next message is read as the answer
    to a staff question waiting); during a report, the report goes on afterwards."""
    status = STATUS_FOR_SELLER.get(opened.status, STATUS_FOR_SELLER["new"])
    text = words.status_text(opened.reference, opened.created_at, opened.platform, status)
    replies = unread_replies(opened.id)
    say(dispatcher, tracker, text if replies else f"{text}\n{words.NO_NEW_REPLY}")
    for reply in replies:
        say(dispatcher, tracker, words.reply_text(reply.text, reply.at, reply.is_question))
    mark_read([reply.id for reply in replies])
    events: list[EventType] = [SlotSet(REFERENCE, opened.reference), SlotSet(WISH, None)]
    if busy(tracker):
        say(dispatcher, tracker, words.FINISH_REPORT_FIRST.format(reference=opened.reference))
        remind_pending_step(dispatcher, tracker)
        return events
    if tracker.get_slot("stage") in ("code_shown", "done"):
        events.append(SlotSet("stage", None))  # the report before is saved: done with it
    if wish:
        return events + _do(dispatcher, tracker, opened, moves.wish_move(wish), "")
    shown = any(reply.is_question for reply in replies)
    return events + show_menu(dispatcher, tracker, opened, question_shown=shown, expect_answer=True)


def choose(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    opened: OpenedTestimony,
    text: str,
    intent: str | None,
) -> list[EventType]:
    """A button, a typed request, an answer, a question, a new fact (see followup_moves)."""
    question = open_question(opened.id)
    situation = moves.Situation(
        answer_expected=tracker.get_slot(STEP) == ANSWER_EXPECTED and question is not None,
        open_question=question is not None,
        platform=opened.platform,
        undo_available=bool(tracker.get_slot(UNDO)),
    )
    move = moves.next_move(text, intent, situation, _button_choice(tracker), is_story(text))
    return _do(dispatcher, tracker, opened, move, text)


def _do(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    opened: OpenedTestimony,
    move: moves.Move,
    text: str,
) -> list[EventType]:
    """Carry out `move` for the open testimony (`text`: the seller's message)."""
    action = move.action
    if action == moves.GIVE_RECEIPT:
        return _give_receipt(dispatcher, tracker, opened)
    if action == moves.CONFIRM_WITHDRAWAL:
        return [SlotSet(STEP, WITHDRAW_WANTED)]  # action_followup_withdraw asks to confirm
    if action == moves.PROMPT:
        return _start_prompt(dispatcher, tracker, opened, move.kind or words.ADD)
    if action == moves.STORE:
        return _store(dispatcher, tracker, opened, move.kind or words.ADD, text)
    if action == moves.OFFER:
        say(
            dispatcher,
            tracker,
            words.offer_to_add_text(opened.reference),
            buttons=words.OFFER_BUTTONS,
        )
        return [SlotSet(STEP, ADD_OFFERED)]
    if action == moves.STATUS:
        return show_opened(dispatcher, tracker, opened)
    if action == moves.NEW_REPORT:
        return [SlotSet("followup_kind", None), SlotSet(STEP, NEW_REPORT)]
    if action in (moves.UNDO_LAST, moves.UNDO_AND_REPORT):
        return _undo(dispatcher, tracker, opened, then_report=action == moves.UNDO_AND_REPORT)
    if action == moves.HUMAN:
        say(dispatcher, tracker, human_contact_text(get_settings().ministry_contact))
        return [SlotSet(STEP, OPEN)]
    if action == moves.WELCOME:
        dispatcher.utter_message(response="utter_welcome")
        return [SlotSet(STEP, OPEN)]
    before = words.NOTHING_TO_CANCEL if action == moves.NOTHING_TO_CANCEL else None
    return show_menu(dispatcher, tracker, opened, before=before)


def _button_choice(tracker: Tracker) -> str | None:
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == "followup_choice":
            return str(entity.get("value"))
    return None


def _give_receipt(
    dispatcher: CollectingDispatcher, tracker: Tracker, opened: OpenedTestimony
) -> list[EventType]:
    """The PDF receipt (the widget's download button, from the custom payload)."""
    say(
        dispatcher,
        tracker,
        words.RECEIPT_TEXT.format(reference=opened.reference),
        buttons=words.menu_buttons(open_question(opened.id) is not None),
        custom=receipt(opened.reference, tracker.sender_id),
    )
    return [SlotSet(STEP, OPEN)]


def _start_prompt(
    dispatcher: CollectingDispatcher, tracker: Tracker, opened: OpenedTestimony, choice: str
) -> list[EventType]:
    """Hand over to `followup_message_form`, which asks and stores the message."""
    question_id = None
    if choice == words.ANSWER:
        question = open_question(opened.id)
        if question is None:
            return show_menu(dispatcher, tracker, opened, before=words.NO_OPEN_QUESTION)
        question_id = question.id
    return [
        SlotSet("followup_kind", choice),
        SlotSet("followup_question_id", question_id),
        SlotSet("followup_message", None),
        SlotSet("requested_slot", None),
        SlotSet(STEP, WRITING),
    ]


def _store(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    opened: OpenedTestimony,
    kind: str,
    text: str,
) -> list[EventType]:
    """Store the seller's message itself (an answer to the question waiting, a question to
    staff, a new fact), say so with its date, and offer to take it back."""
    question = open_question(opened.id) if kind == words.ANSWER else None
    if kind == words.ANSWER and question is None:
        kind = words.ADD  # answered meanwhile (another tab): kept as information
    try:
        at = add_seller_message(
            opened.id, text.strip(), words.SELLER_KIND[kind], question.id if question else None
        )
    except LookupError:
        say(dispatcher, tracker, words.GONE)
        return closed()
    story = kind == words.ADD and is_story(text)
    events = show_menu(
        dispatcher,
        tracker,
        opened,
        before=words.stored_text(kind, opened.reference, at),
        anonymous=opened.anonymous,
        first_buttons=words.undo_buttons(kind, story),
    )
    return [SlotSet(UNDO, at.isoformat()), *events]


def _undo(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    opened: OpenedTestimony,
    then_report: bool,
) -> list[EventType]:
    """Take back the message stored directly (if still the latest, within the window);
    with `then_report`, start a new report from it instead."""
    at = _stored_at(tracker.get_slot(UNDO))
    window = timedelta(minutes=words.UNDO_MINUTES)
    undone = at is not None and undo_seller_message(opened.id, at, within=window)
    before = words.undone_text(at) if undone and at else words.UNDO_TOO_LATE
    if then_report:
        say(dispatcher, tracker, before)
        return [
            SlotSet(UNDO, None),
            SlotSet("followup_kind", STORY_BEFORE),
            SlotSet(STEP, NEW_REPORT),
        ]
    return [SlotSet(UNDO, None), *show_menu(dispatcher, tracker, opened, before=before)]


def _stored_at(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def is_story(text: str) -> bool:
    """The message tells a marketplace problem (it could start a report of its own)."""
    return not text.startswith("/") and "description" in prefill_from_story(text, today())
