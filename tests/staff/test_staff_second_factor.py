"""The second factor (issue 12, item 3): TOTP enrolment by QR code with recovery codes shown
once, required for admins and configurable for reviewers, asked after the password, never
accepted twice, throttled and audited."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from bot.settings import get_settings, read_settings
from bot.storage.accounts import list_accounts
from bot.storage.db import session_factory
from bot.storage.models import AuditLog, RecoveryCode, StaffUser
from tests.staff.conftest import (
    StaffEnv,
    enrol_second_factor,
    login,
    post,
    totp_code,
)


def _audit(action: str) -> list[AuditLog]:
    with session_factory()() as session:
        return list(session.scalars(select(AuditLog).where(AuditLog.action == action)))


def _password_only(env: StaffEnv, role: str = "admin") -> FlaskClient:
    client = env.app.test_client()
    email = env.admin_email if role == "admin" else env.reviewer_email
    password = env.admin_password if role == "admin" else env.reviewer_password
    response = login(client, email, password, second_factor=False)
    assert response.status_code == 302  # type: ignore[attr-defined]
    return client


def _enrolled_admin(env: StaffEnv) -> list[str]:
    """Log the admin in once (which enrols it); return its recovery codes."""
    client = _password_only(env)
    return enrol_second_factor(client, env.admin_email)


def test_an_admin_must_enrol_before_any_page_and_sees_a_qr_code(staff_env: StaffEnv) -> None:
    client = _password_only(staff_env)
    for url in ("/staff/", "/staff/testimonies", "/staff/export.csv", "/staff/accounts"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"] == "/staff/second-factor", url
    page = client.get("/staff/second-factor").get_data(as_text=True)
    assert "<svg" in page and 'id="totp-key"' in page
    key = re.search(r'id="totp-key">([^<]+)<', page)
    assert key and key.group(1) in client.get("/staff/second-factor").get_data(as_text=True)

    wrong = post(client, "/staff/second-factor/enrol", {"code": "000000"})
    assert wrong.status_code == 400 and "ne correspond pas" in wrong.get_data(as_text=True)
    codes = enrol_second_factor(client, staff_env.admin_email)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/staff/").status_code == 200
    with session_factory()() as session:
        hashes = session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(hashes) == 10 and not any(c.replace("-", "") in h for c in codes for h in hashes)
    assert [e.detail for e in _audit("second_factor")] == [
        "code incorrect à l'activation",
        "validation en deux étapes activée",
    ]


def test_after_enrolment_the_password_alone_opens_nothing(staff_env: StaffEnv) -> None:
    _enrolled_admin(staff_env)
    client = _password_only(staff_env)
    assert client.get("/staff/").headers["Location"] == "/staff/login/code"
    assert client.get("/staff/testimonies").headers["Location"] == "/staff/login/code"
    assert client.get("/staff/login/code").status_code == 200

    client = _password_only(staff_env)
    response = post(client, "/staff/login/code", {"code": totp_code(staff_env.admin_email)})
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    logins = _audit("login")
    assert logins[-1].detail == "avec code de validation"


def test_a_code_is_never_accepted_twice(staff_env: StaffEnv) -> None:
    _enrolled_admin(staff_env)
    first = _password_only(staff_env)
    code = totp_code(staff_env.admin_email)
    assert post(first, "/staff/login/code", {"code": code}).status_code == 302
    second = _password_only(staff_env)
    replay = post(second, "/staff/login/code", {"code": code})
    assert replay.status_code == 401
    assert "déjà utilisé" in replay.get_data(as_text=True)


def test_wrong_codes_are_slowed_down_and_audited_without_the_code(staff_env: StaffEnv) -> None:
    _enrolled_admin(staff_env)
    client = _password_only(staff_env)
    statuses = [
        post(client, "/staff/login/code", {"code": f"12345{i}"}).status_code for i in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    right = post(client, "/staff/login/code", {"code": totp_code(staff_env.admin_email)})
    assert right.status_code == 429  # even the right code waits for the delay
    details = [e.detail or "" for e in _audit("login_failed")]
    assert details[:3] == [f"code de validation incorrect (échec n° {n})" for n in (1, 2, 3)]
    assert all("12345" not in d for d in details)


def test_a_recovery_code_works_once(staff_env: StaffEnv) -> None:
    codes = _enrolled_admin(staff_env)
    client = _password_only(staff_env)
    response = post(client, "/staff/login/code", {"code": codes[3].upper().replace("-", " ")})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
    assert _audit("login")[-1].detail == "avec un code de secours (9 restants)"
    again = _password_only(staff_env)
    assert post(again, "/staff/login/code", {"code": codes[3]}).status_code == 401


def test_new_recovery_codes_need_a_current_code_and_replace_the_old(staff_env: StaffEnv) -> None:
    old = _enrolled_admin(staff_env)
    client = staff_env.client("admin")
    refused = post(client, "/staff/second-factor/recovery-codes", {"code": "000000"})
    assert refused.status_code == 400
    response = post(
        client,
        "/staff/second-factor/recovery-codes",
        {"code": totp_code(staff_env.admin_email)},
    )
    new = response.get_data(as_text=True)
    assert response.status_code == 200 and old[0] not in new
    assert post(_password_only(staff_env), "/staff/login/code", {"code": old[0]}).status_code == 401


def test_a_login_waiting_for_its_code_expires(staff_env: StaffEnv) -> None:
    _enrolled_admin(staff_env)
    client = _password_only(staff_env)
    with client.session_transaction() as session:
        session["pending_at"] -= 301
    response = post(client, "/staff/login/code", {"code": totp_code(staff_env.admin_email)})
    assert response.status_code == 302 and response.headers["Location"] == "/staff/login"


def test_reviewers_choose_unless_the_setting_requires_it(
    staff_env: StaffEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    reviewer = _password_only(staff_env, "reviewer")
    assert reviewer.get("/staff/").status_code == 200  # no factor required by default
    enrol_second_factor(reviewer, staff_env.reviewer_email)  # chosen: asked from now on
    again = _password_only(staff_env, "reviewer")
    assert again.get("/staff/").headers["Location"].startswith("/staff/login")

    with session_factory()() as session, session.begin():
        user = session.scalars(
            select(StaffUser).where(StaffUser.email == staff_env.reviewer_email)
        ).one()
        user.totp_secret = None
    monkeypatch.setenv("STAFF_SECOND_FACTOR", "all")
    get_settings.cache_clear()
    required = _password_only(staff_env, "reviewer")
    assert required.get("/staff/").headers["Location"] == "/staff/second-factor"


def test_a_mistyped_setting_stops_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAFF_SECOND_FACTOR", "reviewers")
    with pytest.raises(ValueError, match="STAFF_SECOND_FACTOR"):
        read_settings()


def test_an_admin_removes_a_lost_factor_and_its_sessions_end(staff_env: StaffEnv) -> None:
    reviewer = _password_only(staff_env, "reviewer")
    enrol_second_factor(reviewer, staff_env.reviewer_email)
    assert reviewer.get("/staff/").status_code == 200
    admin = staff_env.client("admin")
    page = admin.get("/staff/accounts").get_data(as_text=True)
    assert "Retirer la validation en deux étapes" in page
    reviewer_id = next(a.id for a in list_accounts() if a.email == staff_env.reviewer_email)
    response = post(admin, f"/staff/accounts/{reviewer_id}/second-factor")
    assert response.status_code == 302
    assert reviewer.get("/staff/").headers["Location"].startswith("/staff/login")
    fresh = _password_only(staff_env, "reviewer")
    assert fresh.get("/staff/").status_code == 200  # a reviewer: no factor any more
    assert _audit("second_factor")[-1].detail == "retirée par un administrateur"


def test_a_session_opened_before_enrolment_elsewhere_ends(staff_env: StaffEnv) -> None:
    older = _password_only(staff_env, "reviewer")
    assert older.get("/staff/").status_code == 200
    newer = _password_only(staff_env, "reviewer")
    enrol_second_factor(newer, staff_env.reviewer_email)
    assert older.get("/staff/").headers["Location"].startswith("/staff/login")
    assert newer.get("/staff/").status_code == 200
    with session_factory()() as session:
        secret = session.scalar(
            select(StaffUser.totp_secret).where(StaffUser.email == staff_env.reviewer_email)
        )
    assert secret and len(secret) == 32  # 160 bits, base32


def test_the_command_line_removes_a_lost_factor(staff_env: StaffEnv, capsys) -> None:  # noqa: ANN001
    """The way back in when the only admin lost both the phone and the recovery codes."""
    from bot.__main__ import main

    _enrolled_admin(staff_env)
    main(["staff", "list"])
    assert f"{staff_env.admin_email}\tadmin\tactif\t2FA" in capsys.readouterr().out
    assert main(["staff", "remove-second-factor", staff_env.admin_email.upper()]) == 0
    assert main(["staff", "remove-second-factor", "nobody@ministere.example"]) == 1
    client = _password_only(staff_env)
    assert client.get("/staff/").headers["Location"] == "/staff/second-factor"
    assert _audit("second_factor")[-1].detail == "retirée en ligne de commande"
