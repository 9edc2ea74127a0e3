"""The `live_stack` fixture: action server, Rasa server and web app running on loopback.

One stack per test session, on free ports, with its own SQLite databases in a temporary
directory. Tests talk to it over real HTTP.
"""

from __future__ import annotations

import json
import os
import secrets
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.export import export_records
from bot.settings import get_settings
from bot.stack import Stack, free_port, start_stack
from bot.storage import db
from bot.storage.migrate import upgrade
from bot.training import MODEL_PATH


@dataclass
class LiveStack:
    """Where the running product is, and helpers to talk to it."""

    stack: Stack
    database_url: str
    tracker_database_url: str
    log_dir: Path

    @property
    def web_url(self) -> str:
        return self.stack.web_url

    @property
    def rasa_url(self) -> str:
        return self.stack.rasa_url

    def say(self, sender: str, message: str, **extra: Any) -> list[dict[str, Any]]:
        """POST one message to Rasa's REST webhook and return the bot's messages."""
        body = json.dumps({"sender": sender, "message": message, **extra}).encode()
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/webhook",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def chat(self, secret: str, message: str) -> list[dict[str, Any]]:
        """POST one message to the web app's `/api/chat`, as the widget does."""
        return self._web("/api/chat", {"secret": secret, "message": message})

    def history(self, secret: str) -> list[dict[str, Any]]:
        """The conversation the web app gives back to the browser holding `secret`."""
        return self._web("/api/history", {"secret": secret})

    def _web(self, path: str, body: dict[str, Any]) -> Any:
        request = urllib.request.Request(
            f"{self.web_url}{path}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    @staticmethod
    def new_secret() -> str:
        """A conversation secret, like the widget keeps in its tab."""
        return secrets.token_hex(32)

    def export_records(self) -> list[dict[str, Any]]:
        """Every stored testimony, exactly as `python -m bot export` gives them."""
        return export_records(None, url=self.database_url)

    @staticmethod
    def new_sender() -> str:
        """A random chat id, like the web widget makes."""
        return uuid.uuid4().hex


@pytest.fixture(scope="session")
def live_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveStack]:
    """Start the whole product once for the session; stop it at the end."""
    if not MODEL_PATH.exists():
        pytest.fail("No trained model: run `make train` (make test does it) first.")
    base: Path = tmp_path_factory.mktemp("live")
    # CI sets TEST_LIVE_DATABASE_URL to an empty PostgreSQL database: testimonies and the
    # tracker store then both live there, as in production.
    live_db = os.environ.get("TEST_LIVE_DATABASE_URL", "").strip()
    env = {
        "DATABASE_URL": live_db or f"sqlite:///{base / 'signalpme.db'}",
        "TRACKER_DATABASE_URL": live_db or f"sqlite:///{base / 'tracker.db'}",
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "WEB_PORT": str(free_port()),
        "WEB_HOST": "127.0.0.1",
        "RASA_URL": "",
        "SECRET_KEY": "live-tests-secret",
        # tests play whole reports faster than a person types (tests/web/test_limits.py
        # checks the limits themselves)
        "CHAT_LIMIT_PER_CONVERSATION": "1000/minute",
        "CHAT_LIMIT_PER_CLIENT": "10000/minute",
        # A link in a real bot message (the human-contact answer), for tests/browser.
        "MINISTRY_CONTACT": "le formulaire https://www.economie.gouv.fr/contact ou le 0102030405",
        # Another origin, where tests/browser serve a page embedding the widget.
        "CORS_ORIGINS": f"http://127.0.0.1:{free_port()}",
    }
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        get_settings.cache_clear()
        db.clear_cache()
        settings = get_settings()
        upgrade(settings.database_url)
        stack = start_stack(settings, log_dir=base / "logs")
        try:
            yield LiveStack(
                stack, settings.database_url, settings.tracker_database_url, base / "logs"
            )
        finally:
            stack.stop()
            get_settings.cache_clear()
            db.clear_cache()
