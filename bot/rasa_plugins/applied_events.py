"""`DialogueStateTracker.applied_events`, carried on from where it last stopped.

Rasa 3.6 computes a conversation's applied events (what is left once restarts, reverted
actions and a form's repeated runs are taken out) from the first event at every call: the
rule policy asks for it for each prediction (twice: with the text, then with the intent),
the processor for the session check, the form for its validation, several times a message.
With the whole report's 100 to 200 events, that walk cost 8 % of the Rasa server's busy
time under load (py-spy, docs/measurements.md).

The walk goes through the events in order with one piece of state, the list built so far,
and one input beyond the events: the names of the loops activated anywhere in the
conversation. So a tracker keeps, with its last answer, the number of events it covered,
the first and last of them, and those loop names. When the events are that same sequence
with more after it (Rasa only appends; a new tracker, a capped history that dropped its
first event, or an activation of a loop not seen before starts again from the first), the
walk resumes after the events already covered, with Rasa's own steps. Each call returns a
new list, as Rasa's does.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

_MEMO = "signalpme_applied_events"

RASA_APPLIED_EVENTS = DialogueStateTracker.applied_events


@dataclass
class _Walked:
    """Where the last walk of a tracker's events stopped."""

    count: int  # events covered
    first: Event
    last: Event
    loop_names: frozenset[str]
    applied: list[Event]


def _loop_names(events: Iterable[Event]) -> set[str]:
    return {event.name for event in events if isinstance(event, ActiveLoop) and event.name}


def _walk(
    tracker: DialogueStateTracker,
    events: Iterable[Event],
    applied: list[Event],
    loop_names: frozenset[str],
) -> list[Event]:
    """Rasa's loop of `applied_events` over `events`, extending `applied`."""
    for event in events:
        if isinstance(event, (Restarted, SessionStarted)):
            applied = []
        elif isinstance(event, ActionReverted):
            tracker._undo_till_previous(ActionExecuted, applied)  # noqa: SLF001
        elif isinstance(event, UserUtteranceReverted):
            tracker._undo_till_previous(UserUttered, applied)  # noqa: SLF001
            tracker._undo_till_previous(ActionExecuted, applied)  # noqa: SLF001
        elif (
            isinstance(event, ActionExecuted)
            and event.action_name in loop_names
            and not tracker._first_loop_execution_or_unhappy_path(  # noqa: SLF001
                event.action_name, applied
            )
        ):
            tracker._undo_till_previous_loop_execution(event.action_name, applied)  # noqa: SLF001
        else:
            applied.append(event)
    return applied


def _resumable(memo: _Walked | None, events: Any) -> bool:
    """True when `events` are the events `memo` covered, possibly with more after them."""
    return (
        memo is not None
        and len(events) >= memo.count
        and events[0] is memo.first
        and events[memo.count - 1] is memo.last
    )


def applied_events(self: DialogueStateTracker) -> list[Event]:
    """The tracker's applied events, as Rasa computes them, walking only the new events
    when the tracker's earlier ones were walked already."""
    events = self.events
    count = len(events)
    if not count:
        return []
    memo: _Walked | None = self.__dict__.get(_MEMO)
    if _resumable(memo, events):
        new_events = list(itertools.islice(events, memo.count, count))
        if _loop_names(new_events) <= memo.loop_names:
            applied = _walk(self, new_events, list(memo.applied), memo.loop_names)
            self.__dict__[_MEMO] = _Walked(count, events[0], events[-1], memo.loop_names, applied)
            return list(applied)
    loop_names = frozenset(_loop_names(events))
    applied = _walk(self, events, [], loop_names)
    self.__dict__[_MEMO] = _Walked(count, events[0], events[-1], loop_names, applied)
    return list(applied)


def install() -> None:
    """Replace Rasa's `applied_events` in this process."""
    DialogueStateTracker.applied_events = applied_events  # type: ignore[method-assign]
