"""Fixtures of the staff app: a migrated database, a tracker store with realistic
transcripts, saved testimonies, two accounts and the Flask app with CSRF enabled."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, select, text

from bot.settings import get_settings
from bot.storage.accounts import create_account, list_accounts
from bot.storage.db import session_factory
from bot.storage.models import StaffUser
from bot.storage.testimonies import save_testimony
from bot.web.app import create_app
from bot.web.staff.throttle import throttle

T0 = 1_793_800_000.0  # 2026-11-04 13:46 UTC, inside the default consultation window
FOLLOWUP_CODE = "K7QF-93XD-P2MW-TZ6C"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

_EVENTS_DDL = (
    "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, sender_id VARCHAR(255) NOT NULL,"
    " type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),"
    " action_name VARCHAR(255), data TEXT)"
)


def _event(sender: str, kind: str, at: float, **data: object) -> dict:
    data = {"event": kind, "timestamp": at, **data}
    intent = (data.get("parse_data") or {}).get("intent", {}).get("name")  # type: ignore[union-attr]
    return {
        "sender_id": sender,
        "type_name": kind,
        "timestamp": at,
        "intent_name": intent,
        "action_name": data.get("name") if kind == "action" else None,
        "data": json.dumps(data, ensure_ascii=False),
    }


def conversation(
    sender: str,
    user_lines: list[str],
    *,
    start: float = T0,
    end: str = "saved",
    intent: str = "report_problem",
) -> list[dict]:
    """A Rasa-like event list: session start, then a bot question with buttons and a user
    answer per line, `requested_slot` moving on, and how it ended."""
    at = start
    events = [
        _event(sender, "action", at, name="action_session_start"),
        _event(sender, "session_started", at),
        _event(sender, "action", at, name="action_listen"),
    ]
    slots = ["platform", "problems", "description", "estimated_loss_eur", "email"]
    for index, line in enumerate(user_lines):
        at += 30
        events.append(
            _event(
                sender,
                "user",
                at,
                text=line,
                parse_data={"intent": {"name": intent, "confidence": 0.9}},
            )
        )
        at += 1
        slot = slots[index % len(slots)]
        events.append(_event(sender, "slot", at, name="requested_slot", value=slot))
        events.append(
            _event(
                sender,
                "bot",
                at,
                text=f"Question sur {slot} ?",
                data={
                    "buttons": [
                        {"title": "Amazon", "payload": '/inform{"platform":"amazon"}'},
                        {"title": "Passer", "payload": "/skip"},
                    ]
                },
            )
        )
        events.append(_event(sender, "action", at, name="action_listen"))
    at += 30
    if end == "saved":
        events.append(_event(sender, "slot", at, name="requested_slot", value=None))
        events.append(
            _event(sender, "bot", at, text=f"Merci ! Votre code de suivi : {FOLLOWUP_CODE}")
        )
    elif end == "cancelled":
        events.append(
            _event(
                sender,
                "user",
                at,
                text="annuler",
                parse_data={"intent": {"name": "cancel", "confidence": 0.99}},
            )
        )
        events.append(_event(sender, "action", at, name="action_cancel_report"))
    return events


@dataclass
class StaffEnv:
    """Everything a staff test needs."""

    app: Flask
    tracker_url: str
    admin_password: str
    reviewer_password: str
    references: dict[str, str] = field(default_factory=dict)
    admin_email: str = "admin@ministere.example"
    reviewer_email: str = "relecteur@ministere.example"

    def add_events(self, events: list[dict]) -> None:
        """Append events to the tracker store."""
        engine = create_engine(self.tracker_url, future=True)
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO events (sender_id, type_name, timestamp, intent_name, "
                    "action_name, data) VALUES (:sender_id, :type_name, :timestamp, "
                    ":intent_name, :action_name, :data)"
                ),
                events,
            )
        engine.dispose()

    def save(self, record: dict, sender: str, lines: list[str] | None = None, **kw: object) -> str:
        """Save a testimony (and its transcript); return its reference."""
        self.add_events(conversation(sender, lines or [str(record["description"])]))
        saved = save_testimony(
            record, submission_id=f"sub-{sender}", sender_id=sender, channel="socketio", **kw
        )  # type: ignore[arg-type]
        self.references[sender] = saved.reference
        return saved.reference

    def client(self, role: str | None = None) -> FlaskClient:
        """A test client, logged in as `role` ('admin', 'reviewer') or anonymous (None)."""
        client = self.app.test_client()
        if role is not None:
            email = self.admin_email if role == "admin" else self.reviewer_email
            password = self.admin_password if role == "admin" else self.reviewer_password
            response = login(client, email, password)
            assert response.status_code == 302, response.get_data(as_text=True)
        return client


def csrf_token(client: FlaskClient) -> str:
    """The CSRF token of the client's session (read from the login form)."""
    page = client.get("/staff/login").get_data(as_text=True)
    match = _CSRF.search(page)
    assert match, "no CSRF token in the login page"
    return match.group(1)


