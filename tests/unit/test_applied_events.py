"""The resumed `applied_events` (bot/rasa_plugins/applied_events.py) answers what Rasa's
answers, event for event, however a conversation grows between two calls: forms activated,
interrupted and run again, reverted actions and utterances, restarts, new sessions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    Event,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_plugins import applied_events as resumed

_FORMS = ["form_a", "form_b"]
_ACTIONS = ["action_listen", "utter_hi", "action_x", *_FORMS]

_events = st.one_of(
    st.sampled_from(_ACTIONS).map(ActionExecuted),
    st.sampled_from(["greet", "inform", "stop"]).map(
        lambda intent: UserUttered("texte", {"name": intent, "confidence": 1.0})
    ),
    st.sampled_from([*_FORMS, None]).map(ActiveLoop),
    st.sampled_from(_FORMS).map(lambda name: ActionExecutionRejected(name)),
    st.booleans().map(LoopInterrupted),
    st.just(None).map(lambda _: ActionReverted()),
    st.just(None).map(lambda _: UserUtteranceReverted()),
    st.just(None).map(lambda _: Restarted()),
    st.just(None).map(lambda _: SessionStarted()),
    st.just(None).map(lambda _: BotUttered("réponse")),
    st.just(None).map(lambda _: DefinePrevUserUtteredFeaturization(False)),
    st.sampled_from(["a", "b"]).map(lambda value: SlotSet("slot", value)),
)


def _rasa(tracker: DialogueStateTracker) -> list[Event]:
    return resumed.RASA_APPLIED_EVENTS(tracker)


@settings(max_examples=300, deadline=None)
@given(chunks=st.lists(st.lists(_events, max_size=12), min_size=1, max_size=8))
def test_same_events_as_rasa_at_every_step(chunks: list[list[Event]]) -> None:
    tracker = DialogueStateTracker("someone", slots=[])
    for chunk in chunks:
        for event in chunk:
            tracker.events.append(event)  # as `update` does, without replaying state
        answer = resumed.applied_events(tracker)
        assert [id(e) for e in answer] == [id(e) for e in _rasa(tracker)]
        answer.clear()  # the caller's list is its own: the next answer is whole again
        assert [id(e) for e in resumed.applied_events(tracker)] == [id(e) for e in _rasa(tracker)]


@settings(max_examples=100, deadline=None)
@given(first=st.lists(_events, min_size=1, max_size=20), then=st.lists(_events, max_size=20))
def test_a_capped_history_that_dropped_its_first_event_is_walked_again(
    first: list[Event], then: list[Event]
) -> None:
    tracker = DialogueStateTracker("someone", slots=[], max_event_history=10)
    for event in first:
        tracker.events.append(event)
    resumed.applied_events(tracker)
    for event in then:
        tracker.events.append(event)
    assert [id(e) for e in resumed.applied_events(tracker)] == [id(e) for e in _rasa(tracker)]


def test_a_form_run_again_is_taken_out_as_rasa_does() -> None:
    tracker = DialogueStateTracker("someone", slots=[])
    for event in [
        ActionExecuted("action_listen"),
        UserUttered("je veux signaler", {"name": "report", "confidence": 1.0}),
        ActionExecuted("form_a"),
        ActiveLoop("form_a"),
        ActionExecuted("action_listen"),
    ]:
        tracker.events.append(event)
    before = resumed.applied_events(tracker)
    tracker.events.append(UserUttered("Amazon", {"name": "inform", "confidence": 1.0}))
    tracker.events.append(ActionExecuted("form_a"))
    after = resumed.applied_events(tracker)
    assert len(before) == 5
    assert [id(e) for e in after] == [id(e) for e in _rasa(tracker)]
    # the form's second run takes out the turn between the two runs, as in Rasa
    assert [type(e).__name__ for e in after] == [
        "ActionExecuted",
        "UserUttered",
        "ActionExecuted",
        "ActiveLoop",
    ]
