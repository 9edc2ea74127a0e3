"""Unfinished conversations are counted and paged in SQL, saved testimonies left out."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import event

from bot.settings import get_settings
from bot.storage import db
from bot.storage.tracker_events import configured_engine as tracker_engine
from bot.storage.tracker_events import events
from bot.storage.unfinished_conversations import unfinished_page
from tests.staff.conftest import T0, StaffEnv, conversation

BULK = 300
"""Conversations added on top of the fixtures', one minute apart: bulk-000 is the oldest."""


def _bulk() -> list[dict]:
    rows: list[dict] = []
    for index in range(BULK):
        end = "cancelled" if index % 3 == 0 else "unfinished"
        rows += conversation(f"bulk-{index:03d}", ["Amazon"], start=T0 + 3600 + 60 * index, end=end)
    return rows


@pytest.fixture()
def tracker(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[list], None]]:
    """The tracker store in the testimonies' database (SQLite, or PostgreSQL when set):
    `add(rows)` inserts events."""
    monkeypatch.setenv("TRACKER_DATABASE_URL", db_url)
    get_settings.cache_clear()
    db.clear_cache()
    engine = tracker_engine()
    events.drop(engine, checkfirst=True)
    events.create(engine)

    def add(rows: list[dict]) -> None:
        with engine.begin() as connection:
            connection.execute(events.insert(), rows)

    yield add
    events.drop(engine, checkfirst=True)


def test_unfinished_page_counts_orders_and_pages_in_sql(tracker: Callable[[list], None]) -> None:
    tracker(_bulk())
    # saved testimonies, one of them the newest conversation of all: never listed
    tracker(conversation("saved-new", ["Amazon"], start=T0 + 10**6))
    tracker(conversation("saved-old", ["Amazon"], start=T0))
    saved = {"saved-new", "saved-old", "never-chatted"}
    statements: list[str] = []
    event.listen(tracker_engine(), "before_cursor_execute", _recorder(statements))

    first = unfinished_page(saved, limit=25, offset=0)
    assert first.total == BULK
    assert [c.sender_id for c in first.conversations] == [
        f"bulk-{i:03d}" for i in range(BULK - 1, BULK - 26, -1)
    ]
    newest = first.conversations[0]
    assert newest.user_messages == 1
    assert newest.last_slot == "platform"
    assert newest.started_at < newest.last_at
    assert [c.cancelled for c in first.conversations] == [i % 3 == 0 for i in range(299, 274, -1)]
    assert first.drops == [("platform", BULK)]
    assert any("LIMIT" in s and "GROUP BY" in s for s in statements)

    last = unfinished_page(saved, limit=25, offset=275)
    assert [c.sender_id for c in last.conversations] == [f"bulk-{i:03d}" for i in range(24, -1, -1)]
    assert unfinished_page(saved, limit=25, offset=300).conversations == []
    everything = unfinished_page(set(), limit=1000)
    assert everything.total == BULK + 2
    assert everything.conversations[0].sender_id == "saved-new"


def test_last_question_and_drop_offs_ignore_empty_values(tracker: Callable[[list], None]) -> None:
    tracker(conversation("two-questions", ["Amazon", "compte fermé"], end="unfinished"))
    tracker(conversation("finished-form", ["Amazon"], start=T0 + 100, end="saved"))
    tracker(conversation("no-question", [], start=T0 + 200, end="unfinished"))
    page = unfinished_page(set(), limit=10)
    assert {c.sender_id: c.last_slot for c in page.conversations} == {
        "no-question": None,
        "finished-form": "platform",  # the null after the form ended does not erase it
        "two-questions": "problems",
    }
    assert page.drops == [(None, 1), ("platform", 1), ("problems", 1)]


def test_conversations_page_is_paged_by_25_with_the_total(staff_env: StaffEnv) -> None:
    staff_env.add_events(_bulk())
    client = staff_env.client("reviewer")
    first = client.get("/staff/conversations").get_data(as_text=True)
    assert f"{BULK + 2} conversations" in first and "page=2" in first
    senders = re.findall(r"/staff/conversations/([\w-]+)", first)
    assert senders == [f"bulk-{i:03d}" for i in range(BULK - 1, BULK - 26, -1)]
    assert f'<th scope="row">Plateforme</th><td>{BULK + 1}</td>' in first
    assert '<th scope="row">Problèmes</th><td>1</td>' in first
    last = client.get("/staff/conversations?page=13").get_data(as_text=True)
    assert re.findall(r"/staff/conversations/([\w-]+)", last) == [
        "sender-unfinished",
        "sender-cancelled",
    ]
    assert "sender-named" not in last and f"{BULK + 2} conversations" in last


def _recorder(statements: list[str]) -> Callable[..., None]:
    def record(_conn, _cursor, statement: str, *_args: object) -> None:  # noqa: ANN001
        statements.append(statement)

    return record
