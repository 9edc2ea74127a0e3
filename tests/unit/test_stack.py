"""The command lines that start the servers are ones Rasa's own CLI accepts."""

import socket
from pathlib import Path

import pytest

from bot.rasa_server import route_allowed
from bot.settings import get_settings
from bot.stack import PortInUseError, ports_in_use, rasa_server_command, start_stack


def test_the_rasa_command_line_holds_no_secret_and_listens_on_loopback() -> None:
    """Every local user can read command lines in the process list: the secret is given in
    the environment instead (`RASA_TOKEN`)."""
    command = rasa_server_command(get_settings(), Path("endpoints.yml"))
    assert command[1:3] == ["-m", "bot.rasa_server"]
    assert command[command.index("--interface") + 1] == "127.0.0.1"
    assert not any("token" in part.lower() or "secret" in part.lower() for part in command)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("POST", "/webhooks/rest/webhook", True),
        ("GET", "/conversations/0123abcd/tracker", True),
        ("GET", "/", True),
        ("GET", "/status", True),
        ("PUT", "/conversations/0123abcd/tracker/events", False),
        ("POST", "/conversations/0123abcd/tracker/events", False),
        ("POST", "/conversations/0123abcd/execute", False),
        ("POST", "/conversations/0123abcd/trigger_intent", False),
        ("GET", "/conversations/0123abcd/story", False),
        ("POST", "/model/parse", False),
        ("PUT", "/model", False),
        ("DELETE", "/model", False),
        ("POST", "/model/train", False),
        ("POST", "/auth", False),
        ("GET", "/domain", False),
        ("GET", "/version", False),
        ("GET", "/webhooks/rest/", True),
        ("GET", "/webhooks/rest/webhook", False),
        ("GET", "/conversations/a/b/tracker", False),
    ],
)
def test_only_the_routes_the_web_app_needs_are_served(
    method: str, path: str, allowed: bool
) -> None:
    assert route_allowed(method, path) is allowed


def test_a_port_already_listening_is_reported_by_name() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        taken = server.getsockname()[1]
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            free = probe.getsockname()[1]  # bound, not listening: nothing answers there
            assert ports_in_use({"RASA_PORT": taken, "WEB_PORT": free}) == [f"RASA_PORT ({taken})"]


def test_the_stack_refuses_to_start_over_a_running_server(monkeypatch) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        monkeypatch.setenv("RASA_PORT", str(server.getsockname()[1]))
        get_settings.cache_clear()
        try:
            with pytest.raises(PortInUseError, match="RASA_PORT"):
                start_stack(get_settings(), with_web=False)
        finally:
            get_settings.cache_clear()


def test_several_rasa_workers_need_the_shared_lock_store(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RASA_WORKERS", "2")
    monkeypatch.setenv("LOCK_STORE_TYPE", "in_memory")
    get_settings.cache_clear()
    with pytest.raises(ValueError, match="LOCK_STORE_TYPE=redis"):
        get_settings()
    monkeypatch.setenv("LOCK_STORE_TYPE", "redis")
    get_settings.cache_clear()
    assert get_settings().rasa_workers == 2
    monkeypatch.setenv("RASA_WORKERS", "0")
    get_settings.cache_clear()
    with pytest.raises(ValueError, match="at least 1"):
        get_settings()
    get_settings.cache_clear()
