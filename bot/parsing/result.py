"""The result type shared by every parser."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """A parsed value, or the short French reason why nothing was recognised."""

    value: T | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        """True when a value was recognised."""
        return self.value is not None


def fail(reason: str) -> Parsed:
    """A failed parse carrying a French explanation for the user."""
    return Parsed(None, reason)
