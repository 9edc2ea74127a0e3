"""Flood limits of the chat API, through Flask's test client and a tiny fake Rasa.

Counters are per conversation (derived sender id), per client (keyed hash of the address)
and for a conversation's whole life; a refused conversation is flagged for staff review.
"""

from __future__ import annotations

import dataclasses
import json
import re
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect, text

from bot.settings import Settings, get_settings
from bot.storage.db import engine_for
from bot.web.app import create_app
from bot.web.public.conversation_ids import conversation_key, sender_id_for
from bot.web.public.limits import EXTENSION, client_hash, wait_words

SECRET_KEY = "test-secret"
SECRET = "0123456789abcdef" * 4
OTHER_SECRETS = [f"{n:064x}" for n in range(1, 12)]
ADDRESS = "203.0.113.57"
OTHER_ADDRESS = "2001:db8::7"
MESSAGE = "Amazon a fermé mon compte sans préavis"
FRENCH = re.compile(r"\b(le|la|les|de|des|votre|est|cette|pas|une?)\b", re.IGNORECASE)


class FakeRasa(BaseHTTPRequestHandler):
    """Answers like Rasa's REST channel and tracker endpoint; counts what it received."""

    received: list[str] = []

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def _json(self, data: Any) -> None:
        body = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeRasa.received.append(payload["message"])
        self._json([{"recipient_id": payload["sender"], "text": "Bien reçu."}])

    def do_GET(self) -> None:
        self._json({"sender_id": self.path.split("/")[2], "events": []})


@pytest.fixture(scope="module")
def fake_rasa() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeRasa)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def make_app(rasa_url: str, **changes: Any) -> Flask:
    settings: Settings = dataclasses.replace(
        get_settings(), rasa_url=rasa_url, secret_key=SECRET_KEY, **changes
    )
    app = create_app(settings)
    app.config["TESTING"] = True
    return app


def chat(client: FlaskClient, secret: str = SECRET, address: str = ADDRESS) -> Any:
    body = {"secret": secret, "message": MESSAGE}
    return client.post("/api/chat", json=body, environ_base={"REMOTE_ADDR": address})


def derived(secret: str = SECRET) -> str:
    return sender_id_for(secret, conversation_key(SECRET_KEY))


def assert_429(response: Any, *words: str) -> str:
    assert response.status_code == 429
    assert response.is_json
    message = response.get_json()["error"]
    assert FRENCH.search(message), message
    for word in words:
        assert word in message, message
    assert int(response.headers["Retry-After"]) >= 1
    return message


def limiter_keys(app: Flask) -> list[str]:
    storage = app.extensions[EXTENSION].storage
    return [*storage.storage, *storage.expirations, *storage.events]


def flag_rows(url: str) -> list[tuple]:
    with engine_for(url).connect() as connection:
        return connection.execute(text("SELECT * FROM rate_limit_flags")).all()


# ---------- per conversation ----------


def test_the_21st_message_within_a_minute_gets_a_french_429(
    fake_rasa: str, sqlite_db_url: str
) -> None:
    defaults = Settings.__dataclass_fields__
    assert defaults["chat_limit_per_conversation"].default == "20/minute;300/day"
    app = make_app(fake_rasa, chat_limit_per_conversation="20/minute;300/day")
    client = app.test_client()
    FakeRasa.received.clear()
    for _ in range(20):
        assert chat(client).status_code == 200
    refused = chat(client)
    message = assert_429(refused, "patienter", "perdu", "zone de saisie")
    assert int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["Cache-Control"] == "no-store"
    assert len(FakeRasa.received) == 20, "the refused message never reaches Rasa"
    assert "minute" in message or "seconde" in message


def test_history_is_limited_per_conversation_too(fake_rasa: str, sqlite_db_url: str) -> None:
    client = make_app(fake_rasa, chat_limit_per_conversation="3/minute").test_client()
    for _ in range(3):
        assert client.post("/api/history", json={"secret": SECRET}).status_code == 200
    assert_429(client.post("/api/history", json={"secret": SECRET}), "patienter")
    assert chat(client).status_code == 200, "messages have their own counter"


