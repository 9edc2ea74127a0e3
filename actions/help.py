"""Actions that answer around the report: greeting, FAQ, why, human contact, fallback."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.tracker_reading import latest_intent, latest_text, today
from bot.campaign import status_sentence
from bot.conversation.interruptions import FAQ_INTENTS, looks_like_question
from bot.conversation.messages import (
    PENDING_STEP_PROMPTS,
    human_contact_text,
    several_platforms_answer,
)
from bot.conversation.questions import why_asked
from bot.conversation.session import report_in_progress
from bot.settings import get_settings
from bot.taxonomy import detect_platforms

MENU_BUTTONS = [
    {"title": "Signaler un problème", "payload": "/report_problem"},
    {"title": "Questions fréquentes", "payload": "/help"},
    {"title": "Parler à quelqu'un", "payload": "/request_human"},
]


def remind_pending_step(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """After an aside at the summary or the code, say what is still waiting for the user.

    Inside the form nothing is needed: the form asks its question again by itself.
    """
    prompt = PENDING_STEP_PROMPTS.get(tracker.get_slot("stage"))
    if prompt and not (tracker.active_loop or {}).get("name"):
        text, buttons = prompt
        dispatcher.utter_message(text=text, buttons=buttons)


class ActionGreet(Action):
    """Greet; offer to resume a report left unfinished."""

    def name(self) -> str:
        return "action_greet"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        if report_in_progress(dict(tracker.slots)):
            dispatcher.utter_message(
                text="Bonjour ! Vous aviez commencé un signalement. Voulez-vous le reprendre ?",
                buttons=[
                    {"title": "Reprendre mon signalement", "payload": "/resume"},
                    {"title": "Commencer un nouveau signalement", "payload": "/report_problem"},
                ],
            )
        else:
            dispatcher.utter_message(response="utter_greet")
        return []


class ActionExplainQuestion(Action):
    """Say in one line why the current question is asked (the form asks it again)."""

    def name(self) -> str:
        return "action_explain_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        dispatcher.utter_message(text=why_asked(tracker.get_slot("requested_slot")))
        remind_pending_step(dispatcher, tracker)
        return []


class ActionAnswerFaq(Action):
    """Answer one of the FAQ intents with its response."""

    def name(self) -> str:
        return "action_answer_faq"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        intent, _ = latest_intent(tracker)
        if intent not in FAQ_INTENTS:
            dispatcher.utter_message(response="utter_help")
            return []
        if tracker.get_slot("stage") == "summary" and not looks_like_question(latest_text(tracker)):
            # "finalement je préfère rester anonyme" at the summary is a change, not a question
            return [FollowupAction("action_correct")]
        if intent == "faq_several_platforms":
            answer = several_platforms_answer(
                tracker.get_slot("stage"), detect_platforms(latest_text(tracker))
            )
            if answer:
                dispatcher.utter_message(text=answer[0], buttons=answer[1])
                return []
        settings = get_settings()
        status = status_sentence(today(), settings.campaign_start, settings.campaign_end)
        dispatcher.utter_message(response=f"utter_{intent}", campaign_status=status)
        if _waiting_for_nothing(tracker):  # no dead end: what the seller can do next
            dispatcher.utter_message(text=AFTER_FAQ, buttons=AFTER_FAQ_BUTTONS)
        remind_pending_step(dispatcher, tracker)
        return []


AFTER_FAQ = "Que souhaitez-vous faire ?"
AFTER_FAQ_BUTTONS = [
    {"title": "Signaler un problème", "payload": "/report_problem"},
    {"title": "Autres questions", "payload": "/help"},
    {"title": "Parler à quelqu'un", "payload": "/request_human"},
]


def _waiting_for_nothing(tracker: Tracker) -> bool:
    """No report under way, no summary or code waiting: an answer would end the chat."""
    if (tracker.active_loop or {}).get("name"):
        return False
    return tracker.get_slot("stage") not in PENDING_STEP_PROMPTS and not report_in_progress(
        dict(tracker.slots)
    )


class ActionExplainHuman(Action):
    """Explain how to reach a person: a callback (not anonymous) or the ministry's channel."""

    def name(self) -> str:
        return "action_explain_human"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        dispatcher.utter_message(text=human_contact_text(get_settings().ministry_contact))
        remind_pending_step(dispatcher, tracker)
        return []


class ActionFallback(Action):
    """An unknown message: help with buttons; twice in a row, the menu and a human contact.

    Inside the form the help is about the question, which the form then asks again.
    """

    def name(self) -> str:
        return "action_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        in_form = bool((tracker.active_loop or {}).get("name"))
        if _fallback_answered_previous_message(tracker):
            contact = get_settings().ministry_contact
            dispatcher.utter_message(
                text="Je ne comprends toujours pas, désolé. Voici ce que je sais faire. Vous "
                f"pouvez aussi joindre une personne du ministère : {contact}.",
                buttons=MENU_BUTTONS,
            )
        elif in_form:
            dispatcher.utter_message(
                text="Je n'ai pas compris ce message. Répondez à la question ci-dessous avec "
                "vos mots, ou écrivez « pourquoi ? », « passer » ou « annuler »."
            )
        else:
            dispatcher.utter_message(
                text="Je n'ai pas bien compris. Vous pouvez me raconter votre problème avec une "
                "plateforme, ou choisir ci-dessous.",
                buttons=MENU_BUTTONS,
            )
        return []


def _fallback_answered_previous_message(tracker: Tracker) -> bool:
    """True when the user message before the latest one also ended in a fallback."""
    users_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen == 2:
                return False
        elif users_seen == 1 and event.get("name") == "action_fallback":
            return True
    return False
