"""The optional allow-list of client networks for /staff/ (issue 12, item 8)."""

from __future__ import annotations

import pytest

from bot.settings import get_settings
from bot.web.app import create_app
from tests.staff.conftest import StaffEnv


@pytest.fixture()
def networks(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Set STAFF_ALLOWED_NETWORKS / CLIENT_IP_HEADER for one test."""

    def set_env(allowed: str, header: str | None = None) -> None:
        monkeypatch.setenv("STAFF_ALLOWED_NETWORKS", allowed)
        if header:
            monkeypatch.setenv("CLIENT_IP_HEADER", header)
        get_settings.cache_clear()

    yield set_env
    monkeypatch.delenv("STAFF_ALLOWED_NETWORKS", raising=False)
    monkeypatch.delenv("CLIENT_IP_HEADER", raising=False)
    get_settings.cache_clear()


def test_outside_the_allowed_networks_even_the_login_page_is_refused(staff_env, networks):  # noqa: ANN001
    networks("10.0.0.0/8")
    client = staff_env.app.test_client()
    assert client.get("/staff/login").status_code == 403
    assert client.get("/").status_code == 200  # the public chat stays open to everyone


def test_inside_the_allowed_networks_staff_pages_work(staff_env: StaffEnv, networks) -> None:  # noqa: ANN001
    networks("127.0.0.0/8, ::1/128")
    assert staff_env.client("admin").get("/staff/").status_code == 200


def test_the_proxy_header_is_read_only_when_configured(staff_env: StaffEnv, networks) -> None:  # noqa: ANN001
    client = staff_env.app.test_client()
    networks("10.0.0.0/8")
    spoofed = {"X-Forwarded-For": "10.1.2.3"}
    assert client.get("/staff/login", headers=spoofed).status_code == 403  # not trusted
    networks("10.0.0.0/8", header="X-Forwarded-For")
    # the last hop is the one the proxy added; what the client wrote before it is ignored
    assert (
        client.get("/staff/login", headers={"X-Forwarded-For": "10.9.9.9, 10.1.2.3"}).status_code
        == 200
    )
    assert (
        client.get("/staff/login", headers={"X-Forwarded-For": "10.1.2.3, 8.8.8.8"}).status_code
        == 403
    )
    assert client.get("/staff/login").status_code == 403  # header missing: refused


def test_an_allow_list_that_does_not_parse_stops_the_start(networks) -> None:  # noqa: ANN001
    networks("10.0.0.0/8, pas-un-réseau")
    with pytest.raises(SystemExit, match="STAFF_ALLOWED_NETWORKS"):
        create_app()
