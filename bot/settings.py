"""Configuration from environment variables, read from `.env` with python-dotenv.

Every variable is documented with its default in `.env.example`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent.parent
# what the servers write (SQLite files, logs, generated endpoints, the secret key): set
# SIGNALPME_VAR_DIR when the code is read-only for the user running it (production)
VAR_DIR = Path(os.environ.get("SIGNALPME_VAR_DIR") or ROOT / "var")


def _sqlite_url(name: str) -> str:
    return f"sqlite:///{VAR_DIR / name}"


@dataclass(frozen=True)
class Settings:
    """Runtime settings; build with `get_settings()`."""

    database_url: str
    tracker_database_url: str
    rasa_url: str
    rasa_port: int
    action_port: int
    web_host: str
    web_port: int
    secret_key: str | None
    cors_origins: tuple[str, ...]
    campaign_target: int
    campaign_start: date
    campaign_end: date
    transcript_retention_days: int
    staff_session_minutes: int
    ministry_contact: str
    rasa_token: str | None = None
    rasa_timeout_seconds: float = 30.0
    action_host: str = "127.0.0.1"
    lock_store_type: str = "in_memory"
    lock_store_host: str = "127.0.0.1"
    lock_store_port: int = 6379
    rasa_workers: int = 1  # Sanic worker processes of the Rasa server (>1 needs Redis locks)
    frame_ancestors: str = "'self'"
    staff_session_max_hours: int = 12  # absolute lifetime of a staff session
    https: bool = False  # served over HTTPS: Secure, __Host- cookie and HSTS
    staff_networks: tuple[str, ...] = ()  # client networks allowed on /staff/ (empty: all)
    client_ip_header: str | None = None  # set by the trusted proxy, e.g. X-Forwarded-For
    audit_retention_days: int = 365
    chat_limit_per_conversation: str = "20/minute;300/day"
    chat_limit_per_client: str = "60/minute"
    chat_max_messages_per_conversation: int = 400
    rate_limit_storage_url: str = "memory://"
    smtp_url: str | None = None
    mail_from: str = "Signal PME <ne-pas-repondre@localhost>"
    public_url: str = "http://localhost:8000"
    receipt_link_minutes: int = 15
    followup_max_wrong_codes: int = 5
    followup_pause_minutes: int = 15
    followup_wrong_codes_per_minute: int = 30
    staff_admin_email: str = "admin@localhost"
    # who must log in with a second factor: "admins" (always at least them) or "all"
    staff_second_factor: str = "admins"


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings, read once (`get_settings.cache_clear()` reads them again)."""
    return read_settings()


