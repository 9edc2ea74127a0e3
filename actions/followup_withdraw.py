"""Withdrawing a testimony from the chat: ask, then delete on a clear yes.

The yes must answer the confirmation just asked: a rule spanning the two turns, and here
the `followup_step` slot and the action that asked, checked; a "oui" typed later deletes
nothing. The reply is read by its words first (`bot.conversation.withdrawal`): "oui
supprimez", "effacer", "ok allez-y" are yes whatever the intent; an unclear reply gets the
question again. A withdrawal asked for inside another follow-up message ("annuler mon
témoignage", a wish said before the code) comes here through the step `withdraw_wanted`.
The testimony, its follow-up messages and the conversation that saved it are deleted by
the storage; the message that says so asks the REST channel to delete this conversation
too once delivered (`bot.storage.tracker_redaction.forget_mark`).
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.followup_common import (
    CODE_ASKED,
    STEP,
    WISH,
    WITHDRAW_ASKED,
    busy,
    closed,
    guarded,
    opened_testimony,
    say,
    show_menu,
)
from actions.help import remind_pending_step
from actions.tracker_reading import latest_intent, latest_text, previous_action
from bot.conversation import followup as words
from bot.conversation import withdrawal
from bot.conversation.followup_moves import WITHDRAW
from bot.settings import get_settings
from bot.storage.followups import OpenedTestimony, withdraw
from bot.storage.tracker_redaction import forget_mark

ACTION = "action_followup_withdraw"


class ActionFollowupWithdraw(Action):
    """Ask to confirm the withdrawal; on yes, withdraw; on no, keep."""

    def name(self) -> str:
        return ACTION

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        return guarded(_withdraw_step, dispatcher, tracker, withdrawal.FAILED)


def confirmation_just_asked(tracker: Tracker) -> bool:
    """True when the latest message replies to the withdrawal confirmation."""
    return tracker.get_slot(STEP) == WITHDRAW_ASKED and previous_action(tracker) == ACTION


def _withdraw_step(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    intent, _ = latest_intent(tracker)
    confirming = confirmation_just_asked(tracker)
    opened = opened_testimony(tracker)
    if opened is None:
        return _without_testimony(dispatcher, tracker, confirming)
    if confirming:
        reply = withdrawal.confirmation_reply(latest_text(tracker), intent)
        return answer_confirmation(dispatcher, tracker, opened, reply)
    if busy(tracker):
        say(dispatcher, tracker, words.FINISH_REPORT_FIRST.format(reference=opened.reference))
        remind_pending_step(dispatcher, tracker)
        return []
    return _ask(dispatcher, tracker, opened)


def _ask(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    opened: OpenedTestimony,
    before: str | None = None,
) -> list[EventType]:
    text = withdrawal.confirm_text(opened.reference)
    say(
        dispatcher,
        tracker,
        f"{before} {text}" if before else text,
        buttons=withdrawal.CONFIRM_BUTTONS,
    )
    return [SlotSet(STEP, WITHDRAW_ASKED)]


def answer_confirmation(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    opened: OpenedTestimony | None,
    reply: str,
) -> list[EventType]:
    """Withdraw on yes, keep on no, ask again when unclear."""
    if opened is None:
        say(dispatcher, tracker, words.GONE)
        return closed()
    if reply == withdrawal.YES:
        return _withdraw(dispatcher, opened)
    if reply == withdrawal.NO:
        return show_menu(dispatcher, tracker, opened, before=withdrawal.KEPT)
    return _ask(dispatcher, tracker, opened, before=withdrawal.ASK_AGAIN)


def _without_testimony(
    dispatcher: CollectingDispatcher, tracker: Tracker, confirming: bool
) -> list[EventType]:
    """Nothing open: gone since the confirmation, or the code is needed first (the wish to
    withdraw is remembered: once the code opens the testimony, the confirmation is asked)."""
    if confirming:
        say(dispatcher, tracker, words.GONE)
        return closed()
    if busy(tracker):
        say(dispatcher, tracker, withdrawal.ASK_CODE_FIRST + " " + words.ASK_CODE_DURING_REPORT)
        remind_pending_step(dispatcher, tracker)
        return []
    ask = words.ask_code_text(False, get_settings().ministry_contact, WITHDRAW)
    say(dispatcher, tracker, ask)
    return [SlotSet(STEP, CODE_ASKED), SlotSet(WISH, WITHDRAW)]


def _withdraw(dispatcher: CollectingDispatcher, opened: OpenedTestimony) -> list[EventType]:
    """Delete the testimony; this conversation is deleted once the answer is delivered."""
    if not withdraw(opened.id):
        dispatcher.utter_message(text=words.GONE)
        return closed()
    dispatcher.utter_message(
        text=withdrawal.withdrawn_text(opened.reference), json_message=forget_mark()
    )
    return closed()
