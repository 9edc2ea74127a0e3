"""The audit log: who viewed, changed, exported or deleted what, and when. Admins read it,
filter it and export it; no route of the app changes or deletes an entry (only the
retention purge of `AUDIT_RETENTION_DAYS` removes old ones)."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import Response, render_template, request, url_for

from bot.export import neutralise_formula
from bot.storage.accounts import list_accounts
from bot.storage.audit import AuditEntry, AuditFilters, audit_entries, audit_page, record_event
from bot.web.staff import blueprint
from bot.web.staff.audit_display import (
    ACTION_LABELS,
    TARGET_LABELS,
    readable_detail,
    readable_target,
)
from bot.web.staff.auth import admin_required, current_user_id
from bot.web.staff.paging import Page, page_number

PAGE_SIZE = 50
EXPORT_COLUMNS = ("date_utc", "membre", "action", "objet", "identifiant", "detail")


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


def _row(entry: AuditEntry) -> dict[str, object]:
    return {
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


@blueprint.get("/audit")
@admin_required
def audit_log() -> tuple[str, int]:
    """The audit log, newest first, paginated, filtered, in French. A filtered view is
    itself an audit entry (its filters, never the rows)."""
    number = page_number(request.args)
    error, status = None, 200
    try:
        filters = AuditFilters.from_strings(request.args)
    except ValueError as problem:
        filters, error, status = AuditFilters(), str(problem), 400
    total, entries = audit_page(PAGE_SIZE, (number - 1) * PAGE_SIZE, filters)
    if not filters.is_empty():
        record("view", "audit", None, f"recherche, filtres : {filters.describe()}")
    page = Page(number=number, size=PAGE_SIZE, total=total, args=request.args)
    return render_template(
        "staff/audit.html",
        rows=[_row(entry) for entry in entries],
        page=page,
        error=error,
        filters=request.args,
        actions=ACTION_LABELS,
        targets=TARGET_LABELS,
        accounts=[(a.id, a.email) for a in list_accounts()],
    ), status


@blueprint.get("/audit.csv")
@admin_required
def audit_export() -> Response | tuple[str, int]:
    """The entries of the current filter as CSV (UTF-8 with BOM, for Excel), oldest first;
    the export is itself an audit entry."""
    try:
        filters = AuditFilters.from_strings(request.args)
    except ValueError:
        return audit_log()
    entries = audit_entries(filters)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for entry in entries:
        cells = (entry.who, entry.action, entry.target_type or "", entry.target_id or "")
        detail = entry.detail or ""
        writer.writerow(
            [entry.at.isoformat(timespec="seconds")]
            + [neutralise_formula(cell) for cell in (*cells, detail)]
        )
    record("export", "audit", None, f"csv, {len(entries)} entrées, filtres : {filters.describe()}")
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    filename = f"signalpme-journal-audit-{date.today():%Y%m%d}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
