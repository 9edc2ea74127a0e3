"""The Rasa speed-ups (bot/rasa_plugins/speedups.py) change no answer: every event type
resolves to the class Rasa finds, action-server answers are accepted or refused exactly as
Rasa refuses them, request bodies read back as the standard encoder writes them, and slots
copy as the generic path copies them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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
    rasas = Event.resolve_by_type.__wrapped__  # Rasa's own lookup
    for cls in all_subclasses(Event):  # (a subclass may share its parent's type name)
        if cls.type_name:
            assert Event.resolve_by_type(cls.type_name) is rasas(cls.type_name)
            assert Event.resolve_by_type(cls.type_name) is rasas(cls.type_name)  # remembered
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


_EVENT_TYPES = [
    "user", "action", "slot", "entities", "bot", "active_loop", "followup", "reset_slots",
    "session_started", "restart", "form", "reminder", "no such event", "",
]  # fmt: skip
_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["name", "confidence", "entity", "value"]), st.integers()),
)
_EVENTS = st.one_of(
    st.fixed_dictionaries(
        {"event": st.sampled_from(_EVENT_TYPES)},
        optional={
            key: _VALUES
            for key in [
                "name",
                "value",
                "text",
                "timestamp",
                "metadata",
                "entities",
                "policy",
                "confidence",
                "parse_data",
                "input_channel",
                "hide_rule_turn",
            ]
        },
    ),  # fmt: skip
    _VALUES,
)
_ANSWERS = st.one_of(
    st.fixed_dictionaries(
        {}, optional={"events": st.lists(_EVENTS, max_size=4), "responses": _VALUES}
    ),
    st.fixed_dictionaries({"events": _VALUES}),
    _VALUES,
)


@settings(max_examples=600, deadline=None)
@given(_ANSWERS)
def test_each_event_checked_by_its_type_gives_the_schemas_verdict(answer: object) -> None:
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    full = validator_for(schema)(schema)
    assert speedups.action_answer_check()(answer) == full.is_valid(answer)


def test_real_answers_are_accepted_and_broken_ones_refused() -> None:
    check = speedups.action_answer_check()
    assert check(
        {
            "events": [
                {"event": "slot", "name": "platform", "value": "amazon", "timestamp": None},
                {"event": "active_loop", "name": "report_form"},
                {"event": "bot", "text": "Sur quelle plateforme ?", "metadata": {}},
            ],
            "responses": [{"text": "Sur quelle plateforme ?"}],
        }
    )
    assert not check({"events": [{"event": "slot", "name": "platform"}]})  # no value
    assert not check({"events": [{"event": "no such event"}]})
    assert not check({"events": [{"name": "platform"}]})  # no type


@settings(max_examples=80, deadline=None)
@given(
    body=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=30,
    )
)
def test_action_server_request_bodies_read_back_as_the_standard_encoder_writes_them(
    body: object,
) -> None:
    import json

    from rasa.utils.endpoints import EndpointConfig

    from tests.async_run import run_async

    async def serialise() -> str:
        async with EndpointConfig("http://127.0.0.1:1/webhook").session() as session:
            return session._json_serialize(body)  # noqa: SLF001 - what aiohttp sends

    assert json.loads(run_async(serialise())) == json.loads(json.dumps(body))


def test_slots_copy_as_the_generic_path_copies_them() -> None:
    import copy

    from rasa.shared.core.domain import Domain

    domain = Domain.load("domain.yml")
    for slot in domain.slots:
        slot.value = ["une", "valeur"] if slot.type_name == "list" else "une valeur"
        copied = copy.copy(slot)
        expected = copy._reconstruct(slot, None, *slot.__reduce_ex__(4))  # noqa: SLF001
        assert type(copied) is type(expected) is type(slot)
        assert copied.__dict__ == expected.__dict__ and copied is not slot
        copied.value = None  # a tracker's slot changes, the domain's does not
        assert slot.value is not None


def test_an_empty_domain_is_told_as_rasa_tells_it() -> None:
    from rasa.shared.core.domain import Domain

    speedups.install()
    assert speedups.RASA_DOMAIN_IS_EMPTY is not None
    domains = [
        Domain.load("domain.yml"),
        Domain.empty(),
        Domain.from_dict({}),
        Domain.from_dict({"intents": ["greet"]}),
        Domain.from_dict({"responses": {"utter_x": [{"text": "x"}]}}),
    ]
    told = [domain.is_empty() for domain in domains]
    assert told == [speedups.RASA_DOMAIN_IS_EMPTY(domain) for domain in domains]
    assert told == [False, True, True, False, False]
