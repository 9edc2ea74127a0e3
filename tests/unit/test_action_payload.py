"""What Rasa sends the action server (bot/rasa_plugins/action_payload.py): the tracker's
state whole, the events of the last user turns only, and the domain only to the forms'
validations. Every reader of the events in `actions/` gives the same answer on what is sent
as on the whole conversation, and no other code there reads the events."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.utils.endpoints import EndpointConfig
from rasa_sdk import Tracker
from rasa_sdk.forms import FormValidationAction

import actions
from actions import followup, followup_messages, form, tracker_reading
from actions import help as help_actions
from bot.rasa_plugins import action_payload
from bot.settings import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))

READERS = {
    "message_is_unanswered": lambda t: tracker_reading.message_is_unanswered(t),
    "previous_action": lambda t: tracker_reading.previous_action(t),
    "_fallback_answered_previous_message": help_actions._fallback_answered_previous_message,  # noqa: SLF001
    "_previous_user_text": followup._previous_user_text,  # noqa: SLF001
}
"""Every function of `actions/` that reads `tracker.events` (the AST test below holds)."""

ACTION_NAMES = [
    "action_listen",
    "action_extract_slots",
    "testimony_form",
    "validate_testimony_form",
    "action_fallback",
    "action_followup",
    "action_greet",
    "action_answer_faq",
    "utter_help",
]
INTENTS = ["inform", "deny", "affirm", "nlu_fallback", "report_problem", None]
SLOTS = ["platform", "problems", "description", "requested_slot", "followup_message"]


def _event() -> st.SearchStrategy[Event]:
    return st.one_of(
        st.builds(
            lambda text, intent: UserUttered(
                text, {"name": intent, "confidence": 0.9} if intent else None
            ),
            st.text(max_size=12),
            st.sampled_from(INTENTS),
        ),
        st.builds(ActionExecuted, st.sampled_from(ACTION_NAMES)),
        st.builds(SlotSet, st.sampled_from(SLOTS), st.sampled_from([None, "amazon", "x"])),
        st.builds(BotUttered, st.text(max_size=8)),
        st.builds(ActiveLoop, st.sampled_from([None, "testimony_form"])),
    )


def _sdk_tracker(state: dict[str, Any]) -> Tracker:
    return Tracker.from_dict(state)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(_event(), max_size=40))
def test_every_reader_answers_the_same_on_the_recent_events(events: list[Event]) -> None:
    tracker = DialogueStateTracker.from_events("hypothesis", events, DOMAIN.slots)
    whole = tracker.current_state(EventVerbosity.ALL)
    sent = action_payload.tracker_state_for_actions(tracker)
    assert {k: v for k, v in sent.items() if k != "events"} == {
        k: v for k, v in whole.items() if k != "events"
    }
    assert sent["events"] == whole["events"][len(whole["events"]) - len(sent["events"]) :]
    full, recent = _sdk_tracker(whole), _sdk_tracker(sent)
    for name, read in READERS.items():
        assert read(recent) == read(full), name
    assert recent.slots_to_validate() == full.slots_to_validate()
    assert recent.latest_message == full.latest_message
    assert recent.active_loop == full.active_loop


def test_the_events_start_at_the_user_message_before_the_latest() -> None:
    events: list[Event] = [ActionExecuted("action_listen")]
    for number in range(6):
        events += [UserUttered(f"message {number}"), BotUttered("réponse")]
    recent = action_payload.recent_events(events)
    assert [e.text for e in recent if isinstance(e, UserUttered)] == ["message 4", "message 5"]
    assert recent[0] == UserUttered("message 4")
    short = events[:3]  # one user message: everything is sent
    assert action_payload.recent_events(short) == short


def _functions_reading_events(source: str) -> set[str]:
    """Names of the functions of `source` that read `<something>.events`."""
    readers = set()
    for function in ast.walk(ast.parse(source)):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, ast.Attribute) and node.attr in ("events", "applied_events"):
                    readers.add(function.name)
    return readers


def test_no_other_action_code_reads_the_events() -> None:
    found = set()
    for path in Path(actions.__file__).parent.glob("*.py"):
        found |= _functions_reading_events(path.read_text(encoding="utf-8"))
    # a new reader of the events must be checked here, and may need more turns sent
    assert found == set(READERS)


def test_rasa_sdk_form_validation_reads_only_the_trailing_slot_events() -> None:
    import rasa_sdk.forms

    source = inspect.getsource(rasa_sdk.forms)
    assert _functions_reading_events(source) == set()
    assert "slots_to_validate" in source


@pytest.mark.parametrize("selective", [True, False])
def test_the_domain_goes_to_the_forms_validations_only(selective: bool) -> None:
    action_payload.install()
    endpoint = EndpointConfig("http://127.0.0.1:1/webhook", enable_selective_domain=selective)
    tracker = DialogueStateTracker.from_events("x", [UserUttered("bonjour")], DOMAIN.slots)
    validations = {
        cls().name()
        for module in (form, followup_messages)
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, FormValidationAction) and cls is not FormValidationAction
    }
    assert validations == {"validate_testimony_form", "validate_followup_message_form"}
    for name in DOMAIN.user_actions:
        call = RemoteAction(name, endpoint)._action_call_format(tracker, DOMAIN)  # noqa: SLF001
        assert ("domain" in call) == (name in validations or not selective), name
        assert call["tracker"]["events"] == [e.as_dict() for e in tracker.events]
