"""The audit log: who viewed, changed, exported or deleted what, and when (admins read it)."""

from __future__ import annotations

from flask import render_template, request, url_for

from bot.storage.audit import audit_page, record_event
from bot.web.staff import blueprint
from bot.web.staff.audit_display import ACTION_LABELS, readable_detail, readable_target
from bot.web.staff.auth import admin_required, current_user_id
from bot.web.staff.paging import Page, page_number

PAGE_SIZE = 50


def record(
    action: str,
    target_type: str | None = None,
    target_id: str | int | None = None,
    detail: str | None = None,
) -> None:
    """Write one entry in its own transaction, the logged-in staff member as the actor."""
    record_event(
        action,
        staff_user_id=current_user_id(),
        target_type=target_type,
        target_id=target_id,
        detail=detail,
    )


@blueprint.get("/audit")
@admin_required
def audit_log() -> str:
    """The audit log, newest first, paginated, in French."""
    number = page_number(request.args)
    total, entries = audit_page(PAGE_SIZE, (number - 1) * PAGE_SIZE)
    rows = [
        {
            "at": entry.at,
            "who": entry.who,
            "action": ACTION_LABELS.get(entry.action, entry.action),
            "target": readable_target(entry.target_type, entry.target_id),
            "href": (
                url_for("staff.testimony_page", reference=entry.target_id)
                if entry.target_type == "testimony" and entry.target_id
                else None
            ),
            "detail": readable_detail(entry.action, entry.detail),
        }
        for entry in entries
    ]
    page = Page(number=number, size=PAGE_SIZE, total=total, args=request.args)
    return render_template("staff/audit.html", rows=rows, page=page)
