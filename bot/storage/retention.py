"""Retention: delete conversation transcripts and audit entries past their periods.

Transcripts live in Rasa's SQL tracker store (table `events`: id, sender_id, type_name,
timestamp as epoch seconds, intent_name, action_name, data), one conversation per
`sender_id`. A conversation is deleted **whole** as soon as one of its events is older
than `TRANSCRIPT_RETENTION_DAYS` (in practice: its first message), finished, cancelled or
unfinished alike. So nothing older than the period remains, and no transcript is ever left
cut in half: a partial deletion would also drop the slots Rasa rebuilds a live
conversation from. Testimonies keep their fields; their link to a purged transcript finds
nothing any more.

Audit log entries older than `AUDIT_RETENTION_DAYS` are deleted by the same purge, which
then records itself in the audit log (counts only) when it deleted anything.

`python -m bot run` purges at start then once a day (`PurgeSchedule`); `python -m bot
purge` purges once (for cron or a systemd timer, see `docs/privacy.md`). Reports hold
counts, never content.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import delete, distinct, func, inspect, select
from sqlalchemy.engine import Engine

from bot.periodic import PeriodicJob
from bot.settings import Settings, get_settings
from bot.storage.audit import log_event
from bot.storage.db import engine_for, is_sqlite, session_factory, sqlite_file
from bot.storage.models import AuditLog
from bot.storage.tracker_events import events

log = logging.getLogger(__name__)

DAY_SECONDS = 86_400


@dataclass(frozen=True)
class PurgeReport:
    """What one purge deleted: counts only."""

    conversations: int = 0
    events: int = 0
    audit_entries: int = 0

    @property
    def deleted_anything(self) -> bool:
        return bool(self.events or self.audit_entries)

    def summary(self) -> str:
        """`2 conversation(s) (31 event(s)) and 0 audit entry(ies) deleted`."""
        return (
            f"{self.conversations} conversation(s) ({self.events} event(s)) and "
            f"{self.audit_entries} audit entry(ies) deleted"
        )

    def summary_fr(self) -> str:
        """The same in French, for the messages of `python -m bot run`."""
        return (
            f"{self.conversations} conversation(s) ({self.events} événement(s)) et "
            f"{self.audit_entries} entrée(s) du journal d'audit supprimée(s)"
        )


def _cutoff(older_than_days: int, now: float | None) -> float:
    """The epoch timestamp before which data is past `older_than_days`."""
    if older_than_days < 0:
        raise ValueError("a retention period must not be negative")
    return (time.time() if now is None else now) - older_than_days * DAY_SECONDS


def _existing_engine(url: str, table_name: str) -> Engine | None:
    """The engine of `url` if `table_name` exists there; never creates a SQLite file."""
    path = sqlite_file(url) if is_sqlite(url) else None
    if path is not None and not path.exists():
        return None
    engine = engine_for(url)
    return engine if inspect(engine).has_table(table_name) else None


def purge_transcripts(
    older_than_days: int, tracker_url: str | None = None, now: float | None = None
) -> PurgeReport:
    """Delete every conversation holding an event older than `older_than_days`, whole.

    `now` is an epoch timestamp (default: the current time).
    """
    cutoff = _cutoff(older_than_days, now)
    engine = _existing_engine(tracker_url or get_settings().tracker_database_url, events.name)
    if engine is None:
        return PurgeReport()  # Rasa has not stored any conversation yet
    expired = select(events.c.sender_id).where(events.c.timestamp < cutoff)
    with engine.begin() as connection:
        conversations = connection.execute(
            select(func.count(distinct(events.c.sender_id))).where(events.c.timestamp < cutoff)
        ).scalar_one()
        result = connection.execute(delete(events).where(events.c.sender_id.in_(expired)))
    return PurgeReport(conversations=conversations, events=result.rowcount or 0)


def purge_audit_log(older_than_days: int, url: str | None = None, now: float | None = None) -> int:
    """Delete audit entries older than `older_than_days`; return how many."""
    cutoff = datetime.fromtimestamp(_cutoff(older_than_days, now), tz=timezone.utc)
    engine = _existing_engine(url or get_settings().database_url, AuditLog.__tablename__)
    if engine is None:
        return 0  # database not migrated yet
    with engine.begin() as connection:
        result = connection.execute(delete(AuditLog).where(AuditLog.at < cutoff))
    return result.rowcount or 0


def purge(settings: Settings | None = None, now: float | None = None) -> PurgeReport:
    """Apply both retention periods of `settings`; record the purge in the audit log."""
    settings = settings or get_settings()
    transcripts = purge_transcripts(
        settings.transcript_retention_days, settings.tracker_database_url, now
    )
    audit_entries = purge_audit_log(settings.audit_retention_days, settings.database_url, now)
    report = PurgeReport(transcripts.conversations, transcripts.events, audit_entries)
    if report.deleted_anything:
        _record_purge(settings, report)
    return report


def _record_purge(settings: Settings, report: PurgeReport) -> None:
    if _existing_engine(settings.database_url, AuditLog.__tablename__) is None:
        return  # database not migrated yet: nowhere to record it
    with session_factory(settings.database_url)() as session, session.begin():
        log_event(
            session,
            "delete",
            target_type="retention",
            detail=(
                f"purge de conservation : {report.conversations} conversation(s) "
                f"({report.events} événement(s)) de plus de "
                f"{settings.transcript_retention_days} jours, {report.audit_entries} "
                f"entrée(s) du journal de plus de {settings.audit_retention_days} jours"
            ),
        )


def purge_safely(settings: Settings, now: float | None = None) -> PurgeReport | None:
    """`purge`, printing its counts; a failure is logged (error type only) and returns None.

    For the running servers: a failed purge must not stop them, and an error message could
    quote a conversation, so only the exception's type is logged.
    """
    try:
        report = purge(settings, now)
    except Exception as error:  # noqa: BLE001 - logged, retried at the next run
        log.error("Retention purge failed (%s); it will be retried.", type(error).__name__)
        return None
    print(f"Purge de conservation : {report.summary_fr()}.", flush=True)
    return report


class PurgeSchedule(PeriodicJob):
    """Runs `purge_safely` again once `interval` seconds have passed since the last run
    (the start-up purge has just run when it is created)."""

    def __init__(
        self,
        settings: Settings,
        interval: float = DAY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        run: Callable[[Settings], object] = purge_safely,
    ) -> None:
        super().__init__(settings, interval, clock, run, first_delay=interval)


def purge_command() -> int:
    """`python -m bot purge`: apply both retention periods once and print the counts."""
    settings = get_settings()
    report = purge(settings)
    print(
        f"{report.summary()} (transcripts: {settings.transcript_retention_days} days, "
        f"audit log: {settings.audit_retention_days} days)."
    )
    return 0
