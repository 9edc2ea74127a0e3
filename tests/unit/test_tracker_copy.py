"""A tracker copied from its state (bot/rasa_plugins/tracker_copy.py) is the tracker Rasa's
`copy()` makes by replaying every event: on conversations grown event by event with forms,
interruptions, rejections, reverts, restarts, new sessions, pauses and slots."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.actions.forms import FormAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    Event,
    FollowupAction,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.slots import BooleanSlot, TextSlot
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.rasa_plugins import tracker_copy

_FORMS = ["form_a", "form_b"]

_events = st.one_of(
    st.sampled_from(["action_listen", "utter_hi", "action_x", *_FORMS]).map(ActionExecuted),
    st.sampled_from(["greet", "inform"]).map(
        lambda intent: UserUttered("texte", {"name": intent, "confidence": 1.0})
    ),
    st.sampled_from([*_FORMS, None]).map(ActiveLoop),
    st.sampled_from(_FORMS).map(ActionExecutionRejected),
    st.booleans().map(LoopInterrupted),
    st.just(None).map(lambda _: ActionReverted()),
    st.just(None).map(lambda _: UserUtteranceReverted()),
    st.just(None).map(lambda _: Restarted()),
    st.just(None).map(lambda _: SessionStarted()),
    st.just(None).map(lambda _: AllSlotsReset()),
    st.just(None).map(lambda _: ConversationPaused()),
    st.just(None).map(lambda _: ConversationResumed()),
    st.sampled_from(["utter_hi", "action_x"]).map(FollowupAction),
    st.sampled_from(["réponse", ""]).map(BotUttered),
    st.sampled_from(["a", "b", None]).map(lambda value: SlotSet("text", value)),
    st.sampled_from([True, False]).map(lambda value: SlotSet("flag", value)),
    st.just(None).map(lambda _: SlotSet("unknown", 1)),
)


def _slots() -> list:
    return [
        TextSlot("text", mappings=[], initial_value="start"),
        BooleanSlot("flag", mappings=[]),
    ]


def _message(message: Event, events: list[Event]) -> object:
    if any(event is message for event in events):
        return ("event", id(message))
    return ("new", type(message).__name__, message.as_dict() | {"timestamp": None})


def _state(tracker: DialogueStateTracker) -> dict:
    events = list(tracker.events)
    return {
        # Rasa's attributes (the memo that bot/rasa_plugins/applied_events.py may leave on
        # a tracker, once installed, is a cache made again on demand)
        "attributes": sorted(a for a in vars(tracker) if not a.startswith("signalpme_")),
        "events": [id(event) for event in events],
        "slots": {name: (type(s), vars(s)) for name, s in tracker.slots.items()},
        "latest_message": _message(tracker.latest_message, events),
        "latest_bot_utterance": _message(tracker.latest_bot_utterance, events),
        "active_loop": vars(tracker.active_loop) if tracker.active_loop else None,
        "others": (
            tracker.sender_id,
            tracker.sender_source,
            tracker.is_rule_tracker,
            tracker._paused,
            tracker.followup_action,
            tracker.latest_action,
            tracker.model_id,
            tracker.assistant_id,
            tracker._max_event_history,
        ),
        "current_state": tracker.current_state(EventVerbosity.ALL),
    }


@settings(max_examples=300, deadline=None)
@given(events=st.lists(_events, max_size=40), rule=st.booleans())
def test_same_tracker_as_rasa_replay(events: list[Event], rule: bool) -> None:
    tracker = DialogueStateTracker("someone", _slots(), is_rule_tracker=rule)
    tracker.model_id = "model"
    tracker.sender_source = "source"
    for event in events:
        tracker.update(event)
        ours = tracker_copy.copy_tracker(tracker)
        assert _state(ours) == _state(tracker_copy.RASA_COPY(tracker))


@settings(max_examples=50, deadline=None)
@given(events=st.lists(_events, min_size=1, max_size=20), more=st.lists(_events, max_size=5))
def test_the_copy_and_the_original_change_apart(events: list[Event], more: list[Event]) -> None:
    tracker = DialogueStateTracker("someone", _slots())
    for event in events:
        tracker.update(event)
    before = _state(tracker)
    copied = tracker_copy.copy_tracker(tracker)
    for event in more:
        copied.update(event)
    assert _state(tracker) == before


def test_a_capped_history_is_still_replayed_by_rasa() -> None:
    tracker = DialogueStateTracker("someone", _slots(), max_event_history=3)
    for value in ["a", "b", "a", "b", "a"]:
        tracker.update(SlotSet("text", value))
    assert _state(tracker_copy.copy_tracker(tracker)) == _state(tracker_copy.RASA_COPY(tracker))


def _domain() -> Domain:
    return Domain.from_dict(
        {
            "intents": ["greet", "inform"],
            "slots": {
                "text": {"type": "text", "initial_value": "start", "mappings": []},
                "flag": {"type": "bool", "mappings": []},
            },
            "forms": {name: {"required_slots": ["text", "flag"]} for name in _FORMS},
        }
    )


def _form_state(tracker: DialogueStateTracker, added: int) -> dict:
    """`_state` with the last `added` events (made anew by each call) compared by content."""
    state = _state(tracker)
    events = list(tracker.events)
    del state["current_state"]  # holds the new events' times
    state["events"] = state["events"][: len(events) - added] + [
        {**event.as_dict(), "timestamp": None} for event in events[len(events) - added :]
    ]
    return state


@settings(max_examples=300, deadline=None)
@given(
    events=st.lists(_events, max_size=40),
    additional=st.lists(_events, max_size=3),
    form=st.sampled_from(_FORMS),
)
def test_a_form_temporary_tracker_is_the_one_rasa_replays(
    events: list[Event], additional: list[Event], form: str
) -> None:
    domain = _domain()
    tracker = DialogueStateTracker("someone", domain.slots)
    for event in events:
        tracker.update(event)
    action = FormAction(form, None)
    ours = tracker_copy.temporary_form_tracker(action, tracker, list(additional), domain)
    rasa = tracker_copy.RASA_TEMPORARY_TRACKER(action, tracker, list(additional), domain)
    added = 2 + len(additional)
    assert _form_state(ours, added) == _form_state(rasa, added)


def test_slots_other_than_the_domains_are_told_apart() -> None:
    import copy

    domain = Domain.load("domain.yml")
    tracker = DialogueStateTracker("same", domain.slots)
    tracker.update(SlotSet("platform", "amazon"))
    assert tracker_copy._same_slots(tracker, domain)  # noqa: SLF001 - values aside
    equal = DialogueStateTracker("equal", [copy.deepcopy(slot) for slot in domain.slots])
    assert tracker_copy._same_slots(equal, domain)  # noqa: SLF001 - equal, not shared
    changed = DialogueStateTracker("changed", [copy.deepcopy(s) for s in domain.slots])
    changed.slots["platform"].initial_value = "ebay"
    assert not tracker_copy._same_slots(changed, domain)  # noqa: SLF001
    retyped = [TextSlot(s.name, s.mappings) if s.name == "anonymous" else s for s in domain.slots]
    assert not tracker_copy._same_slots(DialogueStateTracker("t", retyped), domain)  # noqa: SLF001
    fewer = DialogueStateTracker("fewer", domain.slots[1:])
    assert not tracker_copy._same_slots(fewer, domain)  # noqa: SLF001
