"""The seller's side of the follow-up loop: what a follow-up code opens.

A seller coming back with their code reads where the testimony stands and the staff
replies not read yet, adds information, answers a staff question, asks a question, or
withdraws the testimony. Nothing here returns an identifying field.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.french import as_utc
from bot.privacy import mask_followup_codes, mask_identifiers
from bot.storage.audit import log_event
from bot.storage.codes import hash_followup_code
from bot.storage.db import session_factory
from bot.storage.models import (
    CodeAttempt,
    StaffReply,
    Testimony,
    TestimonyProblem,
    UserFollowup,
    Withdrawal,
    utcnow,
)
from bot.storage.testimonies import find_by_code
from bot.storage.tracker_events import configured_engine
from bot.storage.tracker_redaction import delete_conversation

logger = logging.getLogger(__name__)
MAX_FOLLOWUP_CHARS = 5000
SELLER_KINDS = ("addition", "answer", "question")

# Where the testimony stands, in the seller's words (status codes: testimony.md).
STATUS_FOR_SELLER = {
    "new": "reçu : il sera lu par l'équipe du ministère",
    "in_review": "en cours de lecture par l'équipe du ministère",
    "mediation": "présenté à la plateforme dans le cadre de la médiation",
    "closed": "clos : l'équipe a terminé son examen",
}


@dataclass(frozen=True)
class OpenedTestimony:
    """What a follow-up code opens: never an identifying field."""

    id: int
    reference: str
    created_at: datetime
    status: str
    anonymous: bool
    platform: str
    sender_id: str


@dataclass(frozen=True)
class Reply:
    """A staff reply as the seller reads it."""

    id: int
    text: str
    at: datetime
    is_question: bool


def open_by_code(code: str, url: str | None = None) -> OpenedTestimony | None:
    """The testimony a follow-up code belongs to, or None.

    Looked up by the code's SHA-256 through a unique index, then the stored hash is
    compared with `hmac.compare_digest` (constant time).
    """
    testimony = find_by_code(code, url)
    wanted = hash_followup_code(code)
    if testimony is None or not hmac.compare_digest(testimony.followup_code_hash, wanted):
        return None
    return _opened(testimony)


def open_by_reference(reference: str, url: str | None = None) -> OpenedTestimony | None:
    """The testimony `reference`, or None (withdrawn or deleted since).

    References are sequential, not secret: only for a conversation that has already opened
    the testimony with its code (the chat keeps the reference in a slot that only the
    action checking the code sets).
    """
    stmt = select(Testimony).where(Testimony.reference == reference)
    with session_factory(url)() as session:
        testimony = session.execute(stmt).scalar_one_or_none()
        return _opened(testimony) if testimony is not None else None


def unread_replies(testimony_id: int, url: str | None = None) -> list[Reply]:
    """Staff replies the seller has not read yet, oldest first."""
    stmt = (
        select(StaffReply)
        .where(StaffReply.testimony_id == testimony_id, StaffReply.read_by_seller_at.is_(None))
        .order_by(StaffReply.created_at, StaffReply.id)
    )
    with session_factory(url)() as session:
        return [_reply(r) for r in session.execute(stmt).scalars()]


def mark_read(reply_ids: list[int], url: str | None = None) -> None:
    """Mark replies as read by the seller (after they were shown)."""
    if not reply_ids:
        return
    with session_factory(url)() as session, session.begin():
        stmt = select(StaffReply).where(StaffReply.id.in_(reply_ids))
        for reply in session.execute(stmt).scalars():
            reply.read_by_seller_at = utcnow()


def open_question(testimony_id: int, url: str | None = None) -> Reply | None:
    """The latest staff question the seller has not answered yet, or None."""
    answered = select(UserFollowup.in_reply_to_id).where(
        UserFollowup.testimony_id == testimony_id, UserFollowup.in_reply_to_id.is_not(None)
    )
    stmt = (
        select(StaffReply)
        .where(
            StaffReply.testimony_id == testimony_id,
            StaffReply.is_question.is_(True),
            StaffReply.id.not_in(answered),
        )
        .order_by(StaffReply.created_at.desc(), StaffReply.id.desc())
        .limit(1)
    )
    with session_factory(url)() as session:
        reply = session.execute(stmt).scalar_one_or_none()
        return _reply(reply) if reply else None


def add_seller_message(
    testimony_id: int,
    message: str,
    kind: str = "addition",
    in_reply_to_id: int | None = None,
    url: str | None = None,
) -> datetime:
    """Store what the seller wrote (dated, shown to staff); masked like the testimony's
    own text when it is anonymous, follow-up codes always. Returns when it was stored."""
    if kind not in SELLER_KINDS:
        raise ValueError(f"unknown seller message kind: {kind!r}")
    body = (message or "").strip()[:MAX_FOLLOWUP_CHARS]
    if not body:
        raise ValueError("empty follow-up message")
    with session_factory(url)() as session, session.begin():
        testimony = session.get(Testimony, testimony_id)
        if testimony is None:
            raise LookupError("testimony not found")
        if in_reply_to_id is not None and not _asked_of(session, in_reply_to_id, testimony_id):
            raise ValueError("in_reply_to_id is not a staff question of this testimony")
        body = mask_identifiers(body) if testimony.anonymous else mask_followup_codes(body)
        now = utcnow()
        session.add(
            UserFollowup(
                testimony_id=testimony_id,
                text=body,
                created_at=now,
                kind=kind,
                in_reply_to_id=in_reply_to_id,
            )
        )
        testimony.updated_at = now
        return now


UNDO_WINDOW = timedelta(minutes=10)


def undo_seller_message(
    testimony_id: int,
    at: datetime,
    within: timedelta = UNDO_WINDOW,
    url: str | None = None,
    now: datetime | None = None,
) -> bool:
    """Delete the seller's message stored at `at`, if it is still the latest message of the
    testimony and was stored less than `within` ago (the chat's "Annuler cet ajout").
    Nothing else is ever deleted: another message written since, an older message or a
    staff reply stay. True when the message was deleted."""
    at = as_utc(at)
    now = now or utcnow()
    if now - at > within:
        return False
    latest = (
        select(UserFollowup)
        .where(UserFollowup.testimony_id == testimony_id)
        .order_by(UserFollowup.created_at.desc(), UserFollowup.id.desc())
        .limit(1)
    )
    with session_factory(url)() as session, session.begin():
        message = session.execute(latest).scalar_one_or_none()
        if message is None or message.created_at != at:
            return False
        session.delete(message)
        return True


def _asked_of(session: Session, reply_id: int, testimony_id: int) -> bool:
    reply = session.get(StaffReply, reply_id)
    return reply is not None and reply.testimony_id == testimony_id and bool(reply.is_question)


def withdraw(testimony_id: int, url: str | None = None, tracker_url: str | None = None) -> bool:
    """Delete the testimony, its follow-up messages and its transcript; keep only a dated
    count and an audit entry without content. False if it was already gone."""
    with session_factory(url)() as session, session.begin():
        testimony = session.get(Testimony, testimony_id)
        if testimony is None:
            return False
        sender_id = testimony.sender_id
        session.delete(testimony)  # replies, follow-ups, notes, problems: ON DELETE CASCADE
        session.add(Withdrawal(withdrawn_at=utcnow()))
        log_event(session, "delete", target_type="withdrawal", detail="retrait par le déclarant")
    _delete_transcript(sender_id, tracker_url)
    return True


def _delete_transcript(sender_id: str | None, tracker_url: str | None) -> None:
    """Delete the conversation that saved the testimony. The testimony is already gone: a
    failure here is logged (type only) and left to the retention purge, not raised."""
    if not sender_id:
        return
    try:
        delete_conversation(configured_engine(tracker_url), sender_id)
    except SQLAlchemyError as error:
        logger.warning(
            "deleting a withdrawn testimony's transcript failed: %s", type(error).__name__
        )


def withdrawn_count(url: str | None = None) -> int:
    """How many testimonies their sellers have withdrawn."""
    with session_factory(url)() as session:
        return session.execute(select(func.count(Withdrawal.id))).scalar_one()


def record_wrong_code(url: str | None = None) -> None:
    """Remember that a wrong code was typed (a date only), for the global ceiling."""
    with session_factory(url)() as session, session.begin():
        session.add(CodeAttempt(at=utcnow()))
        cutoff = utcnow() - timedelta(hours=1)
        session.execute(delete(CodeAttempt).where(CodeAttempt.at < cutoff))


def wrong_codes_last_minute(url: str | None = None) -> int:
    """Wrong codes typed in the last minute, in every conversation."""
    since = utcnow() - timedelta(minutes=1)
    with session_factory(url)() as session:
        stmt = select(func.count(CodeAttempt.id)).where(CodeAttempt.at >= since)
        return session.execute(stmt).scalar_one()


def similar_counts(
    platform: str,
    problem: str | None,
    since: date,
    exclude_id: int | None = None,
    url: str | None = None,
    *,
    exclude_reference: str | None = None,
) -> tuple[int, int]:
    """(other testimonies naming `platform`, those also naming `problem` among their
    problems) since `since`; the seller's own testimony is left out by id or reference."""
    start = datetime(since.year, since.month, since.day)
    base = select(func.count(func.distinct(Testimony.id))).where(
        Testimony.platform == platform, Testimony.created_at >= start
    )
    if exclude_id is not None:
        base = base.where(Testimony.id != exclude_id)
    if exclude_reference is not None:
        base = base.where(Testimony.reference != exclude_reference)
    with session_factory(url)() as session:
        same_platform = session.execute(base).scalar_one()
        same_problem = 0
        if problem:
            joined = base.join(TestimonyProblem).where(TestimonyProblem.code == problem)
            same_problem = session.execute(joined).scalar_one()
    return same_platform, same_problem


def _opened(testimony: Testimony) -> OpenedTestimony:
    return OpenedTestimony(
        testimony.id,
        testimony.reference,
        testimony.created_at,
        testimony.status,
        testimony.anonymous,
        testimony.platform,
        testimony.sender_id,
    )


def _reply(reply: StaffReply) -> Reply:
    return Reply(reply.id, reply.text, reply.created_at, bool(reply.is_question))
