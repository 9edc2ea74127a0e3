"""The endpoints file Rasa is started with: action server, tracker store, lock store."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy.engine import make_url

from bot.settings import VAR_DIR, Settings

# Rasa's SQL tracker store with statement parameters (what users typed) kept out of errors.
TRACKER_STORE_TYPE = "bot.rasa_plugins.tracker_store.ParameterHidingSQLTrackerStore"


def tracker_store_config(settings: Settings) -> dict:
    """The `tracker_store` section: our SQL store on `TRACKER_DATABASE_URL`."""
    url = make_url(settings.tracker_database_url)
    dialect = url.drivername.split("+")[0]
    tracker: dict = {"type": TRACKER_STORE_TYPE, "dialect": dialect, "db": url.database or ""}
    if dialect == "sqlite":
        Path(tracker["db"]).parent.mkdir(parents=True, exist_ok=True)
    else:
        tracker.update(
            {
                "url": url.host or "localhost",
                "username": url.username or "",
                "password": url.password or "",
            }
        )
        if url.port:
            tracker["port"] = url.port
    return tracker


def lock_store_config(settings: Settings) -> dict:
    """The `lock_store` section: in memory (one Rasa server) or Redis (`LOCK_STORE_*`)."""
    lock: dict = {"type": settings.lock_store_type}
    if settings.lock_store_type == "redis":
        lock.update({"url": settings.lock_store_host, "port": settings.lock_store_port})
    return lock


def endpoints_config(settings: Settings) -> dict:
    """The endpoints configuration for these settings (what `endpoints.yml` holds)."""
    return {
        "action_endpoint": {
            "url": f"http://127.0.0.1:{settings.action_port}/webhook",
            # the domain goes only to the actions that name `send_domain` (the forms'
            # validations, domain.yml)
            "enable_selective_domain": True,
        },
        "tracker_store": tracker_store_config(settings),
        "lock_store": lock_store_config(settings),
    }


def write_endpoints(settings: Settings, path: Path | None = None) -> Path:
    """Write the endpoints file Rasa is started with; return its path."""
    path = path or VAR_DIR / "endpoints.generated.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(endpoints_config(settings), sort_keys=False))
    return path
