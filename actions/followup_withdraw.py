"""Withdrawing a testimony from the chat: ask, then delete on a clear yes.

The yes must answer the confirmation just asked (a rule spanning the two turns, and the
`followup_step` slot checked here): a "oui" typed later deletes nothing. The testimony,
its follow-up messages and the conversation that saved it are deleted by the storage; the
message that says so asks the REST channel to delete this conversation too once delivered
(`bot.storage.tracker_redaction.forget_mark`).
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.events import latest_intent
from actions.followup_common import (
    CODE_ASKED,
    STEP,
    WITHDRAW_ASKED,
    busy,
    closed,
    guarded,
    opened_testimony,
    say,
    show_menu,
)
from actions.help import remind_pending_step
from bot.conversation import followup as words
from bot.conversation import withdrawal
from bot.settings import get_settings
from bot.storage.followups import OpenedTestimony, withdraw
from bot.storage.tracker_redaction import forget_mark


class ActionFollowupWithdraw(Action):
    """Ask to confirm the withdrawal; on yes, withdraw; on no, keep."""

    def name(self) -> str:
        return "action_followup_withdraw"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        return guarded(_withdraw_step, dispatcher, tracker, withdrawal.FAILED)


def _withdraw_step(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    intent, _ = latest_intent(tracker)
    confirming = tracker.get_slot(STEP) == WITHDRAW_ASKED and intent in ("affirm", "deny")
    opened = opened_testimony(tracker)
    if opened is None:
        return _without_testimony(dispatcher, tracker, confirming)
    if confirming and intent == "affirm":
        return _withdraw(dispatcher, opened)
    if confirming:
        return show_menu(dispatcher, tracker, opened, before=withdrawal.KEPT)
    if busy(tracker):
        say(dispatcher, tracker, words.FINISH_REPORT_FIRST.format(reference=opened.reference))
        remind_pending_step(dispatcher, tracker)
        return []
    say(
        dispatcher,
        tracker,
        withdrawal.confirm_text(opened.reference),
        buttons=withdrawal.CONFIRM_BUTTONS,
    )
    return [SlotSet(STEP, WITHDRAW_ASKED)]


def _without_testimony(
    dispatcher: CollectingDispatcher, tracker: Tracker, confirming: bool
) -> list[EventType]:
    """Nothing open: gone since the confirmation, or the code is needed first."""
    if confirming:
        say(dispatcher, tracker, words.GONE)
        return closed()
    if busy(tracker):
        say(dispatcher, tracker, withdrawal.ASK_CODE_FIRST + " " + words.ASK_CODE_DURING_REPORT)
        remind_pending_step(dispatcher, tracker)
        return []
    ask = words.ask_code_text(False, get_settings().ministry_contact)
    say(dispatcher, tracker, f"{withdrawal.ASK_CODE_FIRST} {ask}")
    return [SlotSet(STEP, CODE_ASKED)]


def _withdraw(dispatcher: CollectingDispatcher, opened: OpenedTestimony) -> list[EventType]:
    """Delete the testimony; this conversation is deleted once the answer is delivered."""
    if not withdraw(opened.id):
        dispatcher.utter_message(text=words.GONE)
        return closed()
    dispatcher.utter_message(
        text=withdrawal.withdrawn_text(opened.reference), json_message=forget_mark()
    )
    return closed()
