"""The audit log for admins (issue 12, item 7): filtered by action, member, object and
period, exported as CSV with the filter used, itself audited, and never editable from the
app."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from sqlalchemy import select

from bot.storage.accounts import list_accounts
from bot.storage.db import session_factory
from bot.storage.models import AuditLog
from tests.staff.conftest import StaffEnv, post


def _reviewer_works(env: StaffEnv) -> str:
    reviewer = env.client("reviewer")
    reference = env.references["sender-named"]
    reviewer.get(f"/staff/testimonies/{reference}")
    post(reviewer, f"/staff/testimonies/{reference}/notes", {"text": "note confidentielle"})
    reviewer.get("/staff/export.csv?platform=amazon")
    return reference


def _export(client, query: str) -> list[dict[str, str]]:  # noqa: ANN001
    response = client.get(f"/staff/audit.csv?{query}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


def test_an_admin_filters_the_log_by_member_action_object_and_period(staff_env: StaffEnv) -> None:
    reference = _reviewer_works(staff_env)
    admin = staff_env.client("admin")
    reviewer_id = next(a.id for a in list_accounts() if a.email == staff_env.reviewer_email)
    page = admin.get(f"/staff/audit?who={reviewer_id}&action=export").get_data(as_text=True)
    assert 'id="audit-total">1 entrée<' in page and "Export" in page
    page = admin.get(f"/staff/audit?target_type=testimony&target={reference}").get_data(
        as_text=True
    )
    assert 'id="audit-total">2 entrées<' in page  # the view and the note
    today = date.today()
    future = (today + timedelta(days=2)).isoformat()
    assert ">0 entrée<" in admin.get(f"/staff/audit?since={future}").get_data(as_text=True)
    assert ">0 entrée<" not in admin.get(f"/staff/audit?until={today}").get_data(as_text=True)
    assert "note confidentielle" not in admin.get("/staff/audit").get_data(as_text=True)


def test_malformed_filters_are_explained_never_a_failure(staff_env: StaffEnv) -> None:
    admin = staff_env.client("admin")
    for query, message in (
        ("action=drop", "action inconnue"),
        ("who=abc", "membre de l&#39;équipe inconnu"),
        ("who=" + "9" * 30, "membre de l&#39;équipe inconnu"),
        ("since=2026-13-45", "date « du » invalide"),
        ("until=31/12/2026", "date « au » invalide"),
        ("until=%00", "Bad Request"),  # a NUL is refused before any view
        ("page=99999999999999999999", None),
    ):
        response = admin.get(f"/staff/audit?{query}")
        assert response.status_code == (400 if message else 200), query
        if message:
            assert message in response.get_data(as_text=True), query
    assert admin.get("/staff/audit.csv?since=hier").status_code == 400


def test_the_export_keeps_the_filter_and_is_itself_audited(staff_env: StaffEnv) -> None:
    reference = _reviewer_works(staff_env)
    admin = staff_env.client("admin")
    rows = _export(admin, f"target={reference}")
    assert [r["action"] for r in rows] == ["view", "change"]
    assert {r["membre"] for r in rows} == {staff_env.reviewer_email}
    assert list(rows[0]) == ["date_utc", "membre", "action", "objet", "identifiant", "detail"]
    everything = _export(admin, "")
    assert len(everything) > len(rows)
    with session_factory()() as session:
        exports = session.scalars(
            select(AuditLog.detail).where(AuditLog.target_type == "audit").order_by(AuditLog.id)
        ).all()
    assert exports == [
        f"csv, 2 entrées, filtres : target_id={reference}",
        f"csv, {len(everything)} entrées, filtres : aucun",
    ]


def test_a_cell_that_could_run_as_a_formula_is_neutralised(staff_env: StaffEnv) -> None:
    admin = staff_env.client("admin")
    admin.get("/staff/testimonies?q=%3DHYPERLINK(%22http://x%22)")  # a search typed by staff
    details = [r["detail"] for r in _export(admin, "action=view")]
    assert not any(d.startswith("=") for d in details)


def test_reviewers_cannot_read_or_export_and_nobody_can_edit(staff_env: StaffEnv) -> None:
    reviewer = staff_env.client("reviewer")
    assert reviewer.get("/staff/audit").status_code == 403
    assert reviewer.get("/staff/audit.csv").status_code == 403
    admin = staff_env.client("admin")
    with session_factory()() as session:
        before = session.scalars(select(AuditLog.id)).all()
    for method in ("post", "put", "delete", "patch"):
        assert getattr(admin, method)("/staff/audit").status_code == 405
    rules = [r for r in staff_env.app.url_map.iter_rules() if "audit" in r.rule]
    assert all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in rules)
    with session_factory()() as session:
        after = session.scalars(select(AuditLog.id)).all()
    assert set(before) <= set(after)  # nothing removed