def read_settings() -> Settings:
    """Read `.env` (never overriding real environment variables) and build settings now."""
    load_dotenv(ROOT / ".env", override=False)
    rasa_port = int(_env("RASA_PORT", "5005"))
    return Settings(
        database_url=_env("DATABASE_URL", _sqlite_url("signalpme.db")),
        tracker_database_url=_env("TRACKER_DATABASE_URL", _sqlite_url("tracker.db")),
        rasa_url=_env("RASA_URL", f"http://127.0.0.1:{rasa_port}"),
        rasa_port=rasa_port,
        action_port=int(_env("ACTION_PORT", "5055")),
        web_host=_env("WEB_HOST", "127.0.0.1"),
        web_port=int(_env("WEB_PORT", "8000")),
        secret_key=os.environ.get("SECRET_KEY") or None,
        cors_origins=tuple(o for o in _env("CORS_ORIGINS", "").split(",") if o.strip()),
        campaign_target=int(_env("CAMPAIGN_TARGET", "100")),
        campaign_start=date.fromisoformat(_env("CAMPAIGN_START", "2026-10-31")),
        campaign_end=date.fromisoformat(_env("CAMPAIGN_END", "2026-11-30")),
        transcript_retention_days=int(_env("TRANSCRIPT_RETENTION_DAYS", "180")),
        staff_session_minutes=int(_env("STAFF_SESSION_MINUTES", "60")),
        staff_session_max_hours=int(_env("STAFF_SESSION_MAX_HOURS", "12")),
        https=_env("HTTPS", "0").strip().lower() in ("1", "true", "yes", "on"),
        staff_networks=tuple(
            n.strip() for n in _env("STAFF_ALLOWED_NETWORKS", "").split(",") if n.strip()
        ),
        client_ip_header=os.environ.get("CLIENT_IP_HEADER") or None,
        ministry_contact=_env(
            "MINISTRY_CONTACT",
            "le formulaire de contact du ministère (rubrique « Nous contacter ») "
            "ou le 01 00 00 00 00, du lundi au vendredi de 9 h à 17 h",
        ),
        rasa_token=os.environ.get("RASA_TOKEN") or None,
        rasa_timeout_seconds=float(_env("RASA_TIMEOUT", "30")),
        action_host=_env("ACTION_HOST", "127.0.0.1"),
        lock_store_type=_env("LOCK_STORE_TYPE", "in_memory"),
        lock_store_host=_env("LOCK_STORE_HOST", "127.0.0.1"),
        lock_store_port=int(_env("LOCK_STORE_PORT", "6379")),
        rasa_workers=_rasa_workers_setting(
            int(_env("RASA_WORKERS", "1")), _env("LOCK_STORE_TYPE", "in_memory")
        ),
        frame_ancestors=_env("FRAME_ANCESTORS", "'self'"),
        audit_retention_days=int(_env("AUDIT_RETENTION_DAYS", "365")),
        chat_limit_per_conversation=_env("CHAT_LIMIT_PER_CONVERSATION", "20/minute;300/day"),
        chat_limit_per_client=_env("CHAT_LIMIT_PER_CLIENT", "60/minute"),
        chat_max_messages_per_conversation=int(_env("CHAT_MAX_MESSAGES_PER_CONVERSATION", "400")),
        rate_limit_storage_url=_env("RATE_LIMIT_STORAGE_URL", "memory://"),
        smtp_url=os.environ.get("SMTP_URL", "").strip() or None,
        mail_from=_env("MAIL_FROM", "Signal PME <ne-pas-repondre@localhost>"),
        public_url=_env("PUBLIC_URL", f"http://localhost:{_env('WEB_PORT', '8000')}"),
        receipt_link_minutes=int(_env("RECEIPT_LINK_MINUTES", "15")),
        followup_max_wrong_codes=int(_env("FOLLOWUP_MAX_WRONG_CODES", "5")),
        followup_pause_minutes=int(_env("FOLLOWUP_PAUSE_MINUTES", "15")),
        followup_wrong_codes_per_minute=int(_env("FOLLOWUP_WRONG_CODES_PER_MINUTE", "30")),
        staff_admin_email=_env("STAFF_ADMIN_EMAIL", "admin@localhost"),
        staff_second_factor=_second_factor_setting(_env("STAFF_SECOND_FACTOR", "admins")),
    )


def _rasa_workers_setting(workers: int, lock_store_type: str) -> int:
    """1 or more; more than 1 only with a lock store the workers share (Rasa would quietly
    fall back to one worker, and two workers answering one conversation at once would
    corrupt it)."""
    if workers < 1:
        raise ValueError(f"RASA_WORKERS must be at least 1, not {workers}")
    if workers > 1 and lock_store_type != "redis":
        raise ValueError("RASA_WORKERS > 1 needs LOCK_STORE_TYPE=redis (a shared lock store)")
    return workers


def _second_factor_setting(value: str) -> str:
    """`admins` or `all`; anything else stops the start (a typo must not weaken logins)."""
    value = value.strip().lower()
    if value not in ("admins", "all"):
        raise ValueError(f"STAFF_SECOND_FACTOR must be 'admins' or 'all', not {value!r}")
    return value
