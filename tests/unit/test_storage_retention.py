"""Retention: old transcript events are purged, recent ones and testimonies stay."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.settings import get_settings
from bot.storage.db import session_factory
from bot.storage.models import Testimony
from bot.storage.retention import purge_command, purge_transcripts
from bot.storage.testimonies import save_testimony

MakeRecord = Callable[..., dict[str, Any]]

DAY = 86_400.0
NOW = 1_800_000_000.0


def _tracker(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _create_events(path: Path, ages_in_days: list[float], now: float = NOW) -> None:
    """Rasa's SQLTrackerStore `events` table, with one event per given age."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,"
            " type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),"
            " action_name VARCHAR(255), data TEXT)"
        )
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
            [(f"s{i}", "user", now - age * DAY, "{}") for i, age in enumerate(ages_in_days)],
        )


def _remaining_ages(path: Path, now: float = NOW) -> list[float]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT timestamp FROM events ORDER BY timestamp DESC")
        return [round((now - ts) / DAY, 3) for (ts,) in rows]


def test_purge_deletes_old_events_only(tmp_settings: Path) -> None:
    url = get_settings().tracker_database_url
    _create_events(_tracker(url), [0, 1, 179.9, 180.1, 365, 1000])
    assert purge_transcripts(180, now=NOW) == 3
    assert _remaining_ages(_tracker(url)) == [0, 1, 179.9]
    assert purge_transcripts(180, now=NOW) == 0


def test_purge_leaves_testimonies_untouched(db_url: str, make_record: MakeRecord) -> None:
    save_testimony(make_record(), submission_id="x", sender_id="s0", channel="rest")
    url = get_settings().tracker_database_url
    _create_events(_tracker(url), [400], now=time.time())
    assert purge_transcripts(180) == 1
    with session_factory(db_url)() as session:
        assert session.execute(select(func.count(Testimony.id))).scalar_one() == 1


def test_purge_without_tracker_table_deletes_nothing(tmp_settings: Path) -> None:
    url = get_settings().tracker_database_url
    assert purge_transcripts(30) == 0
    assert not _tracker(url).exists()  # not created by the purge
    _tracker(url).parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(_tracker(url)).close()
    assert purge_transcripts(30) == 0


def test_negative_retention_is_refused(tmp_settings: Path) -> None:
    with pytest.raises(ValueError):
        purge_transcripts(-1)


def test_purge_command_uses_the_configured_retention(
    tmp_settings: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("TRANSCRIPT_RETENTION_DAYS", "10")
    get_settings.cache_clear()
    url = get_settings().tracker_database_url
    _create_events(_tracker(url), [1, 11, 12], now=time.time())
    assert purge_command() == 0
    assert capsys.readouterr().out.startswith("2 ")
    assert _remaining_ages(_tracker(url), now=time.time()) == pytest.approx([1], abs=0.01)
