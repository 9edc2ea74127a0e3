"""Hostile input through Rasa's REST channel (bot/rasa_plugins/channels.py), against the
running servers.

Every request gets an answer below 500: bot messages with text for a message, a French
`{"error": …}` for a malformed request. Typed "/commands" reach the NLU as text unless the
bot has just offered them as buttons.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from bot.rasa_auth import read_tracker
from bot.typed_commands import neutralise
from tests.live.conversation import asked_slot, texts
from tests.live_stack import LiveStack

pytestmark = pytest.mark.live

WEBHOOK = "/webhooks/rest/webhook"
STORY = "Amazon a fermé mon compte vendeur sans explication et bloque mes paiements"

COMMANDS = [
    "/restart",
    '/inform{"platform":"amazon"}',
    "/affirm",  # no button offers it after the greeting
    "/greet",  # the bot has spoken already
    "//",
    "/",
    "/ʕ•ᴥ•ʔ",
    "/empty_message",
]
TEXTS = [
    "<script>alert(1)</script>",
    "'; DROP TABLE events; --",
    "😡🤬💸",
    ("Mon compte vendeur a été fermé sans raison. " * 500)[:20_000],
    "😡" * 20_000,  # 240 000 bytes once JSON-escaped
    "\u200b\u200c\u200d\u2060\ufeff",  # zero-width characters only
    "\u202eetats-unis\u202c \u2067Amazon\u2069 \u200f",  # right-to-left overrides
]


def post(live: LiveStack, raw: bytes, path: str = WEBHOOK, query: str = "") -> tuple[int, Any]:
    """POST raw bytes to the Rasa server; return the status and the decoded JSON answer."""
    request = urllib.request.Request(
        f"{live.rasa_url}{path}{query}", data=raw, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def say(live: LiveStack, sender: str, message: str) -> list[dict[str, Any]]:
    status, answer = post(live, json.dumps({"sender": sender, "message": message}).encode())
    assert status == 200, answer
    assert isinstance(answer, list)
    assert any(isinstance(m.get("text"), str) and m["text"].strip() for m in answer), answer
    assert "Traceback" not in texts(answer)
    return answer


def tracker(live: LiveStack, sender: str) -> dict[str, Any]:
    return read_tracker(live.rasa_url, live.stack.rasa_token, sender)


def user_texts(live: LiveStack, sender: str) -> list[str]:
    return [e["text"] for e in tracker(live, sender)["events"] if e["event"] == "user"]


def assert_french_error(status: int, answer: Any) -> None:
    assert 400 <= status < 500, (status, answer)
    assert isinstance(answer, dict) and set(answer) == {"error"}, answer
    error = answer["error"]
    assert isinstance(error, str) and error.startswith(("La ", "Le ")) and error.endswith(".")


@pytest.mark.parametrize("opening", [True, False], ids=["first-message", "after-bonjour"])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_typed_command_is_text_and_gets_an_answer(
    live_stack: LiveStack, command: str, opening: bool
) -> None:
    sender = live_stack.new_sender()
    if not opening:
        say(live_stack, sender, "bonjour")
    say(live_stack, sender, command)
    allowed = opening and command == "/greet"  # the widget's opening, tested below
    assert user_texts(live_stack, sender)[-1] == (command if allowed else neutralise(command))
    events = tracker(live_stack, sender)["events"]
    assert not [e for e in events if e["event"] == "restart"], "no reset"


@pytest.mark.parametrize("message", TEXTS, ids=range(len(TEXTS)))
def test_hostile_text_gets_an_answer(live_stack: LiveStack, message: str) -> None:
    sender = live_stack.new_sender()
    say(live_stack, sender, "bonjour")
    say(live_stack, sender, message)
    assert user_texts(live_stack, sender)[-1] == message.strip()


def test_the_widget_opening_greet_is_a_command(live_stack: LiveStack) -> None:
    sender = live_stack.new_sender()
    greeting = say(live_stack, sender, "/greet")
    assert "/report_problem" in {b["payload"] for m in greeting for b in m.get("buttons", [])}
    assert tracker(live_stack, sender)["latest_message"]["intent"]["name"] == "greet"


def test_a_button_just_offered_is_still_a_command(live_stack: LiveStack) -> None:
    sender = live_stack.new_sender()
    greeting = say(live_stack, sender, "bonjour")
    assert "/report_problem" in {b["payload"] for m in greeting for b in m.get("buttons", [])}
    started = say(live_stack, sender, "/report_problem")
    assert asked_slot(started) == "platform", texts(started)
    latest = tracker(live_stack, sender)["latest_message"]
    assert latest["text"] == "/report_problem"
    assert latest["intent"]["name"] == "report_problem"


def test_a_typed_restart_mid_report_keeps_the_report(live_stack: LiveStack) -> None:
    sender = live_stack.new_sender()
    first = say(live_stack, sender, STORY)
    slots = tracker(live_stack, sender)["slots"]
    assert slots["platform"] == "amazon", texts(first)
    asked = asked_slot(first)
    assert asked, texts(first)

    say(live_stack, sender, "/restart")
    state = tracker(live_stack, sender)
    assert not [e for e in state["events"] if e["event"] == "restart"]
    assert state["slots"]["platform"] == "amazon"
    assert state["slots"]["problems"] == slots["problems"]

    # the report goes on: an answer to the question still open is taken
    follow_up = say(live_stack, sender, "passer")
    assert "récapitulatif" in texts(follow_up) or asked_slot(follow_up), texts(follow_up)
    assert tracker(live_stack, sender)["slots"]["platform"] == "amazon"


def test_an_old_button_is_text_once_the_conversation_moved_on(live_stack: LiveStack) -> None:
    sender = live_stack.new_sender()
    say(live_stack, sender, "bonjour")
    say(live_stack, sender, STORY)  # the greeting's buttons are no longer on offer
    say(live_stack, sender, "/report_problem")
    assert user_texts(live_stack, sender)[-1] == "∕report_problem"


def _body(**fields: Any) -> bytes:
    return json.dumps(fields).encode()


MALFORMED = {
    "json-list": b'[{"sender": "abc", "message": "bonjour"}]',
    "nested-object-message": _body(sender="abc", message={"text": "bonjour", "x": [1]}),
    "list-message": _body(sender="abc", message=["bonjour"]),
    "number-message": _body(sender="abc", message=42),
    "missing-message": _body(sender="abc"),
    "malformed-json": b'{"sender": "abc", "message": "bonjour"',
    "not-json": b"sender=abc&message=bonjour",
    "empty-body": b"",
    "number": b"42",
    "string": b'"bonjour"',
    "null": b"null",
    "missing-sender": _body(message="bonjour"),
    "number-sender": _body(sender=12345, message="bonjour"),
    "long-sender": _body(sender="a" * 129, message="bonjour"),
    "control-sender": _body(sender="abc\x07\n", message="bonjour"),
    "non-utf8": b'{"sender": "abc", "message": "d\xe9r\xe9f\xe9renc\xe9"}',
    "lone-surrogate": b'{"sender": "abc", "message": "\\udc00"}',
    "nul-in-message": _body(sender="abc", message="bon\x00jour"),
    "deep-nesting": b"[" * 50_000 + b"]" * 50_000,
    "huge-body": _body(sender="abc", message="x" * 300_000),
}


@pytest.mark.parametrize("raw", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_request_gets_a_french_4xx(live_stack: LiveStack, raw: bytes) -> None:
    status, answer = post(live_stack, raw)
    assert_french_error(status, answer)


def test_a_huge_body_is_413(live_stack: LiveStack) -> None:
    status, answer = post(live_stack, MALFORMED["huge-body"])
    assert status == 413
    assert_french_error(status, answer)


def test_health_and_the_refused_stream_option(live_stack: LiveStack) -> None:
    with urllib.request.urlopen(f"{live_stack.rasa_url}/webhooks/rest/", timeout=30) as response:
        assert json.loads(response.read()) == {"status": "ok"}
    sender = live_stack.new_sender()
    status, answer = post(live_stack, _body(sender=sender, message="bonjour"), query="?stream=true")
    assert_french_error(status, answer)
    assert "stream" in answer["error"]


def test_the_conversation_survives_a_burst_of_hostile_input(live_stack: LiveStack) -> None:
    """Malformed requests in the middle of a report do not disturb it."""
    sender = live_stack.new_sender()
    say(live_stack, sender, STORY)
    before = tracker(live_stack, sender)
    for raw in (
        _body(sender=sender, message={"text": "x"}),
        _body(sender=sender, message=None),
        b'{"sender": "' + sender.encode() + b'", "message": "\xff"}',
    ):
        assert_french_error(*post(live_stack, raw))
    after = tracker(live_stack, sender)
    assert len(after["events"]) == len(before["events"]), "nothing reached the conversation"
    assert after["slots"] == before["slots"]


def test_a_typed_command_through_the_web_app(live_stack: LiveStack) -> None:
    """The web app's proxy (input_channel "web") reaches the same guarded channel."""
    chat = getattr(live_stack, "chat", None)
    new_secret = getattr(live_stack, "new_secret", None)
    if chat is None or new_secret is None:
        pytest.skip("the live stack has no web chat helper")
    secret = new_secret()
    answer = chat(secret, "/restart")
    assert answer and any(m.get("text") for m in answer), answer
