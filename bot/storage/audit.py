"""Audit log entries: who viewed, changed, exported or deleted what, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.storage.db import session_factory
from bot.storage.models import AuditLog, utcnow

ACTIONS = (
    "view",
    "change",
    "export",
    "delete",
    "login",
    "login_failed",
    "logout",
    "refused",
    "second_factor",
)


def log_event(
    session: Session,
    action: str,
    *,
    staff_user_id: int | None = None,
    target_type: str | None = None,
    target_id: str | int | None = None,
    detail: str | None = None,
) -> AuditLog:
    """Add one audit entry to the caller's session (committed with the caller's work)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action: {action!r}")
    entry = AuditLog(
        at=utcnow(),
        staff_user_id=staff_user_id,
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        detail=detail,
    )
    session.add(entry)
    return entry


def record_event(
    action: str,
    *,
    staff_user_id: int | None = None,
    target_type: str | None = None,
    target_id: str | int | None = None,
    detail: str | None = None,
) -> None:
    """Write one audit entry in its own transaction."""
    with session_factory()() as session, session.begin():
        log_event(
            session,
            action,
            staff_user_id=staff_user_id,
            target_type=target_type,
            target_id=target_id,
            detail=detail,
        )


@dataclass(frozen=True)
class AuditEntry:
    """One entry as admins read it: the actor's e-mail ('' if none or deleted)."""

    at: datetime
    who: str
    action: str
    target_type: str | None
    target_id: str | None
    detail: str | None


def audit_page(limit: int, offset: int) -> tuple[int, list[AuditEntry]]:
    """The number of entries, and `limit` of them from `offset`, newest first."""
    with session_factory()() as session:
        total = session.scalar(select(func.count()).select_from(AuditLog)) or 0
        rows = session.scalars(
            select(AuditLog)
            .order_by(AuditLog.at.desc(), AuditLog.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()
        entries = [
            AuditEntry(
                at=row.at,
                who=row.staff_user.email if row.staff_user else "",
                action=row.action,
                target_type=row.target_type,
                target_id=row.target_id,
                detail=row.detail,
            )
            for row in rows
        ]
    return total, entries
