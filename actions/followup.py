"""Coming back with the follow-up code: open the testimony, then what the seller asks for.

`action_followup` answers every follow-up message (see `data/rules.yml`): a message with a
code opens the testimony (within the limits of `bot.conversation.followup_gate`); without a
code it asks for one; with a testimony open it starts a prompt (`followup_message_form`),
gives the receipt, or reads a free message (add it, or start a new report).
"""

from __future__ import annotations

import time

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.events import latest_intent, latest_text, today
from actions.followup_common import (
    ADD_OFFERED,
    CODE_ASKED,
    NEW_REPORT,
    OPEN,
    REFERENCE,
    STEP,
    TECHNICAL,
    WRITING,
    busy,
    closed,
    guarded,
    opened_testimony,
    receipt,
    say,
    show_menu,
)
from actions.help import remind_pending_step
from actions.report import start_report
from bot.conversation import followup as words
from bot.conversation import followup_gate as gate
from bot.conversation.followup_code import (
    find_followup_code,
    looks_like_code_attempt,
    reference_in,
)
from bot.conversation.prefill import prefill_from_story
from bot.settings import get_settings
from bot.storage.followups import (
    STATUS_FOR_SELLER,
    OpenedTestimony,
    add_seller_message,
    mark_read,
    open_by_code,
    open_question,
    record_wrong_code,
    unread_replies,
    wrong_codes_last_minute,
)

FREE_TEXT_INTENTS = frozenset(
    {"inform", "report_problem", "nlu_fallback", "out_of_scope", "correct"}
)
OFFER_ANSWERS = frozenset({"affirm", "deny", "report_problem"})
STORY_BEFORE = "story_before"  # the new report starts from the message before the choice
MAX_WORDS_FOR_REQUEST = 6
MIN_WORDS_TO_OFFER = 3


class ActionFollowup(Action):
    """Everything the seller does with their follow-up code (see the module docstring)."""

    def name(self) -> str:
        return "action_followup"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        return guarded(_followup, dispatcher, tracker, TECHNICAL)


class ActionFollowupNewReport(Action):
    """A new report started from the follow-up: with the story the seller had just told
    when they chose it at the "add this message?" question."""

    def name(self) -> str:
        return "action_followup_new_report"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        text = latest_text(tracker)
        if tracker.get_slot("followup_kind") == STORY_BEFORE:
            story = _previous_user_text(tracker)
        else:
            story = "" if text.startswith("/") else text
        events = start_report(dispatcher, dict(tracker.slots), story)
        return events + [SlotSet("followup_kind", None)]


