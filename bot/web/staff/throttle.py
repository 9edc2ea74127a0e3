"""Slowing down repeated failed logins, counted in the database (every web worker sees the
same counts; a restart forgets nothing).

Per account: after `FREE_ATTEMPTS` failures within the hour, each further attempt must wait
a delay that doubles with every failure (capped at `MAX_DELAY` seconds), so at most about a
dozen more failures an hour are possible — far under 100 — and the real user is slowed,
never locked out. Overall: past `GLOBAL_PER_MINUTE` failures in a minute (a list of staff
e-mails being tried), every attempt waits until the minute has passed. Attempts made during
a delay are refused without checking the password. A success clears the account's count.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from bot.storage import login_failures as store

FREE_ATTEMPTS = 3
BASE_DELAY = 2.0
MAX_DELAY = 300.0
WINDOW = timedelta(hours=1)
GLOBAL_PER_MINUTE = 30


class LoginThrottle:
    """Failed-login counter per e-mail and overall, kept in the database."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), tz=timezone.utc)

    @staticmethod
    def delay_after(failures: int) -> float:
        """Seconds to wait after `failures` failed attempts within the hour."""
        if failures < FREE_ATTEMPTS:
            return 0.0
        return min(MAX_DELAY, BASE_DELAY * 2 ** (failures - FREE_ATTEMPTS))

    def wait_left(self, email: str) -> float:
        """Seconds before `email` may try again (0 when allowed now)."""
        now = self._now()
        count, latest = store.failures_since(email, now - WINDOW)
        left = 0.0
        if count and latest is not None:
            left = (latest - now).total_seconds() + self.delay_after(count)
        minute_ago = now - timedelta(minutes=1)
        flood = store.nth_latest_failure(GLOBAL_PER_MINUTE, minute_ago)
        if flood is not None:
            left = max(left, (flood - minute_ago).total_seconds())
        return max(0.0, left)

    def failed(self, email: str) -> int:
        """Record one failure; return the account's failures within the hour."""
        now = self._now()
        store.record_failure(email, now)
        return store.failures_since(email, now - WINDOW)[0]

    def succeeded(self, email: str) -> None:
        """Forget the failures of `email`."""
        store.clear_failures(email)

    def reset(self) -> None:
        """Forget everything (tests)."""
        store.clear_all()


throttle = LoginThrottle()
