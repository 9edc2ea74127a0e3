"""Aggregate queries on the tracker store: conversations that did not end in a testimony.

The tracker store may be another database than the testimonies', so the sender ids of saved
testimonies are copied into a temporary table of the tracker connection; listing, counting
and paging then happen in SQL, whatever the number of conversations. Details (first
message, user messages, cancellation, last question) are read for one page only.

A conversation counts as cancelled only when the cancel was confirmed: `action_cancel_report`
ran (the rules "Cancel inside the form / at the summary, confirmed" of `data/rules.yml`).
"annuler" then "Non, continuer" runs `utter_ask_cancel` and goes on: not cancelled.
The list can be narrowed to conversations started within UTC calendar days and to those
whose last question is one slot (or none: stopped before the questionnaire).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import (
    JSON,
    Column,
    MetaData,
    String,
    Table,
    case,
    cast,
    exists,
    func,
    select,
    text,
    type_coerce,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql import ColumnElement, Subquery

from bot.storage.tracker_events import configured_engine, event_time, events

# Temporary (created by `_fill_saved`): one per connection, so requests never share it.
_saved = Table("staff_saved_senders", MetaData(), Column("sender_id", String(255)))

CONFIRMED_CANCEL_ACTION = "action_cancel_report"
"""The action that runs only once the seller confirmed "abandonner" (see `domain.yml`)."""

NO_QUESTION = "none"
"""The `last_question` filter value of conversations that stopped before any question."""


@dataclass(frozen=True)
class ConversationFilters:
    """Which unfinished conversations to list; None means no constraint. Dates are UTC
    calendar days of the conversation's first event, inclusive; `last_question` is a slot
    name or `NO_QUESTION`."""

    since: date | None = None
    until: date | None = None
    last_question: str | None = None


@dataclass(frozen=True)
class Conversation:
    """One conversation of the tracker store with no saved testimony."""

    sender_id: str
    started_at: datetime
    last_at: datetime
    user_messages: int
    cancelled: bool
    last_slot: str | None = None


@dataclass(frozen=True)
class ConversationPage:
    """One page of unfinished conversations, their total and where all of them stopped."""

    conversations: list[Conversation]
    total: int
    drops: list[tuple[str | None, int]] = field(default_factory=list)
    """(last question asked or None, number of conversations), most frequent first."""


def unfinished_page(
    exclude: Collection[str],
    limit: int,
    offset: int = 0,
    filters: ConversationFilters | None = None,
) -> ConversationPage:
    """Conversations whose sender_id is not in `exclude` (saved testimonies), newest first,
    narrowed by `filters`.

    Returns `limit` of them from `offset`, with the total count, and the drop-off counts of
    all of them within the dates (whatever the last question filter); an empty page if the
    tracker store cannot be read.
    """
    try:
        with configured_engine().begin() as connection:
            _fill_saved(connection, set(exclude))
            page = _query_page(connection, limit, offset, filters or ConversationFilters())
            if connection.dialect.name != "postgresql":  # PostgreSQL drops it on commit
                connection.execute(_saved.delete())
            return page
    except SQLAlchemyError:
        return ConversationPage([], 0)


def _fill_saved(connection: Connection, senders: set[str]) -> None:
    """Create (or empty) the temporary table of saved senders and fill it."""
    ddl = f"CREATE TEMPORARY TABLE IF NOT EXISTS {_saved.name} (sender_id VARCHAR(255) PRIMARY KEY)"
    if connection.dialect.name == "postgresql":
        ddl += " ON COMMIT DROP"
    connection.execute(text(ddl))
    connection.execute(_saved.delete())  # SQLite keeps the table as long as the connection
    if senders:
        connection.execute(_saved.insert(), [{"sender_id": s} for s in senders])


def _unsaved(sender_id: ColumnElement) -> ColumnElement:
    return ~exists().where(_saved.c.sender_id == sender_id)


def _epoch(day: date) -> float:
    return datetime.combine(day, time.min, tzinfo=timezone.utc).timestamp()


def _conversations(filters: ConversationFilters) -> Subquery:
    """(sender_id, last_at) of each conversation without a saved testimony, started within
    the dates of `filters`.

    Saved senders are left out after grouping: one look-up per conversation, not per event.
    """
    started = func.min(events.c.timestamp)
    grouped = select(events.c.sender_id, func.max(events.c.timestamp).label("last_at"))
    if filters.since is not None:
        grouped = grouped.having(started >= _epoch(filters.since))
    if filters.until is not None:
        grouped = grouped.having(started < _epoch(filters.until + timedelta(days=1)))
    grouped = grouped.group_by(events.c.sender_id).subquery()
    return select(grouped).where(_unsaved(grouped.c.sender_id)).subquery()


def _at_question(
    connection: Connection, conversations: Subquery, last_question: str | None
) -> Subquery:
    """`conversations` whose last question is `last_question` (all of them for None)."""
    if last_question is None:
        return conversations
    questions = _last_questions(connection)
    joined = conversations.outerjoin(questions, questions.c.sender_id == conversations.c.sender_id)
    slot = questions.c.slot
    condition = slot.is_(None) if last_question == NO_QUESTION else slot == last_question
    return (
        select(conversations.c.sender_id, conversations.c.last_at)
        .select_from(joined)
        .where(condition)
        .subquery()
    )


def _query_page(
    connection: Connection, limit: int, offset: int, filters: ConversationFilters
) -> ConversationPage:
    dated = _conversations(filters)
    conversations = _at_question(connection, dated, filters.last_question)
    total = connection.scalar(select(func.count()).select_from(conversations))
    senders = list(
        connection.scalars(
            select(conversations.c.sender_id)
            .order_by(conversations.c.last_at.desc(), conversations.c.sender_id)
            .limit(limit)
            .offset(offset)
        )
    )
    return ConversationPage(
        conversations=_details(connection, senders),
        total=int(total or 0),
        drops=_drop_off_counts(connection, dated),
    )


def _details(connection: Connection, senders: Sequence[str]) -> list[Conversation]:
    """The conversations of `senders`, in that order."""
    if not senders:
        return []
    cancel = (events.c.type_name == "action") & (events.c.action_name == CONFIRMED_CANCEL_ACTION)
    rows = connection.execute(
        select(
            events.c.sender_id,
            func.min(events.c.timestamp),
            func.max(events.c.timestamp),
            func.sum(case((events.c.type_name == "user", 1), else_=0)),
            func.max(case((cancel, 1), else_=0)),
        )
        .where(events.c.sender_id.in_(senders))
        .group_by(events.c.sender_id)
    ).all()
    questions = _last_questions(connection, events.c.sender_id.in_(senders))
    slots = dict(connection.execute(select(questions.c.sender_id, questions.c.slot)).all())
    by_sender = {
        sender: Conversation(
            sender_id=sender,
            started_at=event_time(first),
            last_at=event_time(last),
            user_messages=int(users or 0),
            cancelled=bool(cancelled),
            last_slot=slots.get(sender),
        )
        for sender, first, last, users, cancelled in rows
    }
    return [by_sender[s] for s in senders if s in by_sender]


def _json_text(connection: Connection, key: str) -> ColumnElement:
    """`events.data ->> key` as text, on PostgreSQL and SQLite (NULL for bad JSON there)."""
    if connection.dialect.name == "postgresql":
        document = cast(events.c.data, JSON)
    else:
        valid = case((func.json_valid(events.c.data) == 1, events.c.data), else_=None)
        document = type_coerce(valid, JSON)
    return document[key].as_string()


def _last_questions(connection: Connection, *where: ColumnElement) -> Subquery:
    """(sender_id, slot): the last question the form asked (`requested_slot` with a value)
    in each conversation (matching `where`); conversations that never reached one are absent.
    """
    value = _json_text(connection, "value")
    ranked = (
        select(
            events.c.sender_id,
            value.label("slot"),
            func.row_number()
            .over(
                partition_by=events.c.sender_id,
                order_by=(events.c.timestamp.desc(), events.c.id.desc()),
            )
            .label("position"),
        )
        .where(
            *where,
            events.c.type_name == "slot",
            events.c.data.like("%requested_slot%"),
            _json_text(connection, "name") == "requested_slot",
            value != "",  # also false for NULL (the form ended)
        )
        .subquery()
    )
    return select(ranked.c.sender_id, ranked.c.slot).where(ranked.c.position == 1).subquery()


def _drop_off_counts(
    connection: Connection, conversations: Subquery
) -> list[tuple[str | None, int]]:
    """How many of `conversations` stopped at each question, most frequent first."""
    questions = _last_questions(connection)
    rows = connection.execute(
        select(questions.c.slot, func.count())
        .select_from(
            conversations.outerjoin(questions, questions.c.sender_id == conversations.c.sender_id)
        )
        .group_by(questions.c.slot)
    ).all()
    return sorted(((slot, int(count)) for slot, count in rows), key=lambda r: (-r[1], r[0] or ""))
