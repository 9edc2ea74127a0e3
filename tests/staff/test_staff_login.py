"""Accounts and login: Argon2id hashes, generated passwords, slowed and logged failures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from bot.__main__ import main
from bot.settings import get_settings
from bot.storage.accounts import ensure_first_admin
from bot.storage.db import session_factory
from bot.storage.models import AuditLog, LoginFailure, StaffUser
from bot.web.staff import throttle as throttle_module
from bot.web.staff.throttle import LoginThrottle
from tests.staff.conftest import StaffEnv, login

ROOT = Path(__file__).resolve().parents[2]


def _audit(action: str) -> list[AuditLog]:
    with session_factory()() as session:
        return list(session.scalars(select(AuditLog).where(AuditLog.action == action)))


def test_passwords_are_argon2id_hashes(staff_env: StaffEnv) -> None:
    with session_factory()() as session:
        hashes = list(session.scalars(select(StaffUser.password_hash)))
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert staff_env.admin_password not in "".join(hashes)


def test_login_success_records_an_audit_entry(staff_env: StaffEnv) -> None:
    client = staff_env.app.test_client()
    response = login(client, staff_env.admin_email.upper(), staff_env.admin_password)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    assert len(_audit("login")) == 1


def test_login_redirects_only_inside_the_staff_app(staff_env: StaffEnv) -> None:
    client = staff_env.app.test_client()
    first = client.get("/staff/testimonies?platform=ebay")
    assert first.headers["Location"].startswith("/staff/login?next=")
    token_page = client.get(first.headers["Location"]).get_data(as_text=True)
    assert 'value="/staff/testimonies?platform=ebay"' in token_page


def test_failed_logins_are_slowed_down_and_logged(staff_env: StaffEnv) -> None:
    client = staff_env.app.test_client()
    for _ in range(3):
        response = login(client, staff_env.reviewer_email, "wrong password")
        assert response.status_code == 401
        assert "incorrect" in response.get_data(as_text=True)
    # Now even the right password is refused until the delay has passed.
    response = login(client, staff_env.reviewer_email, staff_env.reviewer_password)
    assert response.status_code == 429
    assert "Trop de tentatives" in response.get_data(as_text=True)
    entries = _audit("login_failed")
    assert len(entries) == 4
    assert all(staff_env.reviewer_email in (e.detail or "") for e in entries)
    assert all("127.0.0.1" not in (e.detail or "") for e in entries)  # no IP address
    throttle_module.throttle.reset()
    assert login(client, staff_env.reviewer_email, staff_env.reviewer_password).status_code == 302


def test_unknown_email_fails_like_a_wrong_password(staff_env: StaffEnv) -> None:
    client = staff_env.app.test_client()
    response = login(client, "nobody@example.fr", "whatever")
    assert response.status_code == 401
    assert "Adresse e-mail ou mot de passe incorrect." in response.get_data(as_text=True)


def test_throttle_delay_grows_with_each_failure(sqlite_db_url: str) -> None:
    now = [1000.0]
    throttle = LoginThrottle(clock=lambda: now[0])
    assert throttle.wait_left("a@b.fr") == 0
    for _ in range(3):
        throttle.failed("a@b.fr")
    assert throttle.wait_left("a@b.fr") == 2.0
    throttle.failed("a@b.fr")
    assert throttle.wait_left("a@b.fr") == 4.0
    now[0] += 4.0
    assert throttle.wait_left("a@b.fr") == 0
    assert throttle.wait_left("other@b.fr") == 0
    throttle.succeeded("a@b.fr")
    assert throttle.wait_left("a@b.fr") == 0


def test_first_admin_is_created_once_on_an_empty_table(sqlite_db_url: str, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("STAFF_ADMIN_EMAIL", "chef@ministere.example")
    password = ensure_first_admin()
    assert password and len(password) >= 16
    assert ensure_first_admin() is None
    with session_factory()() as session:
        (user,) = session.scalars(select(StaffUser)).all()
    assert (user.email, user.role, user.active) == ("chef@ministere.example", "admin", True)


def test_staff_command_line(sqlite_db_url: str, capsys) -> None:  # noqa: ANN001
    assert main(["staff", "add", "Agent@Ministere.example", "--role", "reviewer"]) == 0
    out = capsys.readouterr().out
    password = out.strip().splitlines()[-1].split(": ")[-1]
    assert len(password) >= 16
    assert main(["staff", "add", "agent@ministere.example"]) == 1  # already exists
    assert main(["staff", "list"]) == 0
    assert "agent@ministere.example\treviewer\tactif\t-" in capsys.readouterr().out
    assert main(["staff", "disable", "agent@ministere.example"]) == 0
    main(["staff", "list"])
    assert "désactivé" in capsys.readouterr().out
    assert main(["staff", "disable", "nobody@ministere.example"]) == 1


def test_failures_in_another_web_process_slow_this_one_down(staff_env: StaffEnv) -> None:
    """Two web workers share the count: failures written by a separate process count here."""
    script = (
        "from bot.web.staff.throttle import throttle\n"
        f"for _ in range(3): throttle.failed({staff_env.reviewer_email!r})\n"
    )
    env = {**os.environ, "DATABASE_URL": get_settings().database_url}
    subprocess.run([sys.executable, "-c", script], check=True, env=env, cwd=ROOT, timeout=120)
    client = staff_env.app.test_client()
    response = login(client, staff_env.reviewer_email, staff_env.reviewer_password)
    assert response.status_code == 429


def test_a_flood_of_failures_on_many_accounts_slows_every_login(staff_env: StaffEnv) -> None:
    for number in range(throttle_module.GLOBAL_PER_MINUTE):
        throttle_module.throttle.failed(f"stranger{number}@example.fr")
    client = staff_env.app.test_client()
    response = login(client, staff_env.admin_email, staff_env.admin_password)
    assert response.status_code == 429


def test_failed_logins_keep_no_e_mail_in_clear(staff_env: StaffEnv) -> None:
    throttle_module.throttle.failed("MonMotDePasse@tape-au-mauvais-endroit")
    with session_factory()() as session:
        keys = session.scalars(select(LoginFailure.email_key)).all()
    assert keys and all(len(k) == 64 and "@" not in k for k in keys)
