"""Retention happens by itself: `python -m bot run` purges at start, then once a day; a
failed purge is logged without content and stops nothing."""

from __future__ import annotations

import logging
import signal
import sqlite3
import time
from pathlib import Path

import pytest

import bot.stack
from bot.settings import Settings, get_settings
from bot.stack import PortInUseError, run_all, startup_maintenance
from bot.storage import retention
from bot.storage.retention import DAY_SECONDS, PurgeReport, PurgeSchedule, purge_safely

SECRET_TEXT = "mon compte Amazon, claire@example.fr"


def _tracker_with_events(settings: Settings, ages_in_days: list[float]) -> Path:
    path = Path(settings.tracker_database_url.removeprefix("sqlite:///"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,"
            " type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),"
            " action_name VARCHAR(255), data TEXT)"
        )
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, ?)",
            [(f"s{i}", time.time() - a * DAY_SECONDS, "{}") for i, a in enumerate(ages_in_days)],
        )
    return path


def _event_count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT COUNT(*) FROM events").fetchone()[0]


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def test_startup_maintenance_deletes_events_past_retention(
    sqlite_db_url: str, capsys: pytest.CaptureFixture
) -> None:
    settings = get_settings()
    tracker = _tracker_with_events(settings, [1, 179, 181, 400])
    startup_maintenance(settings)
    assert _event_count(tracker) == 2
    assert "2 conversation(s) (2 événement(s))" in capsys.readouterr().out


def test_run_all_purges_before_starting_the_servers(
    tmp_settings: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    tracker = _tracker_with_events(get_settings(), [1, 400])
    events_when_starting: list[int] = []

    def start_stack(*_args: object, **_kwargs: object) -> None:
        events_when_starting.append(_event_count(tracker))
        raise PortInUseError("busy")

    monkeypatch.setattr(bot.stack, "train_if_needed", lambda: False)
    monkeypatch.setattr(bot.stack, "_create_first_admin", lambda: None)
    monkeypatch.setattr(bot.stack, "start_stack", start_stack)
    monkeypatch.setattr(signal, "signal", lambda *_args: None)  # keep pytest's SIGTERM
    assert run_all() == 1
    assert events_when_starting == [1]


def test_the_schedule_purges_once_a_day_by_its_clock() -> None:
    clock, runs = FakeClock(), []
    schedule = PurgeSchedule(get_settings(), clock=clock, run=runs.append)
    assert not schedule.tick()  # the start-up purge has just run
    clock.now += DAY_SECONDS - 1
    assert not schedule.tick()
    clock.now += 1
    assert schedule.tick() and len(runs) == 1
    assert not schedule.tick()  # not twice in the same second
    clock.now += DAY_SECONDS / 2
    assert not schedule.tick()
    clock.now += DAY_SECONDS / 2
    assert schedule.tick() and len(runs) == 2


def test_a_late_tick_purges_once_and_restarts_the_day_from_then() -> None:
    clock, runs = FakeClock(), []
    schedule = PurgeSchedule(get_settings(), clock=clock, run=runs.append)
    clock.now += 3 * DAY_SECONDS + 100  # e.g. the machine was suspended
    assert schedule.tick() and not schedule.tick()
    assert len(runs) == 1
    clock.now += DAY_SECONDS - 1
    assert not schedule.tick()
    clock.now += 1
    assert schedule.tick() and len(runs) == 2


def test_the_default_schedule_calls_the_safe_purge() -> None:
    schedule = PurgeSchedule(get_settings())
    assert schedule.run is purge_safely and schedule.interval == DAY_SECONDS


def test_a_failed_purge_is_logged_without_content_and_raises_nothing(
    tmp_settings: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def failing_purge(*_args: object) -> PurgeReport:
        raise RuntimeError(f"INSERT failed [parameters: ('{SECRET_TEXT}',)]")

    monkeypatch.setattr(retention, "purge", failing_purge)
    with caplog.at_level(logging.ERROR, logger="bot.storage.retention"):
        assert purge_safely(get_settings()) is None
    (entry,) = caplog.records
    assert "RuntimeError" in entry.getMessage()
    assert SECRET_TEXT not in caplog.text and entry.exc_info is None


def test_a_failed_start_up_purge_does_not_stop_the_start(
    tmp_settings: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(retention, "purge", lambda *_args: 1 / 0)
    startup_maintenance(get_settings())  # no exception
    assert "ZeroDivisionError" in caplog.text
