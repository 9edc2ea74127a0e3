"""Access control: every staff route needs a session, admin routes need the admin role,
every form needs its CSRF token, sessions expire."""

from __future__ import annotations

import time

import pytest
from werkzeug.routing import Rule

from tests.staff.conftest import StaffEnv, csrf_token, post

PUBLIC = {"staff.login", "staff.login_code", "staff.static"}
ADMIN_ONLY = {
    "staff.audit_log",
    "staff.audit_export",
    "staff.accounts",
    "staff.account_create",
    "staff.account_action",
    "staff.delete",
}


def _staff_rules(env: StaffEnv) -> list[Rule]:
    return [r for r in env.app.url_map.iter_rules() if r.rule.startswith("/staff")]


def _url(rule: Rule, env: StaffEnv) -> str:
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]  # noqa: SLF001
        values[name] = 1 if type(converter).__name__ == "IntegerConverter" else "x"
        if name == "reference":
            values[name] = env.references["sender-named"]
        if name == "action":
            values[name] = "disable"
    with env.app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def _calls(env: StaffEnv) -> list[tuple[str, str, str]]:
    calls = []
    for rule in _staff_rules(env):
        if rule.endpoint in PUBLIC:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            calls.append((rule.endpoint, method, _url(rule, env)))
    return calls


def test_route_table_is_walked(staff_env: StaffEnv) -> None:
    endpoints = {endpoint for endpoint, _, _ in _calls(staff_env)}
    assert {
        "staff.dashboard",
        "staff.testimony_list",
        "staff.export_csv",
        "staff.change_status",
        "staff.delete",
        "staff.audit_log",
    } <= endpoints
    assert len(endpoints) >= 15


def test_every_staff_route_refuses_without_login(staff_env: StaffEnv) -> None:
    client = staff_env.client()
    for endpoint, method, url in _calls(staff_env):
        if method == "GET":
            response = client.get(url)
        else:  # a valid CSRF token, so that only the missing login can refuse it
            response = post(client, url, {"status": "closed", "text": "x", "confirm": "x"})
        assert response.status_code in (302, 401, 403), (endpoint, method, response.status_code)
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/staff/login"), endpoint
    reference = staff_env.references["sender-named"]
    page = staff_env.client("admin").get(f"/staff/testimonies/{reference}")
    assert "Nouveau" in page.get_data(as_text=True)  # nothing was changed


def test_reviewer_is_refused_admin_routes(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    for endpoint, method, url in _calls(staff_env):
        if endpoint not in ADMIN_ONLY:
            continue
        if method == "GET":
            response = client.get(url)
        else:
            response = post(
                client,
                url,
                {
                    "email": "x@y.fr",
                    "role": "admin",
                    "confirm": staff_env.references["sender-named"],
                },
            )
        assert response.status_code == 403, (endpoint, method)
    reference = staff_env.references["sender-named"]
    assert client.get(f"/staff/testimonies/{reference}").status_code == 200
    admin_page = staff_env.client("admin").get(f"/staff/testimonies/{reference}")
    assert "Supprimer définitivement" in admin_page.get_data(as_text=True)
    reviewer_page = client.get(f"/staff/testimonies/{reference}").get_data(as_text=True)
    assert "Supprimer définitivement" not in reviewer_page
    assert "Journal d&#39;audit" not in reviewer_page


def test_reviewer_can_read_comment_change_status_assign_and_reply(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    base = f"/staff/testimonies/{staff_env.references['sender-named']}"
    assert post(client, f"{base}/status", {"status": "in_review"}).status_code == 302
    assert post(client, f"{base}/notes", {"text": "À rappeler lundi"}).status_code == 302
    assert post(client, f"{base}/replies", {"text": "Nous vous rappelons."}).status_code == 302
    assert post(client, f"{base}/assign", {"staff_user_id": "1"}).status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "En cours d&#39;examen" in page and "À rappeler lundi" in page
    assert "Nous vous rappelons." in page and "Suivi par admin@ministere.example" in page


@pytest.mark.parametrize("with_token", [False, True])
def test_post_without_csrf_token_is_rejected(staff_env: StaffEnv, with_token: bool) -> None:
    assert staff_env.app.config.get("WTF_CSRF_ENABLED", True) is True
    client = staff_env.client("admin")
    base = f"/staff/testimonies/{staff_env.references['sender-named']}"
    data = {"status": "closed"}
    if with_token:
        data["csrf_token"] = csrf_token(client)
    response = client.post(f"{base}/status", data=data)
    assert response.status_code == (302 if with_token else 400)
    status = "Clos" if with_token else "Nouveau"
    assert f'id="status-badge">{status}<' in client.get(base).get_data(as_text=True)


def test_login_form_needs_csrf_token_too(staff_env: StaffEnv) -> None:
    client = staff_env.app.test_client()
    response = client.post(
        "/staff/login", data={"email": staff_env.admin_email, "password": staff_env.admin_password}
    )
    assert response.status_code == 400
    assert client.get("/staff/").status_code == 302


def test_session_expires_after_inactivity(staff_env: StaffEnv, monkeypatch) -> None:  # noqa: ANN001
    client = staff_env.client("reviewer")
    assert client.get("/staff/").status_code == 200
    minutes = staff_env.app.config["SIGNALPME_SETTINGS"].staff_session_minutes
    later = time.time() + minutes * 60 + 5
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get("/staff/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login")
    monkeypatch.undo()
    assert client.get("/staff/").status_code == 302  # the session was cleared


def test_disabled_account_loses_its_session(staff_env: StaffEnv) -> None:
    from bot.storage.accounts import set_active

    client = staff_env.client("reviewer")
    assert client.get("/staff/").status_code == 200
    set_active(staff_env.reviewer_email, False)
    assert client.get("/staff/").status_code == 302


def test_logout_ends_the_session(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    assert post(client, "/staff/logout").status_code == 302
    assert client.get("/staff/").status_code == 302
