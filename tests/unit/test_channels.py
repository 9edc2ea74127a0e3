"""The guarded REST channel: typed commands, malformed requests, the post-delivery hook."""

from __future__ import annotations

import asyncio
import json
import unicodedata
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.channels.channel import UserMessage
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.utils.common import class_from_module_path

from bot import typed_commands as tc
from bot.normalise import normalise
from bot.rasa_plugins.channels import (
    EMPTY_MESSAGE_INTENT,
    MAX_BODY_BYTES,
    MAX_SENDER_CHARS,
    BadRequest,
    GuardedRestInput,
    Incoming,
    parse_body,
    read_for_commands,
)
from tests.async_run import run_async

ROOT = Path(__file__).resolve().parents[2]
MENU = [
    {"title": "Signaler un problème", "payload": "/report_problem"},
    {"title": "Questions fréquentes", "payload": "/help"},
]


def bot(text: str, buttons: list[Any] | None = None, **data: Any) -> dict[str, Any]:
    return {"event": "bot", "text": text, "data": {"buttons": buttons, **data}}


def user(text: str) -> dict[str, Any]:
    return {"event": "user", "text": text}


# --- typed_commands: pure decisions -------------------------------------------------------


def test_the_prefix_is_rasas() -> None:
    assert tc.COMMAND_PREFIX == INTENT_MESSAGE_PREFIX


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/restart", True),
        ("  /restart ", True),
        ("/", True),
        ("//", True),
        ("\n/greet", True),
        ("bonjour", False),
        ("a/b", False),
        ("\u2215restart", False),
        ("", False),
        (None, False),
    ],
)
def test_is_command(text: str | None, expected: bool) -> None:
    assert tc.is_command(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/restart", "∕restart"),
        ("  /restart  ", "∕restart"),
        ('/inform{"platform":"amazon"}', '∕inform{"platform":"amazon"}'),
        ("//", "∕/"),
        ("/", "∕"),
        ("/ʕ•ᴥ•ʔ", "∕ʕ•ᴥ•ʔ"),
        ("bonjour", "bonjour"),
    ],
)
def test_neutralise_replaces_only_the_leading_slash(text: str, expected: str) -> None:
    assert tc.neutralise(text) == expected
    assert not tc.is_command(tc.neutralise(text))


def test_the_neutral_slash_survives_normalisation_and_reads_as_punctuation() -> None:
    for form in ("NFC", "NFD", "NFKC", "NFKD"):
        assert unicodedata.normalize(form, tc.NEUTRAL_SLASH) == tc.NEUTRAL_SLASH
    assert normalise(tc.neutralise("/restart")) == "restart"


def test_rasa_reads_a_command_but_not_its_neutralised_text() -> None:
    """Rasa's own RegexMessageHandler logic, with a domain knowing the intents."""
    domain = Domain.from_dict({"intents": ["restart", "inform"], "entities": ["platform"]})
    for typed in ("/restart", '/inform{"platform":"amazon"}'):
        as_typed = YAMLStoryReader.unpack_regex_message(Message({"text": typed}), domain)
        assert as_typed.get("intent"), "sanity: Rasa turns the typed text into an intent"
        neutral = Message({"text": tc.neutralise(typed)})
        unpacked = YAMLStoryReader.unpack_regex_message(neutral, domain)
        assert unpacked is neutral and not unpacked.get("intent")
        assert not unpacked.get("entities")


def test_offered_payloads_are_the_buttons_since_the_last_user_message() -> None:
    events = [
        bot("Bonjour", MENU),
        user("/report_problem"),
        {"event": "action", "name": "testimony_form"},
        bot("Sur quelle plateforme ?", [{"title": "Amazon", "payload": "Amazon"}]),
        bot("Ou bien :", [{"title": "Annuler", "payload": "/cancel"}]),
        {"event": "slot", "name": "requested_slot", "value": "platform"},
        {"event": "action", "name": "action_listen"},
    ]
    assert tc.offered_payloads(events) == {"Amazon", "/cancel"}
    assert tc.offered_payloads([*events, user("Amazon")]) == frozenset()
    assert tc.offered_payloads([]) == frozenset()


def test_offered_payloads_read_quick_replies_and_ignore_malformed_data() -> None:
    events = [
        bot("a", None, quick_replies=[{"title": "Oui", "payload": "/affirm"}]),
        {"event": "bot", "text": "b", "data": "not a dict"},
        {"event": "bot", "text": "c"},
        bot("d", [{"title": "x"}, {"payload": 3}, "/deny", {"payload": "  "}]),
    ]
    assert tc.offered_payloads(events) == {"/affirm"}


