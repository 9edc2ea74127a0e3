"""The staff app at scale: N testimonies with their transcripts written in bulk, then the
p95 of the pages staff open most, over real HTTP (waitress on loopback)."""

from __future__ import annotations

import os
import random
import re
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone

import requests
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine

from bot.settings import get_settings
from bot.storage import db
from bot.storage.accounts import create_account
from bot.storage.codes import format_reference, hash_followup_code
from bot.storage.migrate import downgrade, upgrade
from bot.storage.models import Testimony
from bot.storage.testimonies import clean_record
from bot.taxonomy import PLATFORM_CODES, PROBLEM_CODES

BATCH = 5_000
EVENTS_PER_TRANSCRIPT = 20
SAMPLES = 30
WORDS = ("bloqué", "fermé", "suspendu", "virement", "retenue", "déréférencé", "avis", "frais")
_PLATFORMS = tuple(code for code in PLATFORM_CODES if code != "other")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class PageTimes:
    """p95 in milliseconds of each page kind on one database."""

    database: str
    rows: int
    fill_seconds: float
    p95_ms: dict[str, float]


def _record(index: int, rng: random.Random) -> dict[str, object]:
    anonymous = index % 3 == 0
    return {
        "anonymous": anonymous,
        "platform": rng.choice(_PLATFORMS),
        "platform_other": None,
        "problems": rng.sample(PROBLEM_CODES, 2),
        "description": f"Témoignage {index} : compte {rng.choice(WORDS)} depuis des semaines, "
        f"{rng.randint(1, 90)} jours sans réponse du support.",
        "started_on": "2026-09-15",
        "reason_given": "no",
        "contacted_platform": "yes",
        "revenue_share_pct": rng.randint(5, 100),
        "estimated_loss_eur": rng.randint(100, 90_000),
        "company_size": "micro",
        "sector": "jouets",
        "wants_contact": not anonymous,
        "company_name": None if anonymous else f"Société {index}",
        "email": None if anonymous else f"vendeur{index}@example.fr",
    }


def _events_table(metadata: MetaData) -> Table:
    """Rasa's `events` table, as its SQL tracker store creates it."""
    return Table(
        "events",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("sender_id", String(255), nullable=False, index=True),
        Column("type_name", String(255), nullable=False),
        Column("timestamp", Float),
        Column("intent_name", String(255)),
        Column("action_name", String(255)),
        Column("data", Text),
    )