def _followup(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    intent, _ = latest_intent(tracker)
    if tracker.get_slot(STEP) == ADD_OFFERED and intent in OFFER_ANSWERS:
        return _answer_offer(dispatcher, tracker, intent)
    text = latest_text(tracker)
    code = find_followup_code(text)
    if code:
        return _open_with_code(dispatcher, tracker, code)
    opened = opened_testimony(tracker)
    if opened is None:
        return _ask_code(dispatcher, tracker, text)
    if busy(tracker):
        say(dispatcher, tracker, words.FINISH_REPORT_FIRST.format(reference=opened.reference))
        remind_pending_step(dispatcher, tracker)
        return []
    return _choose(dispatcher, tracker, opened, text, intent)


# --- the code -------------------------------------------------------------------------


def _open_with_code(
    dispatcher: CollectingDispatcher, tracker: Tracker, code: str
) -> list[EventType]:
    """Look the code up, unless this conversation is paused or the service gate.saturated."""
    now = time.time()
    limits = gate.CodeLimits.from_settings(get_settings())
    attempts = gate.Attempts.from_slots(
        tracker.get_slot("wrong_codes"), tracker.get_slot("code_pause_until")
    ).current(now)
    wait = gate.minutes_left(attempts, now)
    if wait:
        say(dispatcher, tracker, words.paused_text(wait))
        return []
    if gate.saturated(wrong_codes_last_minute(), limits):
        say(dispatcher, tracker, words.SATURATED)
        return []
    opened = open_by_code(code)
    if opened is None:
        record_wrong_code()
        attempts = gate.after_wrong_code(attempts, now, limits)
        left = gate.tries_left(attempts, limits)
        say(dispatcher, tracker, words.wrong_code_text(left, limits.pause_minutes))
        asked = [] if busy(tracker) or left == 0 else [SlotSet(STEP, CODE_ASKED)]
        return _attempt_slots(attempts) + asked
    return _attempt_slots(attempts) + _show_opened(dispatcher, tracker, opened)


def _attempt_slots(attempts: gate.Attempts) -> list[EventType]:
    return [
        SlotSet("wrong_codes", attempts.wrong),
        SlotSet("code_pause_until", attempts.pause_until),
    ]


def _show_opened(
    dispatcher: CollectingDispatcher, tracker: Tracker, opened: OpenedTestimony
) -> list[EventType]:
    """Where the testimony stands, the staff replies not read yet (then marked read), and
    the menu; during a report, the report goes on afterwards."""
    status = STATUS_FOR_SELLER.get(opened.status, STATUS_FOR_SELLER["new"])
    text = words.status_text(opened.reference, opened.created_at, opened.platform, status)
    replies = unread_replies(opened.id)
    say(dispatcher, tracker, text if replies else f"{text}\n{words.NO_NEW_REPLY}")
    for reply in replies:
        say(dispatcher, tracker, words.reply_text(reply.text, reply.at, reply.is_question))
    mark_read([reply.id for reply in replies])
    events: list[EventType] = [SlotSet(REFERENCE, opened.reference)]
    if busy(tracker):
        say(dispatcher, tracker, words.FINISH_REPORT_FIRST.format(reference=opened.reference))
        remind_pending_step(dispatcher, tracker)
        return events
    if tracker.get_slot("stage") in ("code_shown", "done"):
        events.append(SlotSet("stage", None))  # the report before is saved: done with it
    shown = any(reply.is_question for reply in replies)
    return events + show_menu(dispatcher, tracker, opened, question_shown=shown)


def _ask_code(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> list[EventType]:
    """No testimony open and no code in the message: ask for it (or say what is wrong)."""
    if busy(tracker) or tracker.get_slot("stage") == "code_shown":
        if busy(tracker):
            say(dispatcher, tracker, words.ASK_CODE_DURING_REPORT)
        remind_pending_step(dispatcher, tracker)
        return []
    reference = reference_in(text)
    if reference:
        answer = words.reference_text(reference)
    elif looks_like_code_attempt(text):
        answer = words.CODE_ATTEMPT
    else:
        answer = words.ask_code_text(words.mentions_lost_code(text), _contact())
    say(dispatcher, tracker, answer)
    return [SlotSet(STEP, CODE_ASKED)]


def _contact() -> str:
    return get_settings().ministry_contact


# --- with a testimony open ------------------------------------------------------------


def _choose(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    opened: OpenedTestimony,
    text: str,
    intent: str | None,
) -> list[EventType]:
    """A button or a typed request; a free message is read as such."""
    free = intent in FREE_TEXT_INTENTS
    choice = _button_choice(tracker)
    if choice is None and (not free or len(text.split()) <= MAX_WORDS_FOR_REQUEST):
        choice = words.choice_in(text)
    if choice == words.RECEIPT:
        custom = receipt(opened.reference, tracker.sender_id)
        say(
            dispatcher,
            tracker,
            words.RECEIPT_TEXT.format(reference=opened.reference),
            custom=custom,
        )
        return [SlotSet(STEP, OPEN)]
    if choice in words.SELLER_KIND:
        return _start_prompt(dispatcher, tracker, opened, choice)
    if free:
        return _free_message(dispatcher, tracker, opened)
    return _show_opened(dispatcher, tracker, opened)


def _button_choice(tracker: Tracker) -> str | None:
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == "followup_choice":
            return str(entity.get("value"))
    return None


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


def _free_message(
    dispatcher: CollectingDispatcher, tracker: Tracker, opened: OpenedTestimony
) -> list[EventType]:
    """A message that is neither a button nor a request: a new report asked for, too
    short to mean anything, or something to add (asked first)."""
    text = latest_text(tracker)
    intent, _ = latest_intent(tracker)
    if intent == "report_problem" and not _is_story(text):
        return [SlotSet("followup_kind", None), SlotSet(STEP, NEW_REPORT)]
    if len(text.split()) < MIN_WORDS_TO_OFFER:
        return show_menu(dispatcher, tracker, opened)
    say(dispatcher, tracker, words.offer_to_add_text(opened.reference), buttons=words.OFFER_BUTTONS)
    return [SlotSet(STEP, ADD_OFFERED)]


def _is_story(text: str) -> bool:
    return not text.startswith("/") and "description" in prefill_from_story(text, today())


def _answer_offer(
    dispatcher: CollectingDispatcher, tracker: Tracker, intent: str
) -> list[EventType]:
    """The seller's choice about the message they wrote while the testimony was open."""
    story = _previous_user_text(tracker)
    if intent == "report_problem":
        return [SlotSet("followup_kind", STORY_BEFORE), SlotSet(STEP, NEW_REPORT)]
    opened = opened_testimony(tracker)
    if opened is None:
        say(dispatcher, tracker, words.GONE)
        return closed()
    if intent == "deny" or not story:
        return show_menu(dispatcher, tracker, opened, before=words.NOT_ADDED)
    at = add_seller_message(opened.id, story, "addition")
    before = words.sent_text(words.ADD, at)
    return show_menu(dispatcher, tracker, opened, before=before, anonymous=opened.anonymous)


def _previous_user_text(tracker: Tracker) -> str:
    """The user message before the latest one ('' when none)."""
    said = [event.get("text") or "" for event in tracker.events if event.get("event") == "user"]
    return said[-2] if len(said) >= 2 else ""
