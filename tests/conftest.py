"""Shared fixtures: a migrated temporary database per test (SQLite, and PostgreSQL when
`TEST_POSTGRES_URL` is set)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.settings import get_settings
from bot.storage import db
from bot.storage.migrate import downgrade, upgrade
from tests.readable_client import ReadableClient

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "").strip()


def _reset_caches() -> None:
    get_settings.cache_clear()
    db.clear_cache()


@pytest.fixture()
def tmp_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """DATABASE_URL and TRACKER_DATABASE_URL point at SQLite files in a temp directory."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'var' / 'signalpme.db'}")
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{tmp_path / 'var' / 'tracker.db'}")
    _reset_caches()
    yield tmp_path
    _reset_caches()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(not POSTGRES_URL, reason="TEST_POSTGRES_URL is not set"),
        ),
    ]
)
def db_url(
    request: pytest.FixtureRequest, tmp_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """A migrated, empty database; DATABASE_URL points at it (default functions use it)."""
    if request.param == "postgresql":
        monkeypatch.setenv("DATABASE_URL", POSTGRES_URL)
        _reset_caches()
        downgrade(POSTGRES_URL)  # start from an empty schema
    url = get_settings().database_url
    upgrade(url)
    return url


@pytest.fixture()
def sqlite_db_url(tmp_settings: Path) -> str:
    """A migrated SQLite database only (for tests that do not depend on the backend)."""
    url = get_settings().database_url
    upgrade(url)
    return url


def _record(**overrides: object) -> dict[str, object]:
    record: dict[str, object] = {
        "anonymous": False,
        "platform": "amazon",
        "platform_other": None,
        "problems": ["account_termination", "payment_withheld", "no_contact"],
        "description": "Mon compte a été fermé et l'argent de mes ventes est bloqué.",
        "started_on": "2026-03-15",
        "reason_given": "no",
        "notice_given": "no",
        "contacted_platform": "yes",
        "support_outcome": "no_answer",
        "human_contact": "no",
        "account_access": "none",
        "revenue_share_pct": 80,
        "estimated_loss_eur": 15000,
        "company_size": "micro",
        "sector": "jouets",
        "wants_contact": True,
        "share_with_platform": False,
        "company_name": "Jouets Martin",
        "siren": "732829320",
        "contact_name": "Claire Martin",
        "email": "claire@example.fr",
        "phone": "+33612345678",
    }
    record.update(overrides)
    return record


@pytest.fixture()
def make_record() -> Callable[..., dict[str, object]]:
    """`make_record(**overrides)`: a complete, valid conversation record."""
    return _record


pytest_plugins = ["tests.live_stack"]


def pytest_configure(config: pytest.Config) -> None:
    """Every test app's client reads no-break spaces as spaces (see tests/readable_client)."""
    from flask import Flask

    Flask.test_client_class = ReadableClient
