"""Three costs Rasa 3.6 pays again on every message although the answer never changes, paid
once instead (found by profiling the Rasa process under load, docs/measurements.md):

- `Event.resolve_by_type` walks every subclass of `Event`, recursively, checking each for
  abstract methods, for each stored event it reads back: a conversation of 150 events
  costs 150 walks per message. The class found for a type name is remembered.
- `RemoteAction._validate_action_result` calls `jsonschema.validate`, which checks the
  (constant) response schema against the JSON-Schema meta-schema before validating each
  action-server answer. The validator is built once; every answer is still validated
  against the same schema, with the same error.

- `EndpointConfig.session` opens a new HTTP session, hence a new TCP connection, for each
  call to the action server (several per message). The sessions now share one connection
  pool per event loop; connections idle for 2 s are closed, before the action server's
  own keep-alive limit (Sanic: 5 s), so that a kept connection is never one the server is
  closing.

`install()` is called by `bot/rasa_server.py` before the server starts; it is idempotent.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

_installed = False


def _cached_event_types() -> None:
    from rasa.shared.core.events import Event

    original = Event.resolve_by_type
    found: dict[str, type] = {}

    @wraps(original)
    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        cls = found.get(type_name)
        if cls is None:
            cls = original(type_name, default)
            if cls is not None and cls is not default:
                found[type_name] = cls  # a class found by its name stays that class
        return cls

    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]


def _validator_built_once() -> None:
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    original = RemoteAction._validate_action_result  # noqa: SLF001 - replaced on purpose
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    @wraps(original)
    def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        if best_match(validator.iter_errors(result)) is None:
            return True
        return original(self, result)  # raises Rasa's own ValidationError and message

    RemoteAction._validate_action_result = _validate_action_result  # noqa: SLF001


KEEP_ALIVE_SECONDS = 2.0


def _action_connections_kept_open() -> None:
    import asyncio
    import weakref

    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

    original = EndpointConfig.session
    pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, aiohttp.TCPConnector] = (
        weakref.WeakKeyDictionary()
    )

    @wraps(original)
    def session(self: EndpointConfig) -> aiohttp.ClientSession:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # outside a loop: as Rasa does
            return original(self)
        pool = pools.get(loop)
        if pool is None or pool.closed:
            pool = pools[loop] = aiohttp.TCPConnector(keepalive_timeout=KEEP_ALIVE_SECONDS)
        auth = None
        if self.basic_auth:
            auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
        return aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=pool,
            connector_owner=False,
        )

    EndpointConfig.session = session  # type: ignore[method-assign]


def install() -> None:
    """Install all three once per process."""
    global _installed
    if _installed:
        return
    _cached_event_types()
    _validator_built_once()
    _action_connections_kept_open()
    _installed = True
