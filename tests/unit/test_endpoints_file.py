"""The endpoints file Rasa is started with follows the settings (`LOCK_STORE_*`, ports)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.endpoints_file import TRACKER_STORE_TYPE, endpoints_config, write_endpoints
from bot.settings import get_settings


def test_by_default_the_lock_store_is_in_memory(
    tmp_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOCK_STORE_TYPE", "")  # empty: the default, whatever `.env` says
    get_settings.cache_clear()
    try:
        settings = get_settings()
        config = endpoints_config(settings)
    finally:
        get_settings.cache_clear()
    assert config["lock_store"] == {"type": "in_memory"}
    assert config["tracker_store"]["type"] == TRACKER_STORE_TYPE
    assert config["tracker_store"]["dialect"] == "sqlite"
    url = f"http://127.0.0.1:{settings.action_port}/webhook"
    assert config["action_endpoint"] == {"url": url, "enable_selective_domain": True}


def test_a_redis_lock_store_gets_its_host_and_port(
    tmp_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOCK_STORE_TYPE", "redis")
    monkeypatch.setenv("LOCK_STORE_HOST", "redis.internal")
    monkeypatch.setenv("LOCK_STORE_PORT", "6380")
    get_settings.cache_clear()
    try:
        lock = endpoints_config(get_settings())["lock_store"]
    finally:
        get_settings.cache_clear()
    assert lock == {"type": "redis", "url": "redis.internal", "port": 6380}


def test_the_written_file_is_the_configuration(tmp_settings: Path) -> None:
    path = write_endpoints(get_settings(), tmp_settings / "endpoints.yml")
    assert yaml.safe_load(path.read_text()) == endpoints_config(get_settings())
