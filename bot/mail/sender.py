"""Sending the outbox: claim due rows, send them over SMTP, retry with back-off.

Each row is claimed before it is sent by one conditional UPDATE (still unsent, due, not
given up): of two flushes running at once, one claims it and the other skips it. The claim
counts the attempt and moves `next_attempt_at` a lease ahead, so a flush that dies while
sending leaves the row to be tried again later (at-least-once: a message may be sent twice
only if a flush died between the SMTP server's acceptance and the record of it). No
database transaction is held open during SMTP.

A failed attempt is retried after `RETRY_DELAYS` (1 min, 5 min, 30 min, 2 h, 12 h), then
given up. A failure that is not about one message (server unreachable, login refused…)
ends the flush: the other rows wait for the next one. Errors are recorded and logged as
the exception's class and SMTP code only (a server's message may quote the address).

`python -m bot run` flushes every 30 s (`MailSchedule`); `python -m bot mail send`
flushes once (cron, systemd timer).
"""

from __future__ import annotations

import logging
import smtplib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import sessionmaker

from bot.mail.messages import build_message
from bot.mail.outbox import MAX_ATTEMPTS, RETRY_DELAYS, mail_enabled
from bot.mail.smtp import SmtpConfig, SmtpUrlError, connect, parse_smtp_url
from bot.periodic import PeriodicJob
from bot.settings import Settings, get_settings
from bot.storage.db import session_factory
from bot.storage.models import MailOutbox, utcnow

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=15)
"""How long a claimed row is left to its flush before another one may try it again."""
BATCH = 100
FLUSH_INTERVAL = 30.0
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError)
"""Failures of one message: the connection stays usable for the next ones."""
MAX_ERROR_LENGTH = 200


@dataclass
class FlushReport:
    """Counts of one flush (never content)."""

    sent: int = 0
    failed: int = 0
    given_up: int = 0

    def summary(self) -> str:
        return f"e-mails: {self.sent} sent, {self.failed} failed ({self.given_up} given up)"


@dataclass(frozen=True)
class Claimed:
    """A row this flush owns until it records the outcome."""

    id: int
    attempts: int
    recipient: str
    subject: str
    body: str


def describe(error: BaseException) -> str:
    """The exception's class and SMTP code: nothing a server or a message could put there."""
    code = getattr(error, "smtp_code", None)
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        code = next(iter(error.recipients.values()))[0]
    text = type(error).__name__ + (f" {code}" if isinstance(code, int) else "")
    return text[:MAX_ERROR_LENGTH]


