"""Audit log entries: who viewed, changed, exported or deleted what, and when."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.storage.models import AuditLog, utcnow

ACTIONS = ("view", "change", "export", "delete", "login", "login_failed")


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