def _transcript(sender: str, start: float) -> list[dict[str, object]]:
    rows = []
    for turn in range(EVENTS_PER_TRANSCRIPT // 2):
        at = start + turn * 30
        rows.append(
            {
                "sender_id": sender,
                "type_name": "user",
                "timestamp": at,
                "intent_name": "inform",
                "action_name": None,
                "data": f'{{"event": "user", "timestamp": {at}, "text": "réponse {turn}"}}',
            }
        )
        rows.append(
            {
                "sender_id": sender,
                "type_name": "bot",
                "timestamp": at + 1,
                "intent_name": None,
                "action_name": None,
                "data": f'{{"event": "bot", "timestamp": {at + 1}, "text": "Question {turn} ?"}}',
            }
        )
    return rows


def fill(database_url: str, tracker_url: str, rows: int) -> float:
    """Write `rows` testimonies and their transcripts; return the seconds it took."""
    start = time.perf_counter()
    rng = random.Random(42)
    factory = db.session_factory(database_url)
    tracker = create_engine(tracker_url, future=True)
    metadata = MetaData()
    events = _events_table(metadata)
    metadata.drop_all(tracker)
    metadata.create_all(tracker)
    first = datetime(2026, 10, 1, tzinfo=timezone.utc)
    for batch_start in range(0, rows, BATCH):
        testimonies, transcript_rows = [], []
        for index in range(batch_start, min(rows, batch_start + BATCH)):
            created = first + timedelta(minutes=index)
            sender = f"bench{index:08d}"
            testimony = Testimony(
                **clean_record(_record(index, rng)),
                id=index + 1,
                reference=format_reference(index + 1, 2026),
                created_at=created,
                updated_at=created,
                channel="socketio",
                status=rng.choice(("new", "new", "in_review", "mediation", "closed")),
                submission_id=f"bench-{index}",
                sender_id=sender,
                followup_code_hash=hash_followup_code(f"BENCH{index:011d}"),
            )
            testimonies.append(testimony)
            transcript_rows += _transcript(sender, created.timestamp())
        with factory() as session, session.begin():
            session.add_all(testimonies)
        with tracker.begin() as connection:
            connection.execute(events.insert(), transcript_rows)
    tracker.dispose()
    if database_url.startswith("postgresql"):
        _reset_sequence(database_url)
    return time.perf_counter() - start


def _reset_sequence(database_url: str) -> None:
    """After a bulk load on PostgreSQL: the id sequence past the rows written, and
    `VACUUM ANALYZE` (what autovacuum would do soon after): statistics for the planner and
    the visibility map that index-only scans need, and no autovacuum during the timing."""
    from sqlalchemy import text

    engine = create_engine(database_url, future=True)
    with engine.begin() as connection:
        connection.execute(
            text("SELECT setval('testimonies_id_seq', (SELECT max(id) FROM testimonies))")
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


@contextmanager
def _served(database_url: str, tracker_url: str) -> Iterator[str]:
    from waitress.server import create_server

    from bot.web.app import create_app

    settings = replace(get_settings(), database_url=database_url, tracker_database_url=tracker_url)
    os.environ["DATABASE_URL"], os.environ["TRACKER_DATABASE_URL"] = database_url, tracker_url
    get_settings.cache_clear()
    db.clear_cache()
    server = create_server(create_app(settings), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=5)


def _logged_in(base: str, email: str, password: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{base}/staff/login", timeout=30).text
    token = _CSRF.search(page)
    assert token, "no CSRF token on the login page"
    answer = browser.post(
        f"{base}/staff/login",
        data={"email": email, "password": password, "csrf_token": token.group(1)},
        timeout=30,
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.status_code
    return browser


def _p95(browser: requests.Session, urls: list[str]) -> float:
    for url in urls[:3]:  # warm-up
        browser.get(url, timeout=60)
    times = []
    for url in urls:
        start = time.perf_counter()
        answer = browser.get(url, timeout=60)
        times.append(time.perf_counter() - start)
        assert answer.status_code == 200, (url, answer.status_code)
    return statistics.quantiles(times, n=20)[18] * 1000


def measure(name: str, database_url: str, tracker_url: str, rows: int) -> PageTimes:
    """Fill an empty database with `rows` testimonies and time the staff pages on it."""
    if database_url.startswith("postgresql"):
        downgrade(database_url)
    upgrade(database_url)
    seconds = fill(database_url, tracker_url, rows)
    email, rng = "bench@ministere.example", random.Random(7)
    with _served(database_url, tracker_url) as base:
        password = create_account(email, "reviewer")
        browser = _logged_in(base, email, password)
        references = [format_reference(rng.randint(1, rows), 2026) for _ in range(SAMPLES)]
        platforms = [rng.choice(_PLATFORMS) for _ in range(SAMPLES)]
        pages = {
            "list": [f"{base}/staff/testimonies"] * SAMPLES,
            "filtered list": [
                f"{base}/staff/testimonies?platform={p}&status=new" for p in platforms
            ],
            "full-text search": [
                f"{base}/staff/testimonies?search={rng.choice(WORDS)}" for _ in range(SAMPLES)
            ],
            "testimony page": [f"{base}/staff/testimonies/{r}" for r in references],
            "dashboard": [f"{base}/staff/"] * SAMPLES,
        }
        times = {kind: _p95(browser, urls) for kind, urls in pages.items()}
    _drop_transcripts(tracker_url)  # a shared database is left as it was found
    return PageTimes(name, rows, seconds, times)


def _drop_transcripts(tracker_url: str) -> None:
    engine = create_engine(tracker_url, future=True)
    metadata = MetaData()
    _events_table(metadata).drop(engine, checkfirst=True)
    engine.dispose()
