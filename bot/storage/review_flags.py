"""Conversations flagged for staff review because they hit a chat flood limit.

The web app records the derived conversation id (never the browser's secret, an address
or a message) when a request of that conversation is refused by a rate limit. A testimony
whose `sender_id` is flagged, saved before or after the flag, is shown to staff as "to
check", so that the campaign counts stay trustworthy. The flag is staff-side data: it is
not a testimony field and never exported.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.storage.db import session_factory
from bot.storage.models import RateLimitFlag, Testimony

REASONS = ("conversation", "lifetime", "client")
"""Which limit the conversation hit: its own rate, its lifetime cap, its client's rate."""


def flag_conversation(session: Session, sender_id: str, reason: str) -> bool:
    """Flag the conversation `sender_id`; False when it already was (the first reason stays).

    Two web workers flagging the same conversation at once: one commit fails with an
    `IntegrityError` on the primary key, which the caller may ignore.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown flag reason: {reason!r}")
    if session.get(RateLimitFlag, sender_id) is not None:
        return False
    session.add(RateLimitFlag(sender_id=sender_id, reason=reason))
    return True


def record_flag(sender_id: str, reason: str, url: str | None = None) -> bool:
    """`flag_conversation` in its own transaction; False as well when another worker
    flagged the conversation at the same moment."""
    try:
        with session_factory(url)() as session, session.begin():
            return flag_conversation(session, sender_id, reason)
    except IntegrityError:
        return False


def is_flagged(session: Session, sender_id: str) -> bool:
    """True when the conversation `sender_id` hit a flood limit."""
    return session.get(RateLimitFlag, sender_id) is not None


def flagged_sender_ids(session: Session, sender_ids: Iterable[str]) -> set[str]:
    """The flagged ones among `sender_ids` (one query, for a page of testimonies)."""
    wanted = set(sender_ids)
    if not wanted:
        return set()
    stmt = select(RateLimitFlag.sender_id).where(RateLimitFlag.sender_id.in_(wanted))
    return set(session.scalars(stmt))


def count_flagged_testimonies(session: Session) -> int:
    """How many testimonies come from a flagged conversation."""
    flagged = select(RateLimitFlag.sender_id)
    stmt = select(func.count(Testimony.id)).where(Testimony.sender_id.in_(flagged))
    return session.scalar(stmt) or 0


def delete_flags_before(session: Session, before: datetime) -> int:
    """Delete the flags recorded before `before` (retention); return how many."""
    result = session.execute(delete(RateLimitFlag).where(RateLimitFlag.flagged_at < before))
    return result.rowcount or 0
