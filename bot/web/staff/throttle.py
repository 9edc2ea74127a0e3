"""Slowing down repeated failed logins, per e-mail, in this process.

After `FREE_ATTEMPTS` failures in a row, each further attempt for that e-mail must wait a
delay that doubles with every failure (capped at `MAX_DELAY` seconds); attempts made
during the delay are refused without checking the password. A success resets the count.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

FREE_ATTEMPTS = 3
BASE_DELAY = 2.0
MAX_DELAY = 300.0
MAX_TRACKED = 10_000


class LoginThrottle:
    """Failed-login counter per e-mail (thread-safe, in memory)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}

    @staticmethod
    def delay_after(failures: int) -> float:
        """Seconds to wait after `failures` failed attempts in a row."""
        if failures < FREE_ATTEMPTS:
            return 0.0
        return min(MAX_DELAY, BASE_DELAY * 2 ** (failures - FREE_ATTEMPTS))

    def wait_left(self, email: str) -> float:
        """Seconds before `email` may try again (0 when allowed now)."""
        with self._lock:
            count, last = self._failures.get(email, (0, 0.0))
        left = last + self.delay_after(count) - self._clock()
        return max(0.0, left) if count else 0.0

    def failed(self, email: str) -> int:
        """Record one failure; return the number of failures in a row."""
        with self._lock:
            if len(self._failures) >= MAX_TRACKED and email not in self._failures:
                self._failures.pop(next(iter(self._failures)))
            count = self._failures.get(email, (0, 0.0))[0] + 1
            self._failures[email] = (count, self._clock())
            return count

    def succeeded(self, email: str) -> None:
        """Forget the failures of `email`."""
        with self._lock:
            self._failures.pop(email, None)

    def reset(self) -> None:
        """Forget everything (tests)."""
        with self._lock:
            self._failures.clear()


throttle = LoginThrottle()
