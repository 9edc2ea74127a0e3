"""A failed SQL statement never puts its parameters (a testimony, a message) in the error
or in a log: our engines and Rasa's tracker store alike."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rasa.core.tracker_store import (
    FailSafeTrackerStore,
    SQLTrackerStore,
    TrackerStore,
    create_tracker_store,
)
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from bot.endpoints_file import endpoints_config
from bot.rasa_plugins.tracker_store import ParameterHidingSQLTrackerStore
from bot.settings import get_settings
from bot.storage.db import make_engine, session_factory
from bot.storage.models import Testimony
from bot.storage.testimonies import save_testimony
from tests.async_run import run_async

# ASCII: Rasa stores events as JSON with non-ASCII characters escaped.
SECRET = "Claire Martin, Jouets Martin, 06 12 34 56 78: Amazon a ferme mon compte"
HIDDEN = "SQL parameters hidden"

log = logging.getLogger(__name__)


def test_a_failed_statement_hides_its_parameters_in_error_and_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (body TEXT, n INT NOT NULL)"))
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # statements logged, as echo
    with pytest.raises(IntegrityError) as failure, engine.begin() as connection:
        connection.execute(text("INSERT INTO t (body, n) VALUES (:body, NULL)"), {"body": SECRET})
    log.error("save failed: %s", failure.value)  # how Rasa and most code log an error
    assert SECRET not in str(failure.value) and HIDDEN in str(failure.value)
    assert "INSERT INTO t" in caplog.text  # the statement was logged, not its values
    assert SECRET not in caplog.text
    engine.dispose()


def test_a_failed_testimony_insert_does_not_quote_the_testimony(
    db_url: str, make_record: Callable[..., dict[str, Any]]
) -> None:
    reference = save_testimony(make_record(), submission_id="a", sender_id="s", channel="rest")
    duplicate = Testimony(
        reference=reference.reference,  # unique: the insert fails
        channel="rest",
        anonymous=True,
        platform="amazon",
        description=SECRET,
        submission_id="b",
        sender_id="s2",
        followup_code_hash="0" * 64,
    )
    session = session_factory(db_url)()
    with pytest.raises(IntegrityError) as failure, session, session.begin():
        session.add(duplicate)
    assert SECRET not in str(failure.value)


def _tracker(sender: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [UserUttered(SECRET)])


def _store_from_our_endpoints(tmp_settings: Path) -> TrackerStore:
    config = endpoints_config(get_settings())["tracker_store"]
    return create_tracker_store(EndpointConfig.from_dict(config), Domain.empty())


def _fail_inserts(store: SQLTrackerStore) -> None:
    """Every insert into the store's `events` fails from now on (as on a full disk)."""
    with sqlite3.connect(store.engine.url.database) as connection:
        connection.execute(
            "CREATE TRIGGER fail BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'full'); END"
        )


def test_our_endpoints_load_the_parameter_hiding_tracker_store(tmp_settings: Path) -> None:
    store = _store_from_our_endpoints(tmp_settings)
    # A class Rasa cannot import silently becomes an in-memory store: check it is ours.
    assert isinstance(store, ParameterHidingSQLTrackerStore)
    assert store.engine.hide_parameters
    run_async(store.save(_tracker("s1")))
    retrieved = run_async(store.retrieve("s1"))
    assert retrieved is not None and retrieved.latest_message.text == SECRET


def test_a_failed_tracker_save_logs_no_message_text(
    tmp_settings: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = _store_from_our_endpoints(tmp_settings)
    _fail_inserts(store)
    with pytest.raises(DBAPIError) as failure:
        run_async(store.save(_tracker("s1")))
    assert "INSERT INTO events" in str(failure.value)
    assert SECRET not in str(failure.value) and HIDDEN in str(failure.value)
    # What the Rasa server does: FailSafeTrackerStore logs the error, falls back to memory.
    with caplog.at_level(logging.ERROR):
        run_async(FailSafeTrackerStore(store).save(_tracker("s1")))
    assert "Error happened when trying to save" in caplog.text
    assert SECRET not in caplog.text and HIDDEN in caplog.text


def test_rasa_own_sql_tracker_store_would_quote_the_message(tmp_path: Path) -> None:
    # Why `ParameterHidingSQLTrackerStore` exists; if this fails, Rasa hides them itself.
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    _fail_inserts(store)
    with pytest.raises(DBAPIError) as failure:
        run_async(store.save(_tracker("s1")))
    assert SECRET in str(failure.value)