@pytest.mark.parametrize(
    ("text", "events", "expected"),
    [
        # an offered button's payload is a command
        ("/report_problem", [bot("Bonjour", MENU)], "/report_problem"),
        (" /help ", [bot("Bonjour", MENU)], " /help "),
        # offered earlier, not by the latest bot messages: text
        ("/report_problem", [bot("Bonjour", MENU), user("salut"), bot("Salut")], "∕report_problem"),
        # never offered
        ("/restart", [bot("Bonjour", MENU)], "∕restart"),
        ("/affirm", [bot("Bonjour", MENU)], "∕affirm"),
        ('/inform{"platform":"amazon"}', [], '∕inform{"platform":"amazon"}'),
        # our own intent for blank messages is never typed
        (EMPTY_MESSAGE_INTENT, [bot("Bonjour", MENU)], "∕empty_message"),
        # the widget's opening /greet, on a conversation the bot has not spoken in yet
        ("/greet", [], "/greet"),
        ("/greet", [{"event": "action", "name": "action_session_start"}], "/greet"),
        ("/greet", [bot("Bonjour", MENU), user("x"), bot("?")], "∕greet"),
        ("/greeting", [], "∕greeting"),
        # a payload with entities must match exactly
        (
            '/correct{"field_to_change": "email"}',
            [bot("?", [{"title": "E-mail", "payload": '/correct{"field_to_change": "email"}'}])],
            '/correct{"field_to_change": "email"}',
        ),
        (
            '/correct{"field_to_change":"siren"}',
            [bot("?", [{"title": "E-mail", "payload": '/correct{"field_to_change": "email"}'}])],
            '∕correct{"field_to_change":"siren"}',
        ),
        # anything that is not a command is left alone
        ("Amazon", [bot("?", [{"title": "Amazon", "payload": "Amazon"}])], "Amazon"),
        ("bonjour / au revoir", [], "bonjour / au revoir"),
    ],
)
def test_text_for_rasa(text: str, events: list[dict[str, Any]], expected: str) -> None:
    assert tc.text_for_rasa(text, events) == expected


# --- parse_body: malformed requests -------------------------------------------------------


def body(**fields: Any) -> bytes:
    return json.dumps(fields).encode()


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"", 400),
        (b"{not json", 400),
        (b'{"sender": "a", "message": "b"', 400),
        (b"[1, 2]", 400),
        (b'[{"sender": "a", "message": "b"}]', 400),
        (b"42", 400),
        (b'"bonjour"', 400),
        (b"null", 400),
        (b"true", 400),
        (b"NaN", 400),
        (b"[" * 100_000 + b"]" * 100_000, 400),  # deeper than the JSON decoder's recursion
        (b'{"sender": "a", "message": "caf\xe9"}', 400),  # Latin-1, not UTF-8
        (b"\xff\xfe{}", 400),
        (body(message="bonjour"), 400),
        (body(sender=None, message="bonjour"), 400),
        (body(sender=42, message="bonjour"), 400),
        (body(sender=["a"], message="bonjour"), 400),
        (body(sender="", message="bonjour"), 400),
        (body(sender="   ", message="bonjour"), 400),
        (body(sender="a" * (MAX_SENDER_CHARS + 1), message="bonjour"), 400),
        (body(sender="abc\x00", message="bonjour"), 400),
        (body(sender="abc\ndef", message="bonjour"), 400),
        (body(sender="abc\u202edef", message="bonjour"), 400),
        (body(sender="abc\u200b", message="bonjour"), 400),
        (body(sender="abc"), 400),
        (body(sender="abc", message=None), 400),
        (body(sender="abc", message=42), 400),
        (body(sender="abc", message={"text": "bonjour"}), 400),
        (body(sender="abc", message=["bonjour"]), 400),
        (body(sender="abc", message="nul\x00"), 400),
        (b'{"sender": "abc", "message": "\\ud800 seul"}', 400),  # lone surrogate
        (body(sender="abc", message="x", metadata=[1]), 400),
        (body(sender="abc", message="x", metadata="m"), 400),
        (body(sender="abc", message="x", input_channel=5), 400),
        (body(sender="abc", message="x", input_channel=0), 400),
        (body(sender="abc", message="x", input_channel=[]), 400),
        (body(sender="abc", message="x", input_channel="w" * 65), 400),
        (body(sender="abc", message="x" * (MAX_BODY_BYTES + 1)), 413),
    ],
)
def test_malformed_bodies_are_refused_with_a_french_reason(raw: bytes, status: int) -> None:
    with pytest.raises(BadRequest) as refused:
        parse_body(raw)
    assert refused.value.status == status
    reason = str(refused.value)
    assert reason.startswith(("La ", "Le ")) and reason.endswith(".")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (body(sender="abc", message="bonjour"), Incoming("abc", "bonjour")),
        (body(sender="abc", message=""), Incoming("abc", "")),
        (
            body(sender="a" * MAX_SENDER_CHARS, message="x", input_channel="web", metadata={}),
            Incoming("a" * MAX_SENDER_CHARS, "x", "web", {}),
        ),
        (body(sender="abc", message="x", input_channel=None), Incoming("abc", "x")),
        (body(sender="abc", message="x", input_channel=""), Incoming("abc", "x")),
        (body(sender="abc", message="x", extra=[1]), Incoming("abc", "x")),
        (
            body(sender="abc", message="\t<script>alert(1)</script>\n\u200b\u202e😡"),
            Incoming("abc", "\t<script>alert(1)</script>\n\u200b\u202e😡"),
        ),
    ],
)
def test_well_formed_bodies_are_accepted(raw: bytes, expected: Incoming) -> None:
    assert parse_body(raw) == expected


