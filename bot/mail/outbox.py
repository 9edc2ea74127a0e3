"""The outbox (`mail_outbox`): who gets an e-mail, enqueueing, and what staff see of it.

Only a testimony that is not anonymous and has an address gets e-mail, and only while
`SMTP_URL` is set: a message is not kept for a configuration that may come months later.
Enqueueing never raises into its caller (the conversation, a staff action): a failure is
logged with the exception's class only. Rows go with their testimony (foreign key
`ON DELETE CASCADE`: a withdrawn or deleted testimony leaves no address behind). Sent rows
stay as the record staff see; a later purge could drop them after a period.

A row's state: sent (`sent_at`), pending (retried at `next_attempt_at`), or failed once
`attempts` reached `MAX_ATTEMPTS` (then `next_attempt_at` is when it gave up).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot.mail.messages import ACKNOWLEDGEMENT, KIND_LABELS, Composed, acknowledgement, notice
from bot.settings import Settings, get_settings
from bot.storage.db import session_factory
from bot.storage.models import MailOutbox, Testimony, utcnow

log = logging.getLogger(__name__)

RETRY_DELAYS: tuple[timedelta, ...] = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
"""The wait after the 1st, 2nd… failed attempt; after the last one it gives up."""
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1

SENT, PENDING, FAILED = "sent", "pending", "failed"


def mail_enabled(settings: Settings | None = None) -> bool:
    """True when `SMTP_URL` is set."""
    return bool((settings or get_settings()).smtp_url)


def recipient(testimony: Testimony) -> str | None:
    """The address e-mail goes to: never for an anonymous testimony."""
    email = (testimony.email or "").strip()
    if testimony.anonymous or "@" not in email or "\r" in email or "\n" in email:
        return None
    return email


def _row(testimony: Testimony, kind: str, composed: Composed, address: str) -> MailOutbox:
    now = utcnow()
    return MailOutbox(
        testimony_id=testimony.id,
        kind=kind,
        recipient=address,
        subject=composed.subject,
        body=composed.body,
        created_at=now,
        attempts=0,
        next_attempt_at=now,
    )


def enqueue_acknowledgement(reference: str | None, url: str | None = None) -> bool:
    """After a save: enqueue the acknowledgement of testimony `reference` if it gets one.

    Once per testimony (a retried save enqueues nothing more). Never raises; True if a row
    was added.
    """
    settings = get_settings()
    if not reference or not mail_enabled(settings):
        return False
    try:
        with session_factory(url)() as session, session.begin():
            stmt = select(Testimony).where(Testimony.reference == reference)
            testimony = session.scalars(stmt).first()
            address = recipient(testimony) if testimony is not None else None
            if testimony is None or address is None:
                return False
            already = session.scalar(
                select(MailOutbox.id)
                .where(MailOutbox.testimony_id == testimony.id)
                .where(MailOutbox.kind == ACKNOWLEDGEMENT)
                .limit(1)
            )
            if already is not None:
                return False
            composed = acknowledgement(reference, settings.public_url, settings.ministry_contact)
            session.add(_row(testimony, ACKNOWLEDGEMENT, composed, address))
        return True
    except Exception as error:  # noqa: BLE001 - the conversation goes on without e-mail
        log.error("Enqueueing an acknowledgement failed (%s).", type(error).__name__)
        return False


def enqueue_notice(session: Session, testimony: Testimony, kind: str) -> bool:
    """In the caller's transaction: enqueue a notice (`REPLY`, `STATUS`) for `testimony`,
    with its current status.

    The row is inserted in a savepoint: if that fails, only the notice is lost and the
    caller's work still commits. Never raises for the notice itself; True if a row was
    added.
    """
    settings = get_settings()
    address = recipient(testimony)
    if address is None or not mail_enabled(settings):
        return False
    session.flush()  # the caller's own changes: their errors are the caller's
    try:
        composed = notice(
            kind,
            testimony.reference,
            testimony.status,
            settings.public_url,
            settings.ministry_contact,
        )
        with session.begin_nested():
            session.add(_row(testimony, kind, composed, address))
        return True
    except Exception as error:  # noqa: BLE001 - the staff action goes on without e-mail
        log.error("Enqueueing a %s notice failed (%s).", kind, type(error).__name__)
        return False


def state(row: MailOutbox) -> str:
    """`SENT`, `PENDING` or `FAILED`."""
    if row.sent_at is not None:
        return SENT
    if row.attempts >= MAX_ATTEMPTS:
        return FAILED
    return PENDING


@dataclass(frozen=True)
class MailLine:
    """One e-mail as staff see it (no address, no body)."""

    kind: str
    kind_label: str
    created_at: datetime
    state: str
    at: datetime | None
    """When it was sent, when it is tried again, or when it was given up."""
    attempts: int
    error: str | None


@dataclass(frozen=True)
class MailPanel:
    """The e-mail section of a testimony page."""

    configured: bool
    anonymous: bool
    has_address: bool
    lines: list[MailLine]


def mail_panel(session: Session, testimony: Testimony) -> MailPanel:
    """What staff see of the e-mails of `testimony`, oldest first."""
    rows = session.scalars(
        select(MailOutbox)
        .where(MailOutbox.testimony_id == testimony.id)
        .order_by(MailOutbox.created_at, MailOutbox.id)
    ).all()
    lines = [
        MailLine(
            kind=row.kind,
            kind_label=KIND_LABELS.get(row.kind, row.kind),
            created_at=row.created_at,
            state=state(row),
            at=row.sent_at or row.next_attempt_at,
            attempts=row.attempts,
            error=row.last_error,
        )
        for row in rows
    ]
    return MailPanel(
        configured=mail_enabled(),
        anonymous=bool(testimony.anonymous),
        has_address=recipient(testimony) is not None,
        lines=lines,
    )


def _failed(stmt: Select) -> Select:
    return stmt.where(MailOutbox.sent_at.is_(None)).where(MailOutbox.attempts >= MAX_ATTEMPTS)


def count_failed(session: Session) -> int:
    """How many e-mails were given up (for the dashboard)."""
    return session.scalar(_failed(select(func.count(MailOutbox.id)))) or 0


def failed_references(session: Session, limit: int = 20) -> list[str]:
    """References of the testimonies with a given-up e-mail, most recent failure first."""
    stmt = _failed(
        select(Testimony.reference, func.max(MailOutbox.next_attempt_at).label("at"))
        .join(Testimony, Testimony.id == MailOutbox.testimony_id)
        .group_by(Testimony.reference)
        .order_by(func.max(MailOutbox.next_attempt_at).desc())
        .limit(limit)
    )
    return [reference for reference, _at in session.execute(stmt)]
