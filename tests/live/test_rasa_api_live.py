"""Rasa's HTTP API as the stack runs it (issue 12, item 9): only what the web app needs,
behind a signed token in a header, and no secret in any process's command line."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from bot.rasa_auth import rasa_headers, read_tracker
from tests.live_stack import LiveStack

pytestmark = pytest.mark.live


def _status(url: str, method: str = "GET", headers: dict[str, str] | None = None) -> int:
    body = b"{}" if method in ("POST", "PUT") else None
    request = urllib.request.Request(
        url,
        data=body,
        method=method,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_routes_the_web_app_does_not_need_are_not_served(live_stack: LiveStack) -> None:
    admin = rasa_headers(live_stack.stack.rasa_token)  # even with every right
    base = live_stack.rasa_url
    sender = uuid.uuid4().hex
    for method, path in (
        ("POST", "/model/parse"),
        ("PUT", "/model"),
        ("DELETE", "/model"),
        ("POST", "/model/train"),
        ("POST", f"/conversations/{sender}/tracker/events"),
        ("PUT", f"/conversations/{sender}/tracker/events"),
        ("POST", f"/conversations/{sender}/trigger_intent"),
        ("GET", "/domain"),
        ("POST", "/auth"),
    ):
        assert _status(f"{base}{path}", method, admin) == 404, path
    assert live_stack.say(sender, "bonjour")  # the channel answers


def test_a_conversation_opens_only_with_its_own_signed_token(live_stack: LiveStack) -> None:
    secret = live_stack.stack.rasa_token
    sender, other = uuid.uuid4().hex, uuid.uuid4().hex
    live_stack.say(sender, "bonjour")
    url = f"{live_stack.rasa_url}/conversations/{sender}/tracker"
    assert _status(url) == 401
    assert _status(f"{url}?token={secret}") == 401  # the secret itself opens nothing
    assert _status(url, headers=rasa_headers(secret, other)) == 403
    forged = rasa_headers("not-the-secret-but-as-long-as-one-0123456789", sender)
    assert _status(url, headers=forged) == 401
    assert read_tracker(live_stack.rasa_url, secret, sender)["sender_id"] == sender


def test_no_process_of_the_stack_shows_the_secret_in_its_command_line(
    live_stack: LiveStack,
) -> None:
    secret = live_stack.stack.rasa_token
    commands = []
    for process in live_stack.stack.processes:
        raw = Path(f"/proc/{process.pid}/cmdline").read_bytes()
        commands.append(raw.replace(b"\0", b" ").decode())
    assert len(commands) >= 2 and any("bot.rasa_server" in c for c in commands)
    assert not [c for c in commands if secret in c], commands
    assert json.dumps(commands).count("--auth-token") == 0