def test_the_longest_message_the_web_app_sends_fits_in_the_body_limit() -> None:
    """20 000 emoji, JSON-escaped as `requests` sends them (12 bytes each)."""
    raw = json.dumps({"sender": "a" * 32, "message": "😡" * 20_000, "input_channel": "web"})
    assert len(raw.encode()) <= MAX_BODY_BYTES
    assert parse_body(raw.encode()).message == "😡" * 20_000


# --- the channel itself, with a fake Rasa ------------------------------------------------


class FakeTrackerStore:
    def __init__(self, events: list[Any] | None = None, error: bool = False) -> None:
        self.events = events
        self.error = error
        self.reads = 0

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        self.reads += 1
        if self.error:
            raise RuntimeError("database down")
        if self.events is None:
            return None
        return DialogueStateTracker.from_events(sender_id, self.events)


class RecordingChannel(GuardedRestInput):
    def __init__(self, hook_fails: bool = False) -> None:
        self.log: list[Any] = []
        self.hook_fails = hook_fails

    async def after_delivery(
        self, agent: Any, sender_id: str, messages: list[dict[str, Any]]
    ) -> None:
        self.log.append(("after_delivery", agent, sender_id, [dict(m) for m in messages]))
        if self.hook_fails:
            raise RuntimeError("hook failed")


def fake_request(raw: bytes, store: FakeTrackerStore, **args: str) -> Any:
    agent = SimpleNamespace(tracker_store=store)
    return SimpleNamespace(
        body=raw, args=args, app=SimpleNamespace(ctx=SimpleNamespace(agent=agent))
    )


def post(
    channel: RecordingChannel,
    raw: bytes,
    store: FakeTrackerStore | None = None,
    fail: bool = False,
    **args: str,
) -> tuple[int, Any, list[UserMessage]]:
    """Run the channel's webhook handler; Rasa's part answers "vu : <text>"."""
    received: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)
        channel.log.append(("handled", message.text))
        await message.output_channel.send_text_message(message.sender_id, f"vu : {message.text}")
        if fail:
            raise RuntimeError("action server down")

    request = fake_request(raw, store or FakeTrackerStore(), **args)
    answer = run_async(channel.receive(request, on_new_message))
    return answer.status, json.loads(answer.body), received


def test_a_message_is_handled_then_the_hook_runs_with_the_answer() -> None:
    channel = RecordingChannel()
    store = FakeTrackerStore()
    status, answer, received = post(channel, body(sender="abc", message="bonjour"), store)
    assert status == 200
    assert answer == [{"recipient_id": "abc", "text": "vu : bonjour"}]
    (message,) = received
    assert (message.text, message.sender_id, message.input_channel) == ("bonjour", "abc", "rest")
    assert channel.log[0] == ("handled", "bonjour")
    assert channel.log[1][0] == "after_delivery"
    _, agent, sender_id, messages = channel.log[1]
    assert agent.tracker_store is store and sender_id == "abc" and messages == answer
    assert store.reads == 0, "a message without a leading '/' never reads the conversation"


def test_input_channel_and_metadata_are_passed_on() -> None:
    channel = RecordingChannel()
    raw = body(sender="abc", message="x", input_channel="web", metadata={"k": 1})
    _, _, (message,) = post(channel, raw)
    assert message.input_channel == "web" and message.metadata == {"k": 1}


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_a_blank_message_becomes_the_empty_message_intent(blank: str) -> None:
    _, _, (message,) = post(RecordingChannel(), body(sender="abc", message=blank))
    assert message.text == EMPTY_MESSAGE_INTENT


