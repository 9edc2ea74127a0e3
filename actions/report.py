"""Actions around the report: start, summary, corrections, save, cancel, resume."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.similar import similar_testimonies
from actions.tracker_reading import latest_intent, latest_text, slot_values, today
from bot.conversation.corrections import understand_correction
from bot.conversation.messages import (
    AFTER_CORRECTION_BUTTONS,
    CHANGE_BUTTONS,
    CODE_BUTTONS,
    SUMMARY_BUTTONS,
    acknowledgement,
    after_correction,
    code_message,
    kept_message,
    new_code_message,
    next_steps,
    saved_message,
)
from bot.conversation.prefill import prefill_from_story
from bot.conversation.questions import BY_SLOT
from bot.conversation.record import build_record
from bot.conversation.session import new_report_slots, report_in_progress
from bot.conversation.summary import label, summary_text
from bot.fields import format_value
from bot.mail.outbox import enqueue_acknowledgement
from bot.receipt_links import receipt_payload
from bot.storage.kept import (
    DATABASE_UNREACHABLE,
    keep_testimony,
    store_kept_safely,
)
from bot.storage.testimonies import reissue_followup_code, save_testimony
from bot.storage.tracker_redaction import redaction_mark
from bot.visibility import LEVEL_SLOTS

logger = logging.getLogger(__name__)
CHANNELS = {"web", "rest", "socketio"}


def _set(values: dict[str, Any]) -> list[EventType]:
    return [SlotSet(name, value) for name, value in values.items()]


class ActionStartReport(Action):
    """Start a report; what the opening story already says is kept, not asked again."""

    def name(self) -> str:
        return "action_start_report"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        slots = slot_values(tracker)
        intent, _ = latest_intent(tracker)
        if slots.get("stage") == "reporting" and intent == "inform":
            # an answer typed after the session expired: go on with the same report
            dispatcher.utter_message(text="Reprenons votre signalement.")
            return [SlotSet("requested_slot", None), SlotSet("stage", "reporting")]
        return start_report(dispatcher, slots, latest_text(tracker))


def start_report(
    dispatcher: CollectingDispatcher, slots: dict[str, Any], story: str
) -> list[EventType]:
    """A new report; what `story` already says is kept and read back. A follow-up prompt
    left pending (bot.conversation.followup) no longer applies."""
    values = new_report_slots(slots)
    prefilled = prefill_from_story(story, today())
    values.update(prefilled)
    values["followup_step"] = None
    dispatcher.utter_message(text=acknowledgement(prefilled))
    return _set(values)


class ActionResume(Action):
    """Go back to an unfinished report."""

    def name(self) -> str:
        return "action_resume"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        slots = slot_values(tracker)
        if slots.get("stage") == "summary":  # "Voir le récapitulatif": the form shows it whole
            return [SlotSet("stage", "reporting"), SlotSet("requested_slot", None)]
        if report_in_progress(slots):
            dispatcher.utter_message(text="Reprenons votre signalement.")
            return [SlotSet("stage", "reporting"), SlotSet("requested_slot", None)]
        dispatcher.utter_message(text="Vous n'avez pas de signalement en cours : commençons-en un.")
        return _set({**new_report_slots(slots), "followup_step": None})


class ActionShowSummary(Action):
    """Show every answer and ask for confirmation."""

    def name(self) -> str:
        return "action_show_summary"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        slots = slot_values(tracker)
        corrected = slots.get("corrected_field")
        if isinstance(corrected, dict) and corrected.get("field") in BY_SLOT:
            text = after_correction(corrected["field"], slots, bool(corrected.get("confirmed")))
            dispatcher.utter_message(text=text, buttons=AFTER_CORRECTION_BUTTONS)
        else:
            dispatcher.utter_message(text=summary_text(slots), buttons=SUMMARY_BUTTONS)
        return [SlotSet("stage", "summary"), SlotSet("corrected_field", None)]


class ActionCorrect(Action):
    """Apply a correction in words, or ask which answer to change."""

    def name(self) -> str:
        return "action_correct"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        slots = slot_values(tracker)
        field = tracker.get_slot("field_to_change")
        if field in BY_SLOT:
            correction_field, values = field, {}
        else:
            correction = understand_correction(latest_text(tracker), slots, today())
            correction_field, values = correction.slot, correction.values
        if correction_field is None:
            dispatcher.utter_message(
                text="Que souhaitez-vous modifier ? Choisissez ci-dessous ou écrivez-le, "
                "par exemple « c'est Cdiscount pas Amazon » ou « modifier la date ».",
                buttons=CHANGE_BUTTONS,
            )
            return [SlotSet("field_to_change", None)]
        skipped = [s for s in slots.get("skipped_slots") or [] if s != correction_field]
        events = [SlotSet("field_to_change", None), SlotSet("skipped_slots", skipped)]
        confirmed = correction_field in values  # else asked again ("pas en anonyme": half)
        events.append(
            SlotSet("corrected_field", {"field": correction_field, "confirmed": confirmed})
        )
        if confirmed:
            shown = format_value(correction_field, values.get(correction_field))
            dispatcher.utter_message(text=f"C'est corrigé : {label(correction_field)} → {shown}.")
            events += _set(values)
        else:
            events.append(SlotSet(correction_field, None))
            if correction_field == "visibility":
                events += [SlotSet(name, None) for name in LEVEL_SLOTS]
            events += _set(values)
        return events + [SlotSet("requested_slot", None), SlotSet("stage", "reporting")]


class ActionSaveTestimony(Action):
    """Save the confirmed testimony once; show its reference and follow-up code.

    The code is never kept in the conversation: no slot holds it, and the message that
    shows it asks the REST channel to mask it in the stored conversation once delivered
    (with every identifier, for an anonymous testimony).
    """

    def name(self) -> str:
        return "action_save_testimony"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        slots = slot_values(tracker)
        if slots.get("reference"):
            dispatcher.utter_message(
                text=saved_message(slots["reference"]),
                json_message=_receipt(slots["reference"], tracker.sender_id) or None,
            )
            return []
        record = build_record(slots)
        submission = {
            "submission_id": slots.get("submission_id") or tracker.sender_id,
            "sender_id": tracker.sender_id,
            "channel": _channel(tracker),
            "identifying_details_flag": bool(slots.get("identifying_details_flag")),
        }
        store_kept_safely()  # testimonies kept while the database was down go first
        try:
            saved = save_testimony(record, **submission)
        except DATABASE_UNREACHABLE:
            logger.exception("the database is unreachable: keeping the testimony on disk")
            return self._keep(dispatcher, tracker, record, submission)
        except SQLAlchemyError:
            logger.exception("saving a testimony failed")
            return _try_again(dispatcher)
        text = code_message(saved.reference, saved.followup_code)
        similar = similar_testimonies(record, saved.reference)
        dispatcher.utter_message(
            text=f"{text}\n{similar}" if similar else text,
            buttons=CODE_BUTTONS,
            json_message={
                **redaction_mark(bool(record["anonymous"])),
                **_receipt(saved.reference, tracker.sender_id),
            },
        )
        enqueue_acknowledgement(saved.reference)  # never raises; nothing if anonymous
        return [SlotSet("reference", saved.reference), SlotSet("stage", "code_shown")]

    @staticmethod
    def _keep(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        record: dict[str, Any],
        submission: dict[str, Any],
    ) -> list[EventType]:
        """The database is down: keep the testimony on disk (`bot.storage.kept`), give the
        reference and code all the same; if even that fails, ask to try again."""
        try:
            kept = keep_testimony(record, **submission)
        except OSError:
            logger.exception("keeping a testimony on disk failed too")
            return _try_again(dispatcher)
        dispatcher.utter_message(
            text=kept_message(kept.reference, kept.followup_code),
            buttons=CODE_BUTTONS,
            json_message={
                **redaction_mark(bool(record["anonymous"])),
                **_receipt(kept.reference, tracker.sender_id),
            },
        )
        return [SlotSet("reference", kept.reference), SlotSet("stage", "code_shown")]


def _try_again(dispatcher: CollectingDispatcher) -> list[EventType]:
    """Nothing could be saved: the answers stay in the conversation, the seller retries."""
    dispatcher.utter_message(
        text="Un problème technique empêche l'enregistrement pour le moment. Vos "
        "réponses sont conservées : réessayez dans un instant.",
        buttons=[{"title": "Réessayer", "payload": "/affirm"}],
    )
    return [SlotSet("stage", "summary")]


def _receipt(reference: str, sender_id: str) -> dict[str, str]:
    """The custom payload offering the PDF receipt; none (the save still stands) if the
    link cannot be made."""
    try:
        return receipt_payload(reference, sender_id)
    except (OSError, ValueError):
        logger.exception("making a receipt link failed")
        return {}


def _channel(tracker: Tracker) -> str:
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    channel = metadata.get("channel") if isinstance(metadata, dict) else None
    if channel in CHANNELS:
        return channel
    return tracker.get_latest_input_channel() or "rest"


class ActionRepeatCode(Action):
    """A code is shown once: asked again, the conversation that saved the testimony gets a
    new code that replaces the previous one."""

    def name(self) -> str:
        return "action_repeat_code"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        reference = tracker.get_slot("reference")
        try:
            code = reissue_followup_code(reference, tracker.sender_id) if reference else None
        except SQLAlchemyError:
            logger.exception("issuing a new follow-up code failed")
            code = None
        if code is None:
            dispatcher.utter_message(
                text="Je ne peux pas vous donner de nouveau code pour le moment : "
                "réessayez dans un instant.",
                buttons=CODE_BUTTONS,
            )
            return []
        anonymous = tracker.get_slot("visibility") in (None, "anonymous")
        dispatcher.utter_message(
            text=new_code_message(reference, code),
            buttons=CODE_BUTTONS,
            json_message=redaction_mark(anonymous),
        )
        return []


class ActionCodeNoted(Action):
    """Forget the code in the conversation and offer another report."""

    def name(self) -> str:
        return "action_code_noted"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        named = tracker.get_slot("visibility") in ("confidential", "shared")
        dispatcher.utter_message(text=next_steps(named))
        dispatcher.utter_message(
            text="Merci pour votre témoignage. Avez-vous rencontré un problème avec une autre "
            "plateforme ? Vous pouvez faire un témoignage par plateforme.",
            buttons=[
                {"title": "Signaler une autre plateforme", "payload": "/report_problem"},
                {"title": "Non, c'est tout", "payload": "/goodbye"},
            ],
        )
        return [SlotSet("stage", "done")]


class ActionCancelReport(Action):
    """Drop the report: nothing is saved."""

    def name(self) -> str:
        return "action_cancel_report"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        dispatcher.utter_message(
            text="C'est annulé : rien n'a été enregistré. Vous pouvez revenir quand vous voulez.",
            buttons=[{"title": "Nouveau signalement", "payload": "/report_problem"}],
        )
        values = {name: None for name in new_report_slots({})}
        values["stage"] = None
        return _set(values)
