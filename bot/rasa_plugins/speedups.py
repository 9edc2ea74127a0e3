"""Eleven costs Rasa 3.6 pays again on every message although the answer never changes, paid
once instead (found by profiling the Rasa process under load, docs/measurements.md):

- `Event.resolve_by_type` walks every subclass of `Event`, recursively, checking each for
  abstract methods, for each stored event it reads back: a conversation of 150 events
  costs 150 walks per message. The class found for a type name is remembered.
- `RemoteAction._validate_action_result` calls `jsonschema.validate`, which checks the
  (constant) response schema against the JSON-Schema meta-schema before validating each
  action-server answer, then tries every event of the answer against all 23 event schemas
  of a `oneOf`. The validators are built once, and each event is checked against the one
  schema of its own type: every other one fails on its `event` constant, so the verdict is
  the same; a refused answer still gets Rasa's own error.

- `EndpointConfig.session` opens a new HTTP session, hence a new TCP connection, for each
  call to the action server (several per message). The sessions now share one connection
  pool per event loop; connections idle for 2 s are closed, before the action server's
  own keep-alive limit (Sanic: 5 s), so that a kept connection is never one the server is
  closing. The request body (the tracker, with the domain: 20 to 70 KB) is written by
  `ujson`, in half the time of the standard library's encoder (same JSON once read back).

- `DialogueStateTracker.applied_events` walks the whole conversation at every call, several
  times a message: it now resumes after the events it walked last time
  (`bot/rasa_plugins/applied_events.py`).

- A tracker copies each of the domain's 46 slots when it is created (`copy.copy`, through
  `__reduce_ex__`): 287 µs a tracker, and Rasa creates several trackers a message (a copy
  before each action, the replays of the policies and of the form). `Slot.__copy__` now does
  what that generic path does, a new object of the same class with the same attributes:
  85 µs.

- Rasa runs its prediction graphs through `dask`; they now run node after node
  (`bot/rasa_plugins/graph_run.py`).

- The rule policy reads every rule key again, for every state of the conversation, at each
  prediction: each key is now read once (`bot/rasa_plugins/rule_keys.py`).

- A tracker is copied before each action by replaying every event of the conversation: it
  is now built from the tracker's state (`bot/rasa_plugins/tracker_copy.py`).

- What Rasa logs at debug level is deep-copied before each log call, even when debug
  logging is off: the copies are now made only when it is on
  (`bot/rasa_plugins/debug_copies.py`).

- The action server is sent every event of the conversation at each call, and the domain
  with it: it is now sent the events of the last two user turns, all its actions read
  (`bot/rasa_plugins/action_payload.py`), and the domain only for the forms' validations
  (`enable_selective_domain`, the endpoints; `send_domain`, domain.yml).

- `Domain.is_empty`, asked before each message is parsed, builds an empty domain from
  nothing to compare with (0.4 ms, 2 % of the server's time): the empty domain's
  description is now made once.

`install()` is called by `bot/rasa_server.py` before the server starts; it is idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from bot.rasa_plugins import (
    action_payload,
    applied_events,
    debug_copies,
    graph_run,
    rule_keys,
    tracker_copy,
)

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


def action_answer_check() -> Callable[[Any], bool]:
    """A check of an action-server answer that gives the verdict of Rasa's response schema,
    trying each event against the schema of its own type only."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    events = schema["properties"]["events"]
    one_of = events["items"]["oneOf"]
    common_item = {key: value for key, value in events["items"].items() if key != "oneOf"}
    outer = validator_class(
        {
            **schema,
            "properties": {**schema["properties"], "events": {**events, "items": common_item}},
        }
    )
    by_type = {each["properties"]["event"]["const"]: validator_class(each) for each in one_of}
    if len(by_type) != len(one_of):  # a type with two schemas: dispatching would differ
        raise RuntimeError("Rasa's event schemas no longer have one constant each")

    def valid(result: Any) -> bool:
        if not outer.is_valid(result):
            return False
        for event in result.get("events") or []:
            check = by_type.get(event["event"])
            if check is None or not check.is_valid(event):
                return False
        return True

    return valid


def _validator_built_once() -> None:
    from rasa.core.actions.action import RemoteAction

    original = RemoteAction._validate_action_result  # noqa: SLF001 - replaced on purpose
    valid = action_answer_check()

    @wraps(original)
    def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        if valid(result):
            return True
        return original(self, result)  # raises Rasa's own ValidationError and message

    RemoteAction._validate_action_result = _validate_action_result  # noqa: SLF001


KEEP_ALIVE_SECONDS = 2.0


def _action_connections_kept_open() -> None:
    import asyncio
    import weakref

    import aiohttp
    import ujson
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
            json_serialize=ujson.dumps,
        )

    EndpointConfig.session = session  # type: ignore[method-assign]


def _copy_slot(slot: Any) -> Any:
    """What `copy.copy` makes of a slot without `__copy__`: an object of the same class,
    made without `__init__`, holding the same attributes."""
    copied = object.__new__(type(slot))
    copied.__dict__.update(slot.__dict__)
    return copied


RASA_DOMAIN_IS_EMPTY: Callable[[Any], bool] | None = None


def _empty_domain_made_once() -> None:
    from rasa.shared.core.domain import Domain

    global RASA_DOMAIN_IS_EMPTY
    RASA_DOMAIN_IS_EMPTY = Domain.is_empty
    empty = Domain.empty().as_dict()  # a new domain's own dict: nobody else holds it

    def is_empty(self: Domain) -> bool:
        return self.as_dict() == empty

    Domain.is_empty = is_empty  # type: ignore[method-assign]


def _slots_copied_directly() -> None:
    from rasa.shared.core.slots import Slot
    from rasa.shared.utils.common import all_subclasses

    for cls in [Slot, *all_subclasses(Slot)]:  # the generic path must be the one in use
        own = [vars(each) for each in cls.__mro__ if each.__module__.startswith("rasa")]
        if any(
            name in names for names in own for name in ("__copy__", "__setstate__", "__slots__")
        ):
            raise RuntimeError(f"{cls.__name__} copies itself its own way")
    Slot.__copy__ = _copy_slot  # type: ignore[attr-defined]


def install() -> None:
    """Install all eleven once per process."""
    global _installed
    if _installed:
        return
    _cached_event_types()
    _validator_built_once()
    _action_connections_kept_open()
    applied_events.install()
    _slots_copied_directly()
    graph_run.install()
    rule_keys.install()
    tracker_copy.install()
    debug_copies.install()
    action_payload.install()
    _empty_domain_made_once()
    _installed = True