def test_a_typed_command_reaches_rasa_as_text() -> None:
    store = FakeTrackerStore([BotUttered("Bonjour", {"buttons": MENU})])
    for typed in ("/restart", "/empty_message", '/inform{"platform":"amazon"}', "/"):
        _, answer, (message,) = post(RecordingChannel(), body(sender="abc", message=typed), store)
        assert message.text == tc.neutralise(typed)
        assert answer and answer[0]["text"] == f"vu : {tc.neutralise(typed)}"


def test_the_payload_of_a_button_just_offered_is_a_command() -> None:
    store = FakeTrackerStore(
        [
            ActionExecuted("action_listen"),
            UserUttered("/greet"),
            BotUttered("Bonjour", {"buttons": MENU}),
            SlotSet("stage", "menu"),
            ActionExecuted("action_listen"),
        ]
    )
    _, _, (message,) = post(RecordingChannel(), body(sender="abc", message="/help"), store)
    assert message.text == "/help"
    assert store.reads == 1


def test_the_opening_greet_is_a_command_on_a_new_conversation_only() -> None:
    _, _, (message,) = post(RecordingChannel(), body(sender="new", message="/greet"))
    assert message.text == "/greet"
    said = FakeTrackerStore([UserUttered("/greet"), BotUttered("Bonjour", {"buttons": MENU})])
    _, _, (message,) = post(RecordingChannel(), body(sender="abc", message="/greet"), said)
    assert message.text == "∕greet"


def test_an_unreadable_conversation_turns_commands_into_text() -> None:
    store = FakeTrackerStore(error=True)
    _, _, (message,) = post(RecordingChannel(), body(sender="abc", message="/greet"), store)
    assert message.text == "∕greet"


def test_a_failure_in_rasa_still_answers_and_runs_the_hook() -> None:
    channel = RecordingChannel()
    status, answer, _ = post(channel, body(sender="abc", message="bonjour"), fail=True)
    assert status == 200 and answer == [{"recipient_id": "abc", "text": "vu : bonjour"}]
    assert [entry[0] for entry in channel.log] == ["handled", "after_delivery"]


def test_a_failing_hook_does_not_lose_the_answer() -> None:
    channel = RecordingChannel(hook_fails=True)
    status, answer, _ = post(channel, body(sender="abc", message="bonjour"))
    assert status == 200 and answer == [{"recipient_id": "abc", "text": "vu : bonjour"}]


def test_a_malformed_request_is_answered_without_reaching_rasa() -> None:
    channel = RecordingChannel()
    status, answer, received = post(channel, b'[{"sender": "abc", "message": "x"}]')
    assert status == 400 and set(answer) == {"error"} and "JSON" in answer["error"]
    assert received == [] and channel.log == []


def test_the_stream_option_is_refused() -> None:
    channel = RecordingChannel()
    status, answer, received = post(channel, body(sender="abc", message="x"), stream="true")
    assert status == 400 and "stream" in answer["error"] and received == []
    status, _, received = post(channel, body(sender="abc", message="x"), stream="false")
    assert status == 200 and received


def test_the_default_hook_does_nothing() -> None:
    assert run_async(GuardedRestInput().after_delivery(None, "abc", [])) is None  # type: ignore[arg-type]


def test_credentials_register_this_channel_as_rest() -> None:
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text())
    channels = [class_from_module_path(name) for name in credentials if "." in name]
    assert channels == [GuardedRestInput]
    assert GuardedRestInput.name() == "rest"
    blueprint = GuardedRestInput().blueprint(lambda message: asyncio.sleep(0))
    assert blueprint.name == "custom_webhook_GuardedRestInput"


_PAYLOADS = ["/report_problem", "/help", "/greet", "/restart"]
_some_event = st.one_of(
    st.builds(lambda text: UserUttered(text), st.sampled_from(["bonjour", "/help", "ok"])),
    st.builds(
        lambda payloads: BotUttered(
            "Choisissez :", {"buttons": [{"title": p, "payload": p} for p in payloads]}
        ),
        st.lists(st.sampled_from(_PAYLOADS), max_size=2),
    ),
    st.builds(lambda name: ActionExecuted(name), st.sampled_from(["action_listen", "utter_x"])),
    st.builds(lambda value: SlotSet("platform", value), st.sampled_from(["amazon", None])),
)


@given(events=st.lists(_some_event, max_size=14), text=st.sampled_from([*_PAYLOADS, "/x"]))
@settings(max_examples=400, deadline=None)
def test_commands_read_from_the_conversation_end_as_from_all_of_it(events: list, text: str) -> None:
    """The few events the channel serialises give the verdict the whole conversation gives."""
    whole = [event.as_dict() for event in events]
    assert tc.text_for_rasa(text, read_for_commands(events)) == tc.text_for_rasa(text, whole)
