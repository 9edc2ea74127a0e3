"""The audit log: who viewed, changed, exported or deleted what, and when (admins read it)."""

from __future__ import annotations

from flask import render_template, request
from sqlalchemy import func, select

from bot.storage.audit import log_event
from bot.storage.db import session_factory
from bot.storage.models import AuditLog
from bot.web.staff import blueprint
from bot.web.staff.auth import admin_required, current_user_id
from bot.web.staff.paging import Page, page_number

PAGE_SIZE = 50
ACTION_LABELS = {
    "view": "Consultation",
    "change": "Modification",
    "export": "Export",
    "delete": "Suppression",
    "login": "Connexion",
    "login_failed": "Connexion refusée",
}


def record(
    action: str,
    target_type: str | None = None,
    target_id: str | int | None = None,
    detail: str | None = None,
    staff_user_id: int | None = None,
) -> None:
    """Write one entry in its own transaction (actor: the logged-in user by default)."""
    actor = staff_user_id if staff_user_id is not None else current_user_id()
    with session_factory()() as session, session.begin():
        log_event(
            session,
            action,
            staff_user_id=actor,
            target_type=target_type,
            target_id=target_id,
            detail=detail,
        )


@blueprint.get("/audit")
@admin_required
def audit_log() -> str:
    """The audit log, newest first, paginated."""
    number = page_number(request.args)
    with session_factory()() as session:
        total = session.scalar(select(func.count()).select_from(AuditLog)) or 0
        entries = session.scalars(
            select(AuditLog)
            .order_by(AuditLog.at.desc(), AuditLog.id.desc())
            .limit(PAGE_SIZE)
            .offset((number - 1) * PAGE_SIZE)
        ).all()
        rows = [
            {
                "at": entry.at,
                "who": entry.staff_user.email if entry.staff_user else "",
                "action": ACTION_LABELS.get(entry.action, entry.action),
                "target": " ".join(filter(None, (entry.target_type, entry.target_id))),
                "detail": entry.detail or "",
            }
            for entry in entries
        ]
    page = Page(number=number, size=PAGE_SIZE, total=total, args=request.args)
    return render_template("staff/audit.html", rows=rows, page=page)