_KEY = re.compile(r'id="totp-key">([^<]+)<')


def totp_code(email: str) -> str:
    """A valid code for the enrolled account `email`, at the first time step the app will
    still accept (one step either side of now, and only steps after the last one accepted).
    When the three steps around now are spent, the account's last accepted step is
    forgotten, as if the clock had moved on, so that a test can log in again at once."""
    with session_factory()() as session, session.begin():
        user = session.scalars(select(StaffUser).where(StaffUser.email == email)).one()
        totp = pyotp.TOTP(user.totp_secret)
        now, last = totp.timecode(time.time()), user.totp_last_step
        steps = [s for s in (now - 1, now, now + 1) if last is None or s > last]
        if not steps:
            user.totp_last_step = None
            steps = [now]
    return totp.generate_otp(steps[0])


def enrol_second_factor(client: FlaskClient, email: str) -> list[str]:
    """Enrol the logged-in account through its pages; return the recovery codes shown."""
    page = client.get("/staff/second-factor").get_data(as_text=True)
    match = _KEY.search(page)
    assert match, "no enrolment key on the second-factor page"
    code = pyotp.TOTP(match.group(1).replace(" ", "")).now()
    response = post(client, "/staff/second-factor/enrol", {"code": code})
    assert response.status_code == 200, response.get_data(as_text=True)
    return re.findall(r'<li class="staff-password">([^<]+)</li>', response.get_data(as_text=True))


def login(client: FlaskClient, email: str, password: str, *, second_factor: bool = True) -> object:
    """POST the login form with its CSRF token; then, unless `second_factor` is False, type
    the code when asked and enrol the account when its role requires a factor it lacks."""
    token = csrf_token(client)
    response = client.post(
        "/staff/login", data={"email": email, "password": password, "csrf_token": token}
    )
    if not second_factor or response.status_code != 302:  # type: ignore[attr-defined]
        return response
    email = email.strip().lower()
    if response.headers["Location"].endswith("/staff/login/code"):  # type: ignore[attr-defined]
        return post(client, "/staff/login/code", {"code": totp_code(email)})
    account = next(a for a in list_accounts() if a.email == email)
    required = account.role == "admin" or get_settings().staff_second_factor == "all"
    if required and not account.has_second_factor:
        enrol_second_factor(client, email)
    return response


def post(client: FlaskClient, url: str, data: dict | None = None) -> object:
    """POST a staff form with the session's CSRF token."""
    return client.post(url, data={**(data or {}), "csrf_token": csrf_token(client)})


@pytest.fixture()
def staff_env(
    sqlite_db_url: str, tmp_settings: Path, make_record: Callable, monkeypatch: pytest.MonkeyPatch
) -> StaffEnv:
    """App + data: three testimonies (one anonymous), one unfinished, one cancelled chat."""
    return _staff_env(make_record, monkeypatch)


@pytest.fixture()
def staff_env_each_db(
    db_url: str, tmp_settings: Path, make_record: Callable, monkeypatch: pytest.MonkeyPatch
) -> StaffEnv:
    """The same, on SQLite and on PostgreSQL (when TEST_POSTGRES_URL is set)."""
    return _staff_env(make_record, monkeypatch)


def _staff_env(make_record: Callable, monkeypatch: pytest.MonkeyPatch) -> StaffEnv:
    monkeypatch.setenv("SECRET_KEY", "test-secret-key-for-staff-tests")
    get_settings.cache_clear()
    throttle.reset()
    tracker_url = get_settings().tracker_database_url
    if tracker_url.startswith("sqlite:///"):  # its folder exists only if SQLite was migrated
        Path(tracker_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(tracker_url, future=True)
    with engine.begin() as connection:
        connection.execute(text(_EVENTS_DDL))
    engine.dispose()
    env = StaffEnv(
        app=create_app(),
        tracker_url=tracker_url,
        admin_password="",
        reviewer_password="",
    )
    env.admin_password = create_account(env.admin_email, "admin")
    env.reviewer_password = create_account(env.reviewer_email, "reviewer")
    env.save(make_record(), "sender-named")
    env.save(
        make_record(
            platform="ebay",
            problems=["reviews"],
            anonymous=True,
            description="Faux avis en série, ma note a chuté.",
        ),
        "sender-anon",
        lines=[
            "Bonjour, je vends sur eBay",
            "écrivez-moi à jean.dupont@example.fr",
            "mon 06 12 34 56 78",
            "SIRET 732 829 320 00074",
        ],
        identifying_details_flag=True,
    )
    env.save(
        make_record(
            platform="cdiscount",
            problems=["delisting"],
            wants_contact=False,
            description="Produits retirés sans préavis.",
        ),
        "sender-cdiscount",
    )
    env.add_events(
        conversation("sender-unfinished", ["Amazon a bloqué mes fonds", "Amazon"], end="unfinished")
    )
    env.add_events(conversation("sender-cancelled", ["bonjour"], end="cancelled"))
    return env
