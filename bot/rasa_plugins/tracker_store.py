"""Rasa's SQL tracker store, with statement parameters kept out of its errors and logs, and
the conversations it has just saved kept in memory for their next message.

Rasa 3.6 creates the engine of `SQLTrackerStore` without `hide_parameters`: when an insert
fails (database locked, disk full, connection lost…), the SQLAlchemy error quotes the
statement's parameters, i.e. the event JSON with what the user typed, and Rasa logs it
(`FailSafeTrackerStore`: "Please investigate the following error: …"). The endpoints that
`python -m bot run` writes (`bot/endpoints_file.py`) name this class instead of
`SQL`; it takes the same options.

Rasa's `SQLTrackerStore` rebuilds the whole conversation from its rows at every message
(every event decoded and replayed) and counts the stored rows again to know which events are
new: found by profiling the Rasa server under load to be the largest part of its time
(docs/measurements.md). After a save, this store keeps the tracker it saved, with the number
of its events then, and the conversation's row count and last row id. The next `retrieve` of
that conversation hands it back only if the database still holds those rows (one indexed
query) and nobody added events to it in memory since; otherwise it reads the rows as Rasa
does. A save of that same object inserts only the events after those already stored. Any
other writer (a second Rasa server, the retention purge, a withdrawal) changes the count or
the last id and so empties the entry. A redaction (`bot.storage.tracker_redaction`) rewrites
rows in place, which changes neither: it hands its rows to `conversation_rewritten`, which
keeps the tracker rebuilt with the masked events; a deletion after a withdrawal calls
`forget_cached_conversation`. A conversation read from its rows is kept likewise. A
conversation with no rows is answered from its count alone (Rasa ran its whole read), and
its first save inserts every event without Rasa's ORM count. Reads and writes go through
plain connections, not ORM sessions, but for a tracker this store did not save or read,
which gets Rasa's own count. The rows written are exactly Rasa's.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from bot.rasa_plugins import action_failures
from bot.storage.tracker_redaction import Rewrite

logger = logging.getLogger(__name__)

CACHED_CONVERSATIONS = 256
"""Conversations kept in memory, the most recently saved first: well above the conversations
one server holds at a time (50 in `make bench`); a few MB."""


@dataclass
class _Saved:
    """A tracker as this process last saved it."""

    tracker: DialogueStateTracker
    stored_events: int  # len(tracker.events) at the save
    stored_rows: tuple[int, int | None]  # the conversation's row count and last row id then


_STORED_EVENTS = "signalpme_stored_events"
"""Set on a tracker this store saved: how many of its events are stored. Its next save
inserts the ones after, whatever sessions the tracker spans (Rasa's own count assumes a
tracker that starts at the latest session, as read from the rows)."""

_stores: list[ParameterHidingSQLTrackerStore] = []


def forget_cached_conversation(sender_id: str) -> None:
    """Drop `sender_id` from every store of this process (its rows were rewritten)."""
    for store in _stores:
        store.saved.pop(sender_id, None)


def conversation_rewritten(sender_id: str, rewrite: Rewrite) -> None:
    """Rows of `sender_id` were changed in place (`bot.storage.tracker_redaction`): every
    store of this process keeps its tracker with the rewritten events, or drops it."""
    for store in _stores:
        store.rewritten(sender_id, rewrite)


def _sqlite_journal(dbapi_connection: Any, _record: Any) -> None:
    """WAL journal: a commit appends to the log instead of rewriting the database file and
    syncing it twice; readers (the staff app) never block the writer. `synchronous=NORMAL`
    is SQLite's advised setting with WAL: the database stays consistent on a crash or power
    loss, the last commits before a power loss may be lost (not on a process crash)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class ParameterHidingSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` whose engine is created with `hide_parameters=True` (on SQLite: the
    WAL journal and a connection pool; elsewhere: connections checked before use), keeping
    the trackers it saved (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        options = create_engine_kwargs(url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            # SQLAlchemy 1.4 opens a new SQLite connection (and runs the pragmas again) for
            # every session of a file database; a pool keeps a few open instead. A pooled
            # connection is used by one thread at a time (the server's loop, or the
            # redaction's worker thread), hence no same-thread check.
            options.update(poolclass=QueuePool, connect_args={"check_same_thread": False})
        else:  # a connection broken by a database restart is replaced, not used and failed
            options["pool_pre_ping"] = True
        self.engine = sa.create_engine(url, hide_parameters=True, **options)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_journal)
        self.sessionmaker = sessionmaker(bind=self.engine)
        events = self.SQLEvent.__table__
        # built once, run without the ORM: it runs at every message (profiled: the ORM
        # query cost as much as the database's answer)
        self._rows_query = sa.select(sa.func.count(events.c.id), sa.func.max(events.c.id)).where(
            events.c.sender_id == sa.bindparam("sender")
        )
        self.saved: OrderedDict[str, _Saved] = OrderedDict()
        _stores.append(self)

    def _stored_rows(
        self, connection: sa.engine.Connection, sender_id: str
    ) -> tuple[int, int | None]:
        """How many rows the conversation has, and its last row id (one indexed query)."""
        count, last = connection.execute(self._rows_query, {"sender": sender_id}).one()
        return int(count), last

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The tracker saved or read last by this process when the database still holds
        what it held then and nothing was added to it since; none when the conversation
        has no rows; else the rows read as Rasa reads them, and kept for the next call."""
        with self.engine.connect() as connection:  # no ORM session: one query
            stored_rows = self._stored_rows(connection, sender_id)  # before any read: a
            # row added meanwhile changes the count, and a kept copy is then not used
        saved = self.saved.get(sender_id)
        if saved is not None:
            if len(saved.tracker.events) == saved.stored_events and (
                stored_rows == saved.stored_rows
            ):
                self.saved.move_to_end(sender_id)
                return saved.tracker
            del self.saved[sender_id]  # another writer changed the conversation
        if stored_rows[0] == 0:  # a new conversation: Rasa's query would find no event
            return None
        tracker = await super().retrieve(sender_id)
        if tracker is not None and tracker.events.maxlen is None:
            self._keep(tracker, stored_rows)
        return tracker

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        """Rasa's reading of the rows, taking only the JSON of each event (profiled:
        building an ORM object for each row cost more than decoding its JSON)."""
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions)
            events = [json.loads(data) for (data,) in query.with_entities(self.SQLEvent.data)]
        if not self.domain or not events:
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    def _keep(self, tracker: DialogueStateTracker, stored_rows: tuple[int, int | None]) -> None:
        """Remember `tracker`, all of whose events are stored, with the rows it matches."""
        setattr(tracker, _STORED_EVENTS, len(tracker.events))
        self.saved[tracker.sender_id] = _Saved(tracker, len(tracker.events), stored_rows)
        self.saved.move_to_end(tracker.sender_id)
        while len(self.saved) > CACHED_CONVERSATIONS:
            self.saved.popitem(last=False)

    def rewritten(self, sender_id: str, rewrite: Rewrite) -> None:
        """After an in-place rewrite of the rows, keep the tracker rebuilt with the
        rewritten events, as reading the rows would give it (the masked ones decoded from
        their new JSON, the others as they were, the whole replayed); a redaction used to
        make the next message read the whole conversation again. The kept tracker must
        match the rows: the same count and last id, and its events the last rows, type
        and timestamp each; else it is dropped and the next message reads the rows."""
        saved = self.saved.pop(sender_id, None)
        if saved is None or self.domain is None:
            return
        events, rows = list(saved.tracker.events), rewrite.rows
        count = len(events)
        if (
            saved.stored_events != count
            or saved.stored_rows != (len(rows), rows[-1][0] if rows else None)
            or count > len(rows)
        ):
            return
        tail = rows[len(rows) - count :]
        if any(
            event.type_name != type_name or event.timestamp != timestamp
            for event, (_, type_name, timestamp) in zip(events, tail, strict=True)
        ):
            return
        for index, (row_id, _, _) in enumerate(tail):
            if row_id in rewrite.masked:
                decoded = deserialise_events([rewrite.masked[row_id]])
                if len(decoded) != 1:
                    return
                events[index] = decoded[0]
        tracker = DialogueStateTracker.from_events(sender_id, events, self.domain.slots)
        self._keep(tracker, saved.stored_rows)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Insert the events not stored yet (as Rasa does), then remember the tracker; store
        nothing of a message during which the action server was unreachable."""
        if action_failures.unreachable_in_this_message():
            logger.warning("Action server unreachable: this turn is not stored.")
            return
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        stored_events = getattr(tracker, _STORED_EVENTS, None)
        with self.engine.begin() as connection:  # one transaction, no ORM session
            if stored_events is None and self._stored_rows(connection, sender_id)[0] == 0:
                stored_events = 0  # a new conversation: Rasa's count would be 0 too
            if stored_events is not None:
                new_events = itertools.islice(tracker.events, stored_events, len(tracker.events))
                self._insert(connection, sender_id, new_events)
                stored_rows = self._stored_rows(connection, sender_id)
        if stored_events is None:  # neither saved nor read by this store: Rasa's own count
            with self.session_scope() as session:
                connection = session.connection()
                self._insert(connection, sender_id, self._additional_events(session, tracker))
                stored_rows = self._stored_rows(connection, sender_id)
                session.commit()
        if tracker.events.maxlen is not None:  # a capped history can change at constant length
            return
        self._keep(tracker, stored_rows)

    def _insert(
        self, connection: sa.engine.Connection, sender_id: str, new_events: Iterable[Event]
    ) -> None:
        """Rasa's rows for `new_events`, in one statement (the ORM inserted them one by one)."""
        rows = [self._row(sender_id, event.as_dict(), event.type_name) for event in new_events]
        if rows:
            connection.execute(self.SQLEvent.__table__.insert(), rows)

    @staticmethod
    def _row(sender_id: str, data: dict[str, Any], type_name: str) -> dict[str, Any]:
        """The row Rasa's `SQLTrackerStore.save` writes for one event."""
        return {
            "sender_id": sender_id,
            "type_name": type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }
