"""`DialogueStateTracker.copy`, made from the tracker's state instead of replaying its events.

Rasa 3.6 copies a tracker before running each action (`MessageProcessor._run_action`, so
that a rejected action's events can be dropped) by replaying every event of the
conversation on a fresh tracker (`travel_back_in_time(inf)`): for a whole report, 150 to
250 events replayed several times a message, about 3 % of the Rasa server's time holding
the interpreter under load (py-spy, docs/measurements.md).

A tracker's state is, by Rasa's own rule, "re-creatable by processing all the events"
(`DialogueStateTracker.__init__`), so the replay ends in the state the tracker holds. The
copy here is a new tracker holding that state: the same events (the same objects, as the
replay appends them), a copy of each slot with its value, a copy of the active loop and of
the latest action, the same latest messages; and what the replay's fresh tracker has
instead of the original's: no model or assistant id, no sender source. A tracker with a
capped history (whose dropped events the replay would not see) is still copied by Rasa.

A form likewise builds a tracker for each validation and each question by replaying the
conversation since its latest restart (`FormAction._temporary_tracker`, about 4 %): without
a restart, and with the domain's slots, that is the copy above with the form's events
applied after.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from rasa.core.actions.forms import FormAction
from rasa.shared.constants import DEFAULT_SENDER_ID
from rasa.shared.core.constants import REQUESTED_SLOT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    Restarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

RASA_COPY = DialogueStateTracker.copy
RASA_TEMPORARY_TRACKER = FormAction._temporary_tracker  # noqa: SLF001


def copy_tracker(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """The tracker `tracker.copy()` makes, without the replay (see the module docstring)."""
    if tracker._max_event_history is not None:  # noqa: SLF001 - Rasa's own attribute
        return RASA_COPY(tracker)
    copied: Any = DialogueStateTracker.__new__(DialogueStateTracker)
    copied._max_event_history = None
    events = tracker.events
    copied.events = tracker._create_events(events)  # noqa: SLF001
    copied.sender_id = tracker.sender_id or DEFAULT_SENDER_ID
    copied.slots = {name: copy.copy(slot) for name, slot in tracker.slots.items()}
    copied.sender_source = None
    copied.is_rule_tracker = tracker.is_rule_tracker
    copied._paused = tracker._paused  # noqa: SLF001
    copied.followup_action = tracker.followup_action
    copied.latest_action = dict(tracker.latest_action or {})
    copied.latest_message = _applied_or_empty(tracker.latest_message, events, UserUttered.empty)
    copied.latest_bot_utterance = _applied_or_empty(
        tracker.latest_bot_utterance, events, BotUttered.empty
    )
    copied.active_loop = copy.copy(tracker.active_loop)
    copied.model_id = None
    copied.assistant_id = None
    return copied


def _applied_or_empty(message: Any, events: Any, empty: Callable[[], Any]) -> Any:
    """The tracker's latest user or bot message: the same event when it is one of the
    tracker's events (the replay applies it again, last), else a new empty message, as the
    replay's reset leaves."""
    if any(event is message for event in reversed(events)):
        return message
    return empty()


_VALUE_STATE = ("_value", "_has_been_set")


def _same_slots(tracker: DialogueStateTracker, domain: Domain) -> bool:
    """True when the tracker's slots are the domain's, in its order, but for their values.
    (A tracker's slots are copies of the domain's, sharing their attributes: each is
    compared by identity first, by value only when that fails.)"""
    if list(tracker.slots) != [slot.name for slot in domain.slots]:
        return False
    for slot in domain.slots:
        held = tracker.slots[slot.name]
        if type(held) is not type(slot):
            return False
        mine, theirs = vars(held), vars(slot)
        if mine.keys() != theirs.keys():
            return False
        for key, value in theirs.items():
            if key not in _VALUE_STATE and mine[key] is not value and mine[key] != value:
                return False
    return True


def temporary_form_tracker(
    form: FormAction, current: DialogueStateTracker, additional: list[Event], domain: Domain
) -> DialogueStateTracker:
    """What `FormAction._temporary_tracker` makes (a new tracker replaying the events since
    the latest restart, the form's requested slot and run, and `additional`), from a copy of
    `current`'s state when it has no restart and the domain's slots; else Rasa's."""
    if (
        current._max_event_history is not None  # noqa: SLF001
        or any(isinstance(event, Restarted) for event in current.events)
        or not _same_slots(current, domain)
    ):
        return RASA_TEMPORARY_TRACKER(form, current, additional, domain)
    tracker = copy_tracker(current)
    tracker.sender_id = current.sender_id  # as `from_events` has them
    tracker.is_rule_tracker = False
    tracker.update(SlotSet(REQUESTED_SLOT, form.get_slot_to_fill(current)))
    tracker.update(ActionExecuted(form.name()))
    for event in additional:
        tracker.update(event)
    return tracker


def install() -> None:
    """Make `DialogueStateTracker.copy` use `copy_tracker` and `FormAction` use
    `temporary_form_tracker` (idempotent)."""
    DialogueStateTracker.copy = copy_tracker  # type: ignore[method-assign]
    FormAction._temporary_tracker = temporary_form_tracker  # type: ignore[method-assign]
