"""Retention: old conversations are purged whole, recent ones and testimonies stay; old
audit entries go too; reports hold counts, never content."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.settings import get_settings
from bot.storage.audit import log_event
from bot.storage.db import session_factory
from bot.storage.models import AuditLog, Testimony
from bot.storage.retention import (
    PurgeReport,
    purge,
    purge_audit_log,
    purge_command,
    purge_transcripts,
)
from bot.storage.testimonies import save_testimony

MakeRecord = Callable[..., dict[str, Any]]

DAY = 86_400.0
NOW = 1_800_000_000.0
SECRET_TEXT = "Je suis Claire Martin, 06 12 34 56 78"


def _tracker(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _create_events(
    path: Path, ages_in_days: list[float], now: float = NOW, senders: list[str] | None = None
) -> None:
    """Rasa's SQLTrackerStore `events` table, with one event per given age (one
    conversation per event unless `senders` says otherwise)."""
    senders = senders or [f"s{i}" for i in range(len(ages_in_days))]
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY,"
            " sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,"
            " timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"
        )
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
            [
                (sender, "user", now - age * DAY, f'{{"text": "{SECRET_TEXT}"}}')
                for sender, age in zip(senders, ages_in_days, strict=True)
            ],
        )


def _remaining_ages(path: Path, now: float = NOW) -> list[float]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT timestamp FROM events ORDER BY timestamp DESC")
        return [round((now - ts) / DAY, 3) for (ts,) in rows]


def _remaining_senders(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT DISTINCT sender_id FROM events ORDER BY sender_id")
        return [sender for (sender,) in rows]


def _add_audit_entries(url: str, ages_in_days: list[float], now: float = NOW) -> None:
    with session_factory(url)() as session, session.begin():
        for age in ages_in_days:
            entry = log_event(session, "view", target_type="testimony", target_id="T-1")
            entry.at = datetime.fromtimestamp(now - age * DAY, tz=timezone.utc)


def test_purge_deletes_old_events_only(tmp_settings: Path) -> None:
    url = get_settings().tracker_database_url
    _create_events(_tracker(url), [0, 1, 179.9, 180.1, 365, 1000])
    assert purge_transcripts(180, now=NOW) == PurgeReport(conversations=3, events=3)
    assert _remaining_ages(_tracker(url)) == [0, 1, 179.9]
    assert purge_transcripts(180, now=NOW) == PurgeReport()


def test_a_conversation_is_deleted_whole_finished_or_not(tmp_settings: Path) -> None:
    url = get_settings().tracker_database_url
    _create_events(
        _tracker(url),
        [200, 199.5, 400, 181, 179, 1, 170, 0.5],
        senders=["old", "old", "older", "spans", "spans", "spans", "recent", "recent"],
    )
    report = purge_transcripts(180, now=NOW)
    # "spans" started 181 days ago: it goes whole, its recent messages too (never cut).
    assert report == PurgeReport(conversations=3, events=6)
    assert _remaining_senders(_tracker(url)) == ["recent"]
    assert _remaining_ages(_tracker(url)) == [0.5, 170]


def test_purge_leaves_testimonies_untouched(db_url: str, make_record: MakeRecord) -> None:
    save_testimony(make_record(), submission_id="x", sender_id="s0", channel="rest")
    url = get_settings().tracker_database_url
    _create_events(_tracker(url), [400], now=time.time())
    assert purge_transcripts(180).events == 1
    with session_factory(db_url)() as session:
        assert session.execute(select(func.count(Testimony.id))).scalar_one() == 1


def test_purge_without_tracker_table_deletes_nothing(tmp_settings: Path) -> None:
    url = get_settings().tracker_database_url
    assert purge_transcripts(30) == PurgeReport()
    assert not _tracker(url).exists()  # not created by the purge
    _tracker(url).parent.mkdir(parents=True, exist_ok=True)
    sqlite3.connect(_tracker(url)).close()
    assert purge_transcripts(30) == PurgeReport()


def test_purge_without_database_creates_nothing(tmp_settings: Path) -> None:
    url = get_settings().database_url
    assert purge_audit_log(30, now=NOW) == 0
    assert purge(now=NOW) == PurgeReport()
    assert not _tracker(url).exists()


def test_negative_retention_is_refused(tmp_settings: Path) -> None:
    with pytest.raises(ValueError):
        purge_transcripts(-1)
    with pytest.raises(ValueError):
        purge_audit_log(-1)


def test_old_audit_entries_are_deleted(db_url: str) -> None:
    _add_audit_entries(db_url, [0, 364.9, 365.1, 1000])
    assert purge_audit_log(365, now=NOW) == 2
    with session_factory(db_url)() as session:
        ages = [
            round((NOW - at.timestamp()) / DAY, 1)
            for at in session.scalars(select(AuditLog.at).order_by(AuditLog.at.desc()))
        ]
    assert ages == [0, 364.9]


def test_purge_applies_both_periods_and_records_counts_only(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSCRIPT_RETENTION_DAYS", "30")
    monkeypatch.setenv("AUDIT_RETENTION_DAYS", "90")
    get_settings.cache_clear()
    settings = get_settings()
    assert settings.audit_retention_days == 90
    _create_events(_tracker(settings.tracker_database_url), [10, 31, 32], senders=["a", "b", "b"])
    _add_audit_entries(db_url, [1, 91])
    report = purge(settings, now=NOW)
    assert report == PurgeReport(conversations=1, events=2, audit_entries=1)
    with session_factory(db_url)() as session:
        entries = session.scalars(select(AuditLog).order_by(AuditLog.id)).all()
    assert [e.action for e in entries] == ["view", "delete"]
    purge_entry = entries[-1]
    assert purge_entry.target_type == "retention" and purge_entry.staff_user_id is None
    assert "1 conversation(s) (2 événement(s)) de plus de 30 jours" in purge_entry.detail
    assert "1 entrée(s) du journal de plus de 90 jours" in purge_entry.detail
    assert SECRET_TEXT not in purge_entry.detail and "b" not in purge_entry.detail.split()


def test_a_purge_that_deletes_nothing_leaves_no_audit_entry(db_url: str) -> None:
    assert purge(now=NOW) == PurgeReport()
    with session_factory(db_url)() as session:
        assert session.scalar(select(func.count(AuditLog.id))) == 0


def test_audit_retention_defaults_to_a_year(tmp_settings: Path) -> None:
    assert get_settings().audit_retention_days == 365


def test_purge_command_uses_the_configured_retention(
    sqlite_db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("TRANSCRIPT_RETENTION_DAYS", "10")
    get_settings.cache_clear()
    url = get_settings().tracker_database_url
    _create_events(_tracker(url), [1, 11, 12], now=time.time())
    assert purge_command() == 0
    out = capsys.readouterr().out
    assert out.startswith("2 conversation(s) (2 event(s)) and 0 audit entry(ies) deleted")
    assert "transcripts: 10 days, audit log: 365 days" in out
    assert SECRET_TEXT not in out and "s1" not in out
    assert _remaining_ages(_tracker(url), now=time.time()) == pytest.approx([1], abs=0.01)
