"""Which failures of a custom action count as the action server being unreachable
(bot/rasa_plugins/action_failures.py): no connection, or a proxy's 502/503/504 — never a
form's rejection (400) nor an action's own error (500)."""

from __future__ import annotations

import aiohttp
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import ClientResponseError

from bot.rasa_plugins import action_failures


def _raised_from(cause: BaseException) -> RasaException:
    try:
        try:
            raise cause
        except Exception:
            raise RasaException("Failed to execute custom action")  # noqa: B904 - as Rasa
    except RasaException as error:
        return error


def test_what_counts_as_the_action_server_unreachable() -> None:
    refused = aiohttp.ClientConnectorError(None, OSError(111, "refused"))  # type: ignore[arg-type]
    assert action_failures._unreachable(_raised_from(refused))
    for status in (502, 503, 504):
        assert action_failures._unreachable(_raised_from(ClientResponseError(status, "", "")))
    for status in (400, 500):
        assert not action_failures._unreachable(_raised_from(ClientResponseError(status, "", "")))


def test_failures_are_seen_only_for_the_message_being_watched() -> None:
    failures = action_failures.watch()
    assert not action_failures.unreachable_in_this_message()
    failures.append("validate_testimony_form")
    assert action_failures.unreachable_in_this_message()
    action_failures.watch()  # the next message starts clean
    assert not action_failures.unreachable_in_this_message()
