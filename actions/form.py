"""Validation of `testimony_form`: which questions apply, and what each reply means."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction
from rasa_sdk.types import DomainDict

from actions.tracker_reading import (
    FORM_NAME,
    latest_intent,
    latest_text,
    message_is_unanswered,
    slot_values,
    today,
)
from bot.conversation import questions
from bot.conversation.form_turn import ReplyOutcome, handle_reply
from bot.conversation.messages import REMAINING_VISIBILITY_QUESTIONS, platform_choice


class ValidateTestimonyForm(FormValidationAction):
    """Reads each reply with the parser of the question asked (see `bot.conversation`)."""

    def name(self) -> str:
        return f"validate_{FORM_NAME}"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        return questions.slots_to_ask(slot_values(tracker))

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slots = slot_values(tracker)
        requested = slots.get(REQUESTED_SLOT)
        events: list[EventType] = []
        if requested and message_is_unanswered(tracker):
            intent, confidence = latest_intent(tracker)
            outcome: ReplyOutcome = handle_reply(
                requested, latest_text(tracker), intent, confidence, slots, today()
            )
            for message in outcome.messages:
                dispatcher.utter_message(text=message)
            events = [SlotSet(name, value) for name, value in outcome.slots.items()]
            slots.update(outcome.slots)
        events.append(SlotSet(REQUESTED_SLOT, questions.next_slot(slots)))
        return events


class ActionAskVisibility(Action):
    """The visibility question, or only the choice left after half an answer."""

    def name(self) -> str:
        return "action_ask_visibility"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        ruled_out = tracker.get_slot("visibility_ruled_out")
        if ruled_out in REMAINING_VISIBILITY_QUESTIONS:
            text, buttons = REMAINING_VISIBILITY_QUESTIONS[ruled_out]
            dispatcher.utter_message(text=text, buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_ask_visibility")
        return []


class ActionAskPlatform(Action):
    """The platform question, with the platforms a story named as buttons when it is
    unclear which one it is about."""

    def name(self) -> str:
        return "action_ask_platform"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        candidates = tracker.get_slot("platform_candidates") or []
        if len(candidates) >= 2:
            text, buttons = platform_choice(candidates)
            dispatcher.utter_message(text=text, buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_ask_platform")
        return []
