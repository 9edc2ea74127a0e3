"""Notice, for one incoming message, that the action server could not be reached.

Rasa 3.6 logs a custom action that fails and goes on with the conversation as if the action
had returned nothing: a form's answer is then taken without being checked, or a question is
skipped, and the seller is not told. Here instead the turn is not stored (the tracker
store skips its save, `bot/rasa_plugins/tracker_store.py`) and the REST channel
(`bot/rasa_plugins/channels.py`) answers 503: the web app says the message was not taken
into account, and the seller sends it again once the action server is back, at the same
question.

Only the server being unreachable counts: no connection, or a proxy's 502/503/504 when
every action server behind it is down. An action that answers with an error of its own
(a bug) goes on as Rasa does.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import wraps
from typing import Any

import aiohttp

_failures: ContextVar[list[str] | None] = ContextVar("signalpme_action_failures", default=None)
UNREACHABLE_STATUSES = frozenset({502, 503, 504})
_installed = False


def _unreachable(error: BaseException) -> bool:
    cause = error.__cause__ or error.__context__
    if isinstance(cause, aiohttp.ClientConnectionError):
        return True
    return getattr(cause, "status", None) in UNREACHABLE_STATUSES


def watch() -> list[str]:
    """Start watching this message: the list the names of unreachable actions go to.

    A list, not a flag: Rasa may run the message in a task of its own, which copies this
    context; the copy still holds the same list."""
    failures: list[str] = []
    _failures.set(failures)
    return failures


def unreachable_in_this_message() -> bool:
    """Whether an action of the message being handled found the action server unreachable."""
    return bool(_failures.get())


def install() -> None:
    """Wrap `RemoteAction.run` once per process."""
    global _installed
    if _installed:
        return
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.exceptions import RasaException

    original = RemoteAction.run

    @wraps(original)
    async def run(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
        try:
            return await original(self, *args, **kwargs)
        except RasaException as error:
            failures = _failures.get()
            if failures is not None and _unreachable(error):
                failures.append(self.name())
            raise

    RemoteAction.run = run  # type: ignore[method-assign]
    _installed = True
