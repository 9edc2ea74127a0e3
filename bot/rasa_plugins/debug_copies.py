"""Rasa's deep copies of what it logs at debug level, made only when that level is on.

In the processor, the forms and the rule policy, Rasa 3.6 passes deep copies of events,
states, slot values and parsed messages to `structlogger.debug(...)` (so that log
processors cannot change the originals). The arguments are computed before the call,
so the copies are made at every message even when debug logging is off and the call
drops them: about 4 % of the Rasa server's time under load (py-spy, docs/measurements.md).

In those three modules every use of `copy` is such a copy (`tests/unit/test_debug_copies.py`
reads their source to check it). Their `copy` is replaced by an object whose `deepcopy`
copies when the module's logger (the one structlog writes to) is enabled for debug, and
hands the value back otherwise, where the log call does nothing with it.
"""

from __future__ import annotations

import copy
import importlib
import logging
from typing import Any

MODULES = ("rasa.core.processor", "rasa.core.actions.forms", "rasa.core.policies.rule_policy")


class CopyForDebugLog:
    """The `copy` module, but `deepcopy` only when `logger_name` logs at debug level."""

    def __init__(self, logger_name: str) -> None:
        self._logger = logging.getLogger(logger_name)

    def deepcopy(self, value: Any, memo: dict[int, Any] | None = None) -> Any:
        """A deep copy when debug logging is on, else `value` itself (never logged)."""
        if self._logger.isEnabledFor(logging.DEBUG):
            return copy.deepcopy(value, memo)
        return value

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


def install() -> None:
    """Give each module of `MODULES` its `CopyForDebugLog` (idempotent)."""
    for name in MODULES:
        module = importlib.import_module(name)
        if module.copy is copy:
            module.copy = CopyForDebugLog(name)
