"""The tracker store keeps the conversation it saved for the next message, and never hands
back one that the database no longer matches: the rows written are Rasa's own, whoever
else writes to the conversation (another Rasa server, a redaction, a withdrawal)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.privacy import mask_identifiers
from bot.rasa_plugins.tracker_store import (
    ParameterHidingSQLTrackerStore,
    conversation_rewritten,
    forget_cached_conversation,
)
from bot.storage.tracker_redaction import delete_conversation, redact
from tests.async_run import run_async
from tests.conftest import POSTGRES_URL

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain.yml"))


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(not POSTGRES_URL, reason="TEST_POSTGRES_URL is not set"),
        ),
    ]
)
def store_options(request: pytest.FixtureRequest, tmp_path: Path) -> dict:
    """Options of a tracker store on SQLite or PostgreSQL, as our endpoints file gives."""
    if request.param == "sqlite":
        return {"dialect": "sqlite", "db": str(tmp_path / "tracker.db")}
    url = make_url(POSTGRES_URL)
    return {
        "dialect": "postgresql",
        "db": url.database,
        "host": url.host,
        "port": url.port,
        "username": url.username,
        "password": url.password,
    }


def _store(options: dict) -> ParameterHidingSQLTrackerStore:
    return ParameterHidingSQLTrackerStore(DOMAIN, **options)


def _rows(store: SQLTrackerStore, sender: str) -> list[tuple]:
    with store.engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT type_name, intent_name, action_name, data FROM events "
                "WHERE sender_id = :s ORDER BY id"
            ),
            {"s": sender},
        ).all()


def _turn(tracker: DialogueStateTracker, said: str, slot_value: str) -> None:
    """One message as Rasa's processor adds it."""
    tracker.update(UserUttered(said, {"name": "inform", "confidence": 0.9}))
    tracker.update(SlotSet("platform", slot_value))
    tracker.update(BotUttered(f"Noté : {slot_value}."))
    tracker.update(ActionExecuted("action_listen"))


def _conversation(store: SQLTrackerStore, sender: str) -> DialogueStateTracker:
    tracker = run_async(store.get_or_create_tracker(sender))
    _turn(tracker, "Amazon a fermé mon compte", "amazon")
    run_async(store.save(tracker))
    return tracker


def test_the_saved_conversation_comes_back_without_rereading_and_rows_are_rasas(
    store_options: dict,
) -> None:
    ours, sender = _store(store_options), uuid.uuid4().hex
    tracker = _conversation(ours, sender)
    again = run_async(ours.retrieve(sender))
    assert again is tracker  # kept in memory, checked against the rows
    _turn(again, "cdiscount aussi", "cdiscount")
    run_async(ours.save(again))
    # Rasa's own store, on the same events, writes the same rows
    rasa, other = SQLTrackerStore(DOMAIN, **store_options), uuid.uuid4().hex
    reference = run_async(rasa.get_or_create_tracker(other))
    _turn(reference, "Amazon a fermé mon compte", "amazon")
    run_async(rasa.save(reference))
    reference = run_async(rasa.retrieve(other))
    _turn(reference, "cdiscount aussi", "cdiscount")
    run_async(rasa.save(reference))

    def comparable(rows: list[tuple]) -> list[tuple]:
        return [
            (kind, intent, action, {k: v for k, v in json.loads(data).items() if k != "timestamp"})
            for kind, intent, action, data in rows
        ]

    assert comparable(_rows(ours, sender)) == comparable(_rows(rasa, other))
    fresh = run_async(_store(store_options).retrieve(sender))
    assert fresh.get_slot("platform") == "cdiscount" and len(fresh.events) == len(again.events)


def test_what_another_server_wrote_is_read_back(store_options: dict) -> None:
    first, second, sender = _store(store_options), _store(store_options), uuid.uuid4().hex
    _conversation(first, sender)
    on_second = run_async(second.retrieve(sender))
    _turn(on_second, "en fait c'est eBay", "ebay")
    run_async(second.save(on_second))
    on_first = run_async(first.retrieve(sender))
    assert on_first.get_slot("platform") == "ebay"
    _turn(on_first, "et Rakuten", "rakuten")
    run_async(first.save(on_first))
    slots = [json.loads(r[3]).get("value") for r in _rows(first, sender) if r[0] == "slot"]
    assert slots == ["amazon", "ebay", "rakuten"]  # each stored once, in order


def test_a_redacted_conversation_read_again_is_kept_masked_and_stored_once(
    store_options: dict,
) -> None:
    store, sender = _store(store_options), uuid.uuid4().hex
    tracker = run_async(store.get_or_create_tracker(sender))
    _turn(tracker, "Je suis Claire Martin, 06 12 34 56 78", "amazon")
    run_async(store.save(tracker))
    redact(store.engine, sender, mask_identifiers)
    forget_cached_conversation(sender)
    kept = run_async(store.retrieve(sender))  # read again, masked
    assert kept is not tracker and run_async(store.retrieve(sender)) is kept, "read once"
    assert "06 12 34 56 78" not in kept.latest_message.text
    _turn(kept, "et aussi eBay", "ebay")
    run_async(store.save(kept))
    fresh = _store(store_options)  # as Rasa reads the rows: each event stored once
    assert [e.as_dict() for e in run_async(fresh.retrieve(sender)).events] == [
        e.as_dict() for e in kept.events
    ]
    kinds = [row[0] for row in _rows(store, sender)]
    assert len(kinds) == len(kept.events)


