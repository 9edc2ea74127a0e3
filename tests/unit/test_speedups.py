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


def test_action_server_calls_share_kept_alive_connections() -> None:
    from rasa.utils.endpoints import EndpointConfig

    from tests.async_run import run_async

    endpoint = EndpointConfig("http://127.0.0.1:1/webhook", headers={"X-Test": "1"})

    async def two_sessions() -> tuple:
        async with endpoint.session() as first, endpoint.session() as second:
            return first.connector, second.connector, first.headers.get("X-Test")

    first, second, header = run_async(two_sessions())
    assert first is second  # one pool for the loop: no new TCP connection per call
    assert first._keepalive_timeout == speedups.KEEP_ALIVE_SECONDS < 5  # below Sanic's 5 s
    assert header == "1"  # the endpoint's own headers are kept