def test_the_per_day_limit(fake_rasa: str, sqlite_db_url: str) -> None:
    client = make_app(fake_rasa, chat_limit_per_conversation="50/minute;4/day").test_client()
    for _ in range(4):
        assert chat(client).status_code == 200
    refused = chat(client)
    assert_429(refused, "patienter")
    assert 3600 < int(refused.headers["Retry-After"]) <= 86_400


def test_the_lifetime_cap_counts_messages_only(fake_rasa: str, sqlite_db_url: str) -> None:
    client = make_app(
        fake_rasa,
        chat_limit_per_conversation="100/minute",
        chat_max_messages_per_conversation=5,
    ).test_client()
    for _ in range(5):
        assert chat(client).status_code == 200
    refused = chat(client)
    assert_429(refused, "nombre maximal de 5 messages", "perdu", "nouvelle conversation")
    assert int(refused.headers["Retry-After"]) > 300 * 86_400
    assert client.post("/api/history", json={"secret": SECRET}).status_code == 200
    assert chat(client, OTHER_SECRETS[0]).status_code == 200
    assert [reason for _, reason, _ in flag_rows(sqlite_db_url)] == ["lifetime"]


def test_no_lifetime_cap_when_set_to_zero(fake_rasa: str, sqlite_db_url: str) -> None:
    app = make_app(fake_rasa, chat_max_messages_per_conversation=0)
    chat(app.test_client())
    assert not [key for key in limiter_keys(app) if "lifetime" in key]


# ---------- per client ----------


def test_another_conversation_is_served_until_the_client_limit(
    fake_rasa: str, sqlite_db_url: str
) -> None:
    client = make_app(
        fake_rasa, chat_limit_per_conversation="2/minute", chat_limit_per_client="5/minute"
    ).test_client()
    assert [chat(client).status_code for _ in range(3)] == [200, 200, 429]
    # a request refused per conversation is not counted per client: 3 more are served
    statuses = [chat(client, secret).status_code for secret in OTHER_SECRETS[:4]]
    assert statuses == [200, 200, 200, 429]
    message = assert_429(chat(client, OTHER_SECRETS[5]), "patienter")
    assert "zone de saisie" in message
    assert chat(client, OTHER_SECRETS[6], address=OTHER_ADDRESS).status_code == 200
    reasons = {sender: reason for sender, reason, _ in flag_rows(sqlite_db_url)}
    assert reasons == {
        derived(): "conversation",
        derived(OTHER_SECRETS[3]): "client",
        derived(OTHER_SECRETS[5]): "client",
    }


