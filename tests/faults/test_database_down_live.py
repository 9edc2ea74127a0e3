"""The testimonies database is down at the moment of saving (issue 14, item 2): the seller is
told in French that the testimony is kept, gets a reference and a follow-up code; the
testimony is written once the database is back, exactly once, and staff see it.

Stops the machine's real PostgreSQL (root, as in CI). The conversation's tracker store is
an SQLite file here, so the conversation itself goes on while PostgreSQL is down."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import ROOT, get_settings
from bot.stack import free_port, start_stack
from bot.storage import db
from bot.storage.migrate import upgrade
from bot.storage.testimonies import find_by_code
from tests.faults.services import postgresql, require_root_services
from tests.live.conversation import answer_until_summary, texts
from tests.live_stack import LiveStack

pytestmark = pytest.mark.live
POSTGRES_URL = os.environ.get("TEST_LIVE_DATABASE_URL", "").strip()


@pytest.fixture()
def stack_on_postgres(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveStack]:
    """Action server and Rasa; testimonies in PostgreSQL, the conversation in SQLite, the
    servers' files (the kept testimonies among them) under `tmp_path/var`."""
    require_root_services()
    if not POSTGRES_URL:
        pytest.skip("TEST_LIVE_DATABASE_URL (PostgreSQL) is not set")
    env = {
        "DATABASE_URL": POSTGRES_URL,
        "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        "SIGNALPME_VAR_DIR": str(tmp_path / "var"),
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "SECRET_KEY": "fault-tests-secret",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    db.clear_cache()
    settings = get_settings()
    upgrade(settings.database_url)
    stack = start_stack(settings, with_web=False, log_dir=tmp_path / "logs")
    try:
        yield LiveStack(stack, settings.database_url, settings.tracker_database_url, tmp_path)
    finally:
        stack.stop()
        postgresql("start")  # whatever happened, the next tests find it running
        get_settings.cache_clear()
        db.clear_cache()


def _outbox_command(var: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SIGNALPME_VAR_DIR": str(var), "DATABASE_URL": POSTGRES_URL}
    return subprocess.run(
        [sys.executable, "-m", "bot", "outbox"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_a_testimony_confirmed_while_the_database_is_down_is_kept_then_stored_once(
    stack_on_postgres: LiveStack,
) -> None:
    live, var = stack_on_postgres, stack_on_postgres.log_dir / "var"
    sender = live.new_sender()
    first = live.say(sender, "Cdiscount a bloqué mes virements depuis trois semaines")
    answer_until_summary(live, sender, first, {"visibility": "anonyme"})
    postgresql("stop")
    try:
        answer = texts(live.say(sender, "/affirm"))
    finally:
        postgresql("start")
    assert "bien conservé" in answer and "enregistré automatiquement" in answer, answer
    reference = re.search(r"SP-\d{4}-\d{6,}", answer).group(0)
    code = re.search(r"code de suivi : ([0-9A-Z-]{19})", answer).group(1)
    assert len(list((var / "outbox").glob("*.json"))) == 1

    first_run = _outbox_command(var)
    assert first_run.returncode == 0, first_run.stdout + first_run.stderr
    assert "stored: 1, waiting: 0" in first_run.stdout
    again = _outbox_command(var)
    assert "stored: 0, waiting: 0" in again.stdout

    stored = [r for r in live.export_records() if r["reference"] == reference]
    assert len(stored) == 1
    assert stored[0]["platform"] == "cdiscount" and stored[0]["anonymous"] is True
    assert find_by_code(code, POSTGRES_URL).reference == reference
    live.say(sender, "/affirm")  # the seller presses the button again: nothing more saved
    assert len([r for r in live.export_records() if r["reference"] == reference]) == 1
