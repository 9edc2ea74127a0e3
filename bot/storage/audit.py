"""Audit log entries: who viewed, changed, exported or deleted what, and when."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

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


@dataclass(frozen=True)
class AuditFilters:
    """What an admin narrows the audit log to: an action, a staff member, an object type, a
    reference or id, and a period (dates inclusive, UTC)."""

    action: str | None = None
    staff_user_id: int | None = None
    target_type: str | None = None
    target_id: str | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_strings(cls, values: Mapping[str, str]) -> AuditFilters:
        """Read query-string values; raises ValueError with a French message."""

        def get(name: str) -> str | None:
            value = (values.get(name) or "").strip()
            return value[:200] or None

        action = get("action")
        if action is not None and action not in ACTIONS:
            raise ValueError(f"action inconnue : {action}")
        who = get("who")
        if who is not None and not (who.isdigit() and len(who) <= 9):
            raise ValueError(f"membre de l'équipe inconnu : {who}")
        return cls(
            action=action,
            staff_user_id=int(who) if who else None,
            target_type=get("target_type"),
            target_id=get("target"),
            since=_date("du", get("since")),
            until=_date("au", get("until")),
        )

    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        return self == AuditFilters()

    def describe(self) -> str:
        """The filters as a short line for the audit entry of a search or an export."""
        parts = [f"{f.name}={getattr(self, f.name)}" for f in fields(self) if getattr(self, f.name)]
        return ", ".join(parts) or "aucun"


def _date(label: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"date « {label} » invalide : {value} (attendu AAAA-MM-JJ)") from None


def _filtered(stmt: Select, filters: AuditFilters) -> Select:
    if filters.action:
        stmt = stmt.where(AuditLog.action == filters.action)
    if filters.staff_user_id is not None:
        stmt = stmt.where(AuditLog.staff_user_id == filters.staff_user_id)
    if filters.target_type:
        stmt = stmt.where(AuditLog.target_type == filters.target_type)
    if filters.target_id:
        stmt = stmt.where(AuditLog.target_id == filters.target_id)
    if filters.since:
        stmt = stmt.where(AuditLog.at >= datetime.combine(filters.since, time.min, timezone.utc))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time.min, timezone.utc)
        stmt = stmt.where(AuditLog.at < end)
    return stmt


def _entry(row: AuditLog) -> AuditEntry:
    return AuditEntry(
        at=row.at,
        who=row.staff_user.email if row.staff_user else "",
        action=row.action,
        target_type=row.target_type,
        target_id=row.target_id,
        detail=row.detail,
    )


def audit_page(
    limit: int, offset: int, filters: AuditFilters | None = None
) -> tuple[int, list[AuditEntry]]:
    """The number of entries matching `filters`, and `limit` of them from `offset`, newest
    first."""
    filters = filters or AuditFilters()
    with session_factory()() as session:
        count = _filtered(select(func.count()).select_from(AuditLog), filters)
        total = session.scalar(count) or 0
        rows = session.scalars(
            _filtered(select(AuditLog), filters)
            .order_by(AuditLog.at.desc(), AuditLog.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()
        return total, [_entry(row) for row in rows]


def audit_entries(filters: AuditFilters, limit: int = 100_000) -> list[AuditEntry]:
    """Every entry matching `filters` (at most `limit`), oldest first, for an export."""
    with session_factory()() as session:
        rows = session.scalars(
            _filtered(select(AuditLog), filters).order_by(AuditLog.at, AuditLog.id).limit(limit)
        ).all()
        return [_entry(row) for row in rows]