def test_the_rows_are_read_as_rasa_reads_them_across_sessions(store_options: dict) -> None:
    store, sender = _store(store_options), uuid.uuid4().hex
    tracker = _conversation(store, sender)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    _turn(tracker, "une deuxième session", "ebay")
    run_async(store.save(tracker))
    rasa = SQLTrackerStore(DOMAIN, **store_options)
    for read in ("retrieve", "retrieve_full_tracker"):
        ours = run_async(getattr(_store(store_options), read)(sender))
        theirs = run_async(getattr(rasa, read)(sender))
        assert [e.as_dict() for e in ours.events] == [e.as_dict() for e in theirs.events], read
        assert ours.current_state() == theirs.current_state(), read
    assert run_async(store.retrieve("nobody-" + sender)) is None


def test_a_deleted_conversation_starts_again_even_without_being_told(
    store_options: dict,
) -> None:
    store, sender = _store(store_options), uuid.uuid4().hex
    _conversation(store, sender)
    delete_conversation(store.engine, sender)  # e.g. from the web app: no forget() here
    assert run_async(store.retrieve(sender)) is None


def test_a_tracker_changed_but_not_saved_is_not_handed_back(store_options: dict) -> None:
    store, sender = _store(store_options), uuid.uuid4().hex
    tracker = _conversation(store, sender)
    _turn(tracker, "message dont le traitement a échoué", "ebay")  # never saved
    again = run_async(store.retrieve(sender))
    assert again is not tracker and again.get_slot("platform") == "amazon"


def test_a_new_session_in_memory_stores_each_event_once(store_options: dict) -> None:
    store, sender = _store(store_options), uuid.uuid4().hex
    tracker = _conversation(store, sender)
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    run_async(store.save(tracker))
    again = run_async(store.retrieve(sender))
    _turn(again, "bonjour de nouveau", "ebay")
    run_async(store.save(again))
    kinds = [row[0] for row in _rows(store, sender)]
    turn = ["user", "slot", "bot", "action"]
    assert kinds == ["action", *turn, "action", "session_started", "action", *turn]


def test_an_engine_on_a_sqlite_file_keeps_its_connections(tmp_path: Path) -> None:
    store = _store({"dialect": "sqlite", "db": str(tmp_path / "t.db")})
    assert type(store.engine.pool).__name__ == "QueuePool"
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert create_engine(f"sqlite:///{tmp_path / 't.db'}").pool.__class__.__name__ == "NullPool"


def test_a_tracker_read_by_another_store_is_saved_with_rasas_count(store_options: dict) -> None:
    """A tracker this store neither saved nor read (Rasa's own store read it) gets only its
    events after the stored ones inserted, as Rasa counts them."""
    ours, sender = _store(store_options), uuid.uuid4().hex
    _conversation(ours, sender)
    read_elsewhere = run_async(SQLTrackerStore(DOMAIN, **store_options).retrieve(sender))
    _turn(read_elsewhere, "et Rakuten", "rakuten")
    run_async(ours.save(read_elsewhere))
    slots = [json.loads(r[3]).get("value") for r in _rows(ours, sender) if r[0] == "slot"]
    assert slots == ["amazon", "rakuten"]
    assert run_async(_store(store_options).retrieve(sender)).get_slot("platform") == "rakuten"


def test_a_conversation_with_no_rows_is_none_and_its_first_save_stores_every_event(
    store_options: dict,
) -> None:
    ours, sender = _store(store_options), uuid.uuid4().hex
    assert run_async(ours.retrieve(sender)) is None
    created = run_async(ours.create_tracker(sender))  # Rasa saves it at once
    _turn(created, "Amazon a fermé mon compte", "amazon")
    run_async(ours.save(created))
    kinds = [row[0] for row in _rows(ours, sender)]
    assert kinds == ["action", "user", "slot", "bot", "action"]  # listen, then the turn


def test_a_redacted_conversation_stays_kept_with_the_masked_events(store_options: dict) -> None:
    """After a redaction the kept tracker is the one the rows give: the next message
    needs no read, and what it holds is masked."""
    store, sender = _store(store_options), uuid.uuid4().hex
    tracker = _conversation(store, sender)
    _turn(tracker, "Je suis Claire Martin, 06 12 34 56 78", "claire.martin@exemple.fr")
    run_async(store.save(tracker))
    conversation_rewritten(sender, redact(store.engine, sender, mask_identifiers))
    kept = run_async(store.retrieve(sender))
    assert kept is not tracker and run_async(store.retrieve(sender)) is kept
    read = run_async(_store(store_options).retrieve(sender))
    assert [e.as_dict() for e in kept.events] == [e.as_dict() for e in read.events]
    assert kept.current_slot_values() == read.current_slot_values()
    assert kept.latest_message.as_dict() == read.latest_message.as_dict()
    assert "06 12 34 56 78" not in kept.latest_message.text
    assert "claire.martin" not in str(kept.get_slot("platform"))
    _turn(kept, "et aussi eBay", "ebay")
    run_async(store.save(kept))
    stored = run_async(_store(store_options).retrieve(sender))
    assert [e.as_dict() for e in stored.events] == [e.as_dict() for e in kept.events]


def test_a_rewrite_that_does_not_match_the_kept_tracker_drops_it(store_options: dict) -> None:
    store, other, sender = _store(store_options), _store(store_options), uuid.uuid4().hex
    tracker = _conversation(store, sender)
    on_other = run_async(other.retrieve(sender))  # another server adds a turn
    _turn(on_other, "Je suis Claire Martin", "ebay")
    run_async(other.save(on_other))
    conversation_rewritten(sender, redact(store.engine, sender, mask_identifiers))
    assert sender not in store.saved
    read = run_async(store.retrieve(sender))
    assert read is not tracker and read.get_slot("platform") == "ebay"