def retry_at(attempts: int, now: datetime) -> datetime | None:
    """When a row that has failed `attempts` times is tried again; None: give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return now + RETRY_DELAYS[attempts - 1]


def _due_ids(factory: sessionmaker, now: datetime, limit: int) -> list[int]:
    with factory() as session:
        stmt = (
            select(MailOutbox.id)
            .where(MailOutbox.sent_at.is_(None))
            .where(MailOutbox.attempts < MAX_ATTEMPTS)
            .where(MailOutbox.next_attempt_at <= now)
            .order_by(MailOutbox.next_attempt_at, MailOutbox.id)
            .limit(limit)
        )
        return list(session.scalars(stmt))


def _claim(factory: sessionmaker, row_id: int, now: datetime) -> Claimed | None:
    """Take the row if it is still due (one UPDATE: atomic against other flushes)."""
    with factory() as session, session.begin():
        result = session.execute(
            update(MailOutbox)
            .where(MailOutbox.id == row_id)
            .where(MailOutbox.sent_at.is_(None))
            .where(MailOutbox.attempts < MAX_ATTEMPTS)
            .where(MailOutbox.next_attempt_at <= now)
            .values(attempts=MailOutbox.attempts + 1, next_attempt_at=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            return None
        row = session.get(MailOutbox, row_id)
        if row is None:  # deleted with its testimony meanwhile
            return None
        return Claimed(row.id, row.attempts, row.recipient, row.subject, row.body)


def _record_sent(factory: sessionmaker, claimed: Claimed, now: datetime) -> None:
    with factory() as session, session.begin():
        session.execute(
            update(MailOutbox)
            .where(MailOutbox.id == claimed.id)
            .values(sent_at=now, last_error=None)
            .execution_options(synchronize_session=False)
        )


def _record_failure(
    factory: sessionmaker, claimed: Claimed, error: BaseException, now: datetime
) -> bool:
    """Store the error and the next attempt (the give-up time if none); True if given up."""
    again = retry_at(claimed.attempts, now)
    with factory() as session, session.begin():
        session.execute(
            update(MailOutbox)
            .where(MailOutbox.id == claimed.id)
            .values(last_error=describe(error), next_attempt_at=again or now)
            .execution_options(synchronize_session=False)
        )
    log.warning(
        "Sending an e-mail failed (%s), attempt %d of %d%s.",
        describe(error),
        claimed.attempts,
        MAX_ATTEMPTS,
        "; given up" if again is None else "; it will be retried",
    )
    return again is None


def flush_outbox(
    settings: Settings | None = None,
    *,
    clock: Callable[[], datetime] = utcnow,
    opener: Callable[[SmtpConfig], smtplib.SMTP] = connect,
    limit: int = BATCH,
    url: str | None = None,
) -> FlushReport:
    """Send the due rows once. Nothing happens without `SMTP_URL`; raises `SmtpUrlError`
    when it is unusable (database errors propagate too: see `flush_safely`)."""
    settings = settings or get_settings()
    report = FlushReport()
    if not mail_enabled(settings):
        return report
    config = parse_smtp_url(settings.smtp_url or "")
    factory = session_factory(url or settings.database_url)
    client: smtplib.SMTP | None = None
    try:
        for row_id in _due_ids(factory, clock(), limit):
            claimed = _claim(factory, row_id, clock())
            if claimed is None:
                continue  # another flush took it, or it went with its testimony
            try:
                message = build_message(
                    claimed.recipient, claimed.subject, claimed.body, settings.mail_from
                )
                if client is None:
                    client = opener(config)
                client.send_message(message)
            except Exception as error:  # noqa: BLE001 - recorded on the row, retried
                report.failed += 1
                report.given_up += _record_failure(factory, claimed, error, clock())
                if isinstance(error, MESSAGE_ERRORS):
                    continue
                break  # the server or the configuration: the next flush tries again
            _record_sent(factory, claimed, clock())
            report.sent += 1
    finally:
        if client is not None:
            _close(client)
    if report.sent or report.failed:
        log.info("Outbox flushed: %s.", report.summary())
    return report


def _close(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def flush_safely(settings: Settings) -> FlushReport | None:
    """`flush_outbox` for the running servers: any failure is logged (class only)."""
    try:
        return flush_outbox(settings)
    except SmtpUrlError as error:  # its message never quotes the URL
        log.error("Sending the outbox failed: %s.", error)
        return None
    except Exception as error:  # noqa: BLE001 - logged, tried again at the next tick
        log.error("Sending the outbox failed (%s); it will be tried again.", describe(error))
        return None


class MailSchedule(PeriodicJob):
    """Flushes the outbox every `interval` seconds, the first time at the first tick, when
    e-mail is configured."""

    def __init__(
        self,
        settings: Settings,
        interval: float = FLUSH_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        run: Callable[[Settings], object] = flush_safely,
    ) -> None:
        super().__init__(settings, interval, clock, run, enabled=mail_enabled)


def send_command() -> int:
    """`python -m bot mail send`: flush the outbox once and print the counts.

    Exit status: 0, 1 when an attempt failed (it is retried later), 2 when `SMTP_URL` is
    unusable.
    """
    settings = get_settings()
    if not mail_enabled(settings):
        print("SMTP_URL is not set: no e-mail is enqueued nor sent.", file=sys.stderr)
        return 0
    try:
        report = flush_outbox(settings)
    except SmtpUrlError as error:
        print(error, file=sys.stderr)
        return 2
    print(report.summary())
    return 1 if report.failed else 0
