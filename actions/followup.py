"""Coming back with the follow-up code: open the testimony, then what the seller asks for.

`action_followup` answers every follow-up message (see `data/rules.yml`): a message with a
code opens the testimony (within the limits of `bot.conversation.followup_gate`); without a
code it asks for one, remembering what the seller said they want (`followup_wish`), which
it then does right after opening. With a testimony open, `bot.conversation.followup_moves`
reads the message and this action does what it says: a prompt (`followup_message_form`),
the receipt, the withdrawal (`action_followup_withdraw`), a message stored directly (an
answer to the question just shown, a question to staff, a new fact, with an undo button),
or the offer to add a message or start a new report.
"""

from __future__ import annotations

import time

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.followup_common import (
    ADD_OFFERED,
    CODE_ASKED,
    NEW_REPORT,
    STEP,
    STORY_BEFORE,
    TECHNICAL,
    WISH,
    busy,
    closed,
    guarded,
    opened_testimony,
    say,
    show_menu,
)
from actions.followup_open import choose, show_opened
from actions.followup_withdraw import answer_confirmation, confirmation_just_asked
from actions.help import remind_pending_step
from actions.report import start_report
from actions.tracker_reading import latest_intent, latest_text
from bot.conversation import followup as words
from bot.conversation import followup_gate as gate
from bot.conversation import followup_moves as moves
from bot.conversation import withdrawal
from bot.parsing.followup_code import (
    find_followup_code,
    looks_like_code_attempt,
    reference_in,
)
from bot.settings import get_settings
from bot.storage.followups import (
    add_seller_message,
    open_by_code,
    record_wrong_code,
    wrong_codes_last_minute,
)

OFFER_ANSWERS = frozenset({"affirm", "deny", "report_problem"})


class ActionFollowup(Action):
    """Everything the seller does with their follow-up code (see the module docstring)."""

    def name(self) -> str:
        return "action_followup"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        return guarded(_followup, dispatcher, tracker, TECHNICAL)


class ActionFollowupNewReport(Action):
    """A new report started from the follow-up: with the story the seller had just told
    when they chose it at the "add this message?" question (or took back its addition)."""

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
    text = latest_text(tracker)
    if tracker.get_slot(STEP) == ADD_OFFERED and intent in OFFER_ANSWERS:
        return _answer_offer(dispatcher, tracker, intent)
    if confirmation_just_asked(tracker):
        reply = withdrawal.confirmation_reply(text, intent)
        if reply != withdrawal.UNCLEAR:  # otherwise the seller moved on: read the message
            return answer_confirmation(dispatcher, tracker, opened_testimony(tracker), reply)
    wish = moves.wish_in(text) or _remembered_wish(tracker)
    code = find_followup_code(text)
    if code:
        return _open_with_code(dispatcher, tracker, code, wish)
    opened = opened_testimony(tracker)
    if opened is None:
        return _ask_code(dispatcher, tracker, text, wish)
    if busy(tracker):
        say(dispatcher, tracker, words.FINISH_REPORT_FIRST.format(reference=opened.reference))
        remind_pending_step(dispatcher, tracker)
        return []
    return choose(dispatcher, tracker, opened, text, intent)


def _remembered_wish(tracker: Tracker) -> str | None:
    wish = tracker.get_slot(WISH)
    return wish if wish in moves.WISHES else None


# --- the code -------------------------------------------------------------------------


def _open_with_code(
    dispatcher: CollectingDispatcher, tracker: Tracker, code: str, wish: str | None
) -> list[EventType]:
    """Look the code up, unless this conversation is paused or the service saturated; the
    wish said with or before the code is kept until a code opens the testimony."""
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
        return _attempt_slots(attempts) + asked + [SlotSet(WISH, wish)]
    return _attempt_slots(attempts) + show_opened(dispatcher, tracker, opened, wish)


def _attempt_slots(attempts: gate.Attempts) -> list[EventType]:
    return [
        SlotSet("wrong_codes", attempts.wrong),
        SlotSet("code_pause_until", attempts.pause_until),
    ]


def _ask_code(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, wish: str | None
) -> list[EventType]:
    """No testimony open and no code in the message: ask for it (or say what is wrong),
    remembering what the seller wants to do once it is open."""
    if busy(tracker) or tracker.get_slot("stage") == "code_shown":
        if busy(tracker):
            say(dispatcher, tracker, words.ASK_CODE_DURING_REPORT)
        remind_pending_step(dispatcher, tracker)
        return [SlotSet(WISH, wish)]
    reference = reference_in(text)
    if reference:
        answer = words.reference_text(reference)
    elif looks_like_code_attempt(text):
        answer = words.CODE_ATTEMPT
    else:
        answer = words.ask_code_text(words.mentions_lost_code(text), _contact(), wish)
    say(dispatcher, tracker, answer)
    return [SlotSet(STEP, CODE_ASKED), SlotSet(WISH, wish)]


def _contact() -> str:
    return get_settings().ministry_contact


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
