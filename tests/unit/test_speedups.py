"""The two Rasa speed-ups (bot/rasa_plugins/speedups.py) change no answer: every event type
resolves to the class Rasa finds, and action-server answers are accepted or refused exactly
as Rasa refuses them."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

from bot.rasa_plugins import speedups


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    speedups.install()
    speedups.install()  # twice: still one layer


def test_every_event_type_resolves_to_rasas_class() -> None:
    for cls in all_subclasses(Event):
        if cls.type_name:
            assert Event.resolve_by_type(cls.type_name) is cls
            assert Event.resolve_by_type(cls.type_name) is cls  # remembered
    assert Event.resolve_by_type("no such event", default=Event) is Event
    assert Event.resolve_by_type("topic") is None
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no such event")


def test_action_answers_are_validated_as_rasa_does() -> None:
    action = RemoteAction("action_x", None)
    assert action._validate_action_result({"events": [], "responses": []})  # noqa: SLF001
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list"})  # noqa: SLF001
