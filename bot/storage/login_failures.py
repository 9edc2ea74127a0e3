"""Failed staff logins, counted in the database: per account (its e-mail key) and overall."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from bot.storage.db import session_factory
from bot.storage.models import LoginFailure

KEPT = timedelta(days=1)  # older failures are deleted when a new one is written


def email_key(email: str) -> str:
    """The SHA-256 of the lower-cased e-mail: what is stored instead of the e-mail."""
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def record_failure(email: str, at: datetime) -> None:
    """Write one failure (and forget those older than a day)."""
    with session_factory()() as session, session.begin():
        session.add(LoginFailure(email_key=email_key(email), at=at))
        session.execute(delete(LoginFailure).where(LoginFailure.at < at - KEPT))


def failures_since(email: str | None, since: datetime) -> tuple[int, datetime | None]:
    """(number, latest time) of the failures since `since`, for one e-mail or all."""
    query = select(func.count(LoginFailure.id), func.max(LoginFailure.at)).where(
        LoginFailure.at >= since
    )
    if email is not None:
        query = query.where(LoginFailure.email_key == email_key(email))
    with session_factory()() as session:
        count, latest = session.execute(query).one()
    return int(count or 0), latest


def nth_latest_failure(n: int, since: datetime) -> datetime | None:
    """The time of the n-th most recent failure since `since`, any e-mail (None if fewer)."""
    query = (
        select(LoginFailure.at)
        .where(LoginFailure.at >= since)
        .order_by(LoginFailure.at.desc())
        .offset(n - 1)
        .limit(1)
    )
    with session_factory()() as session:
        return session.scalar(query)


def clear_failures(email: str) -> None:
    """Forget the failures of one e-mail (after a successful login)."""
    with session_factory()() as session, session.begin():
        session.execute(delete(LoginFailure).where(LoginFailure.email_key == email_key(email)))


def clear_all() -> None:
    """Forget every failure (tests, and the admin command line)."""
    with session_factory()() as session, session.begin():
        session.execute(delete(LoginFailure))
