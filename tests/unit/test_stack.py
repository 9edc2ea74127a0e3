"""The command lines that start the servers are ones Rasa's own CLI accepts."""

import socket
from pathlib import Path

import pytest
from rasa.__main__ import create_argument_parser

from bot.settings import get_settings
from bot.stack import PortInUseError, ports_in_use, rasa_server_command, start_stack


def test_a_token_starting_with_a_dash_reaches_rasa_intact() -> None:
    # token_urlsafe() can start with "-": given as a separate argument, argparse took it for
    # an option and `rasa run` exited with 2 (a flaky CI failure).
    command = rasa_server_command(get_settings(), "-qr0N0f5H6", Path("endpoints.yml"))
    arguments = create_argument_parser().parse_args(command[1:])
    assert arguments.auth_token == "-qr0N0f5H6"
    assert arguments.interface == "127.0.0.1"
    assert arguments.enable_api


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
