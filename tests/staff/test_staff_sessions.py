"""Staff sessions that end (issue 12, item 1-2): a cookie copied before logout, a password
reset, a disabled account or an admin's "log out" stops working at once; sessions have an
absolute lifetime; staff responses are never cached; cookies are Secure behind HTTPS."""

from __future__ import annotations

import time

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.settings import get_settings
from bot.storage.accounts import list_accounts, reset_password, set_active
from bot.storage.db import session_factory
from bot.storage.models import AuditLog
from bot.web.app import create_app
from tests.staff.conftest import StaffEnv, post


def _stolen_copy(env: StaffEnv, client: FlaskClient) -> FlaskClient:
    """A second browser holding a copy of `client`'s session cookie."""
    thief = env.app.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief.set_cookie("session", cookie.value)
    assert thief.get("/staff/").status_code == 200  # the copy works before
    return thief


def _is_logged_out(client: FlaskClient) -> bool:
    response = client.get("/staff/")
    return response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_a_cookie_copied_before_logout_no_longer_opens_the_dashboard(staff_env: StaffEnv):
    reviewer = staff_env.client("reviewer")
    thief = _stolen_copy(staff_env, reviewer)
    assert post(reviewer, "/staff/logout").status_code == 302
    assert _is_logged_out(thief)
    with session_factory()() as session:
        assert session.scalars(select(AuditLog).where(AuditLog.action == "logout")).first()


@pytest.mark.parametrize("event", ["password", "disable", "admin_logout"])
def test_a_copied_cookie_dies_with_reset_disable_or_admin_logout(staff_env: StaffEnv, event):
    reviewer = staff_env.client("reviewer")
    thief = _stolen_copy(staff_env, reviewer)
    if event == "password":
        reset_password(staff_env.reviewer_email)
    elif event == "disable":
        set_active(staff_env.reviewer_email, False)
    else:
        admin = staff_env.client("admin")
        account = next(a for a in list_accounts() if a.email == staff_env.reviewer_email)
        assert post(admin, f"/staff/accounts/{account.id}/logout").status_code == 302
        assert not _is_logged_out(admin)  # only the reviewer's sessions end
    assert _is_logged_out(thief)
    assert _is_logged_out(reviewer)


def test_a_session_ends_after_its_absolute_lifetime(staff_env: StaffEnv) -> None:
    reviewer = staff_env.client("reviewer")
    hours = get_settings().staff_session_max_hours
    with reviewer.session_transaction() as session:
        session["staff_started"] = int(time.time()) - hours * 3600 - 1
        session["staff_seen"] = int(time.time())  # active a second ago: idle does not matter
    assert _is_logged_out(reviewer)


def test_a_session_cannot_be_made_from_an_old_cookie_without_its_version(staff_env: StaffEnv):
    reviewer = staff_env.client("reviewer")
    with reviewer.session_transaction() as session:
        session.pop("staff_sv")
    assert _is_logged_out(reviewer)


def test_staff_responses_are_never_cached(staff_env: StaffEnv) -> None:
    admin = staff_env.client("admin")
    for url in ("/staff/", "/staff/testimonies", "/staff/export.csv", "/staff/login"):
        assert admin.get(url).headers["Cache-Control"] == "no-store", url


def test_behind_https_the_cookie_is_secure_host_only_and_hsts_is_sent(
    staff_env: StaffEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS", "1")
    get_settings.cache_clear()
    try:
        page = create_app().test_client().get("/staff/login", base_url="https://localhost")
    finally:
        monkeypatch.delenv("HTTPS")
        get_settings.cache_clear()
    cookie = page.headers.get("Set-Cookie", "")
    assert cookie.startswith("__Host-session=") and "Secure" in cookie and "HttpOnly" in cookie
    assert "Domain=" not in cookie and "Path=/" in cookie
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")


def _audit(action: str) -> list[AuditLog]:
    with session_factory()() as session:
        return list(session.scalars(select(AuditLog).where(AuditLog.action == action)))


def test_lists_searches_and_refusals_are_audited_without_content(staff_env: StaffEnv) -> None:
    reviewer = staff_env.client("reviewer")
    assert reviewer.get("/staff/testimonies?platform=ebay&page=2").status_code == 200
    assert reviewer.get("/staff/conversations").status_code == 200
    assert reviewer.get("/staff/accounts").status_code == 403
    details = [entry.detail or "" for entry in _audit("view")]
    assert any("liste, page 2" in d and "eBay" in d for d in details)
    assert any("conversations non abouties" in d for d in details)
    refused = _audit("refused")
    assert [(e.target_type, e.target_id) for e in refused] == [("page", "/staff/accounts")]
    assert all("Faux avis" not in d for d in details)  # never a testimony's content
