"""The command lines that start the servers are ones Rasa's own CLI accepts."""

from pathlib import Path

from rasa.__main__ import create_argument_parser

from bot.settings import get_settings
from bot.stack import rasa_server_command


def test_a_token_starting_with_a_dash_reaches_rasa_intact() -> None:
    # token_urlsafe() can start with "-": given as a separate argument, argparse took it for
    # an option and `rasa run` exited with 2 (a flaky CI failure).
    command = rasa_server_command(get_settings(), "-qr0N0f5H6", Path("endpoints.yml"))
    arguments = create_argument_parser().parse_args(command[1:])
    assert arguments.auth_token == "-qr0N0f5H6"
    assert arguments.interface == "127.0.0.1"
    assert arguments.enable_api
