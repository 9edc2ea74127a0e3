"""The tracker sent to the action server: its state, and the events of the last user turns
only, instead of the whole conversation.

Rasa 3.6 sends the action server, at every call (one to three a message), the tracker with
every event of the conversation (`RemoteAction._action_call_format`, `EventVerbosity.ALL`):
for a whole report about 750 KB of JSON, 65 KB for its last call. Turning every event into
a dict and writing the JSON cost about 9 % of the Rasa server's time holding the
interpreter under load (py-spy, docs/measurements.md), and the action server reads it all
back.

Our actions read the tracker's state (slots, latest message, active loop, latest action),
which is sent whole, and walk its events back to the user message before the latest one
at most (`actions/tracker_reading.py`, `actions/help.py`, `actions/followup.py`); rasa_sdk's
form validation reads the slot events after the last action (`Tracker.slots_to_validate`).
The events sent start at that user message before the latest one (`USER_TURNS_SENT`); a
test (`tests/unit/test_action_payload.py`) checks that each reader gives
the same answer on these events as on the whole conversation, and that no other code of
the action server reads the events.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import rasa
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

USER_TURNS_SENT = 2
"""User messages whose turns are sent: the latest and the one before it."""


def recent_events(events: Any, user_turns: int = USER_TURNS_SENT) -> list[Event]:
    """The events from the `user_turns`-th last user message on (all of them when the
    conversation has fewer user messages)."""
    events = list(events)
    seen = 0
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            seen += 1
            if seen == user_turns:
                return events[index:]
    return events


def tracker_state_for_actions(tracker: DialogueStateTracker) -> dict[str, Any]:
    """`tracker.current_state(EventVerbosity.ALL)` with the recent events only, and the
    active loop's fields not deep-copied (`dataclasses.asdict` copied the whole parse of
    the message that started the form, 1.4 % of the server's time; the request is
    written at once, with the conversation's lock held)."""
    events = tracker.events
    loop = tracker.active_loop
    return {
        "sender_id": tracker.sender_id,
        "slots": tracker.current_slot_values(),
        "latest_message": tracker._latest_message_data(),  # noqa: SLF001
        "latest_event_time": events[-1].timestamp if events else None,
        "followup_action": tracker.followup_action,
        "paused": tracker.is_paused(),
        "events": [event.as_dict() for event in recent_events(events)],
        "latest_input_channel": tracker.get_latest_input_channel(),
        "active_loop": {field.name: getattr(loop, field.name) for field in fields(loop)}
        if loop
        else {},
        "latest_action": tracker.latest_action,
        "latest_action_name": tracker.latest_action_name,
    }


def _action_call_format(
    self: RemoteAction, tracker: DialogueStateTracker, domain: Domain
) -> dict[str, Any]:
    """Rasa's request to the action server, with `tracker_state_for_actions`."""
    result = {
        "next_action": self._name,  # noqa: SLF001
        "sender_id": tracker.sender_id,
        "tracker": tracker_state_for_actions(tracker),
        "version": rasa.__version__,
    }
    selective = self._is_selective_domain_enabled()  # noqa: SLF001
    if not selective or domain.does_custom_action_explicitly_need_domain(self.name()):
        result["domain"] = domain.as_dict()
    return result


def install() -> None:
    """Send the recent events only (idempotent)."""
    RemoteAction._action_call_format = _action_call_format  # type: ignore[method-assign]  # noqa: SLF001