def test_requests_without_a_valid_secret_count_per_client_only(
    fake_rasa: str, sqlite_db_url: str
) -> None:
    client = make_app(fake_rasa, chat_limit_per_client="3/minute").test_client()
    bad = {"secret": "abc", "message": "x"}
    statuses = [client.post("/api/chat", json=bad).status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    assert flag_rows(sqlite_db_url) == []


# ---------- what is kept ----------


def test_limiter_keys_hold_no_secret_and_no_address(fake_rasa: str, sqlite_db_url: str) -> None:
    app = make_app(
        fake_rasa, chat_limit_per_conversation="2/minute", chat_limit_per_client="4/minute"
    )
    client = app.test_client()
    for address, secret in ((ADDRESS, SECRET), (OTHER_ADDRESS, OTHER_SECRETS[0])):
        for _ in range(3):
            chat(client, secret, address)
            client.post(
                "/api/history", json={"secret": secret}, environ_base={"REMOTE_ADDR": address}
            )
    keys = limiter_keys(app)
    dump = "\n".join(keys)
    assert SECRET not in dump and SECRET[:16] not in dump
    for forbidden in (ADDRESS, OTHER_ADDRESS, "203.0.113", "2001:db8", "127.0.0.1"):
        assert forbidden not in dump, forbidden
    assert any(f"conversation:{derived()}/" in key for key in keys)
    clients = {re.search(r"client:([^/]*)/", key).group(1) for key in keys if "client:" in key}
    assert len(clients) == 2 and all(re.fullmatch(r"[0-9a-f]{32}", c) for c in clients)


def test_flags_hold_the_derived_id_only(fake_rasa: str, sqlite_db_url: str) -> None:
    client = make_app(fake_rasa, chat_limit_per_conversation="1/minute").test_client()
    for _ in range(4):
        chat(client)
    rows = flag_rows(sqlite_db_url)
    assert [(sender, reason) for sender, reason, _ in rows] == [(derived(), "conversation")]
    columns = {
        c["name"] for c in inspect(engine_for(sqlite_db_url)).get_columns("rate_limit_flags")
    }
    assert columns == {"sender_id", "reason", "flagged_at"}
    with engine_for(sqlite_db_url).connect() as connection:
        everything = "\n".join(
            repr(connection.execute(text(f"SELECT * FROM {table}")).all())
            for table in inspect(connection).get_table_names()
        )
    for forbidden in (SECRET, ADDRESS, MESSAGE):
        assert forbidden not in everything


def test_a_refusal_is_answered_even_when_the_flag_cannot_be_stored(
    fake_rasa: str, tmp_settings: object
) -> None:
    client = make_app(fake_rasa, chat_limit_per_conversation="1/minute").test_client()
    assert chat(client).status_code == 200  # the database was never migrated
    assert_429(chat(client), "patienter")


def test_an_unreachable_limit_storage_falls_back_to_memory(
    fake_rasa: str, sqlite_db_url: str
) -> None:
    storage = closed_port_url().replace("http://", "redis://")
    client = make_app(
        fake_rasa, rate_limit_storage_url=storage, chat_limit_per_conversation="2/minute"
    ).test_client()
    assert [chat(client).status_code for _ in range(3)] == [200, 200, 429]


# ---------- scope and configuration ----------


def test_pages_and_staff_are_not_limited(fake_rasa: str, sqlite_db_url: str) -> None:
    client = make_app(
        fake_rasa, chat_limit_per_conversation="1/minute", chat_limit_per_client="1/minute"
    ).test_client()
    for _ in range(5):
        assert client.get("/").status_code == 200
        assert client.get("/staff/login").status_code == 200
        assert client.options("/api/chat").status_code == 200
    assert chat(client).status_code == 200


def test_a_bad_limit_setting_stops_the_app(fake_rasa: str) -> None:
    with pytest.raises(ValueError, match="CHAT_LIMIT_PER_CLIENT"):
        make_app(fake_rasa, chat_limit_per_client="beaucoup")


def test_limits_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHAT_LIMIT_PER_CONVERSATION", "5/minute")
    monkeypatch.setenv("CHAT_LIMIT_PER_CLIENT", "30/minute;500/day")
    monkeypatch.setenv("CHAT_MAX_MESSAGES_PER_CONVERSATION", "250")
    monkeypatch.setenv("RATE_LIMIT_STORAGE_URL", "redis://127.0.0.1:6379/1")
    get_settings.cache_clear()
    try:
        settings = get_settings()
    finally:
        get_settings.cache_clear()
    assert settings.chat_limit_per_conversation == "5/minute"
    assert settings.chat_limit_per_client == "30/minute;500/day"
    assert settings.chat_max_messages_per_conversation == 250
    assert settings.rate_limit_storage_url == "redis://127.0.0.1:6379/1"


def test_client_hash_is_keyed_and_changes_every_day() -> None:
    today = client_hash(ADDRESS, SECRET_KEY, "2026-11-04")
    assert today == client_hash(ADDRESS, SECRET_KEY, "2026-11-04")
    assert today != client_hash(ADDRESS, SECRET_KEY, "2026-11-05")
    assert today != client_hash(ADDRESS, "another-key", "2026-11-04")
    assert today != client_hash(OTHER_ADDRESS, SECRET_KEY, "2026-11-04")


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 seconde"),
        (45, "45 secondes"),
        (60, "1 minute"),
        (61, "2 minutes"),
        (3600, "1 heure"),
        (7000, "2 heures"),
        (86_400, "1 jour"),
    ],
)
def test_wait_words(seconds: int, words: str) -> None:
    assert wait_words(seconds) == words
