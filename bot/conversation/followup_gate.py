"""Limits on typed follow-up codes, against guessing (pure).

Per conversation: at most `max_wrong` wrong codes, then a pause of `pause_minutes` during
which no code is even looked up; the count starts again once the pause is over. Both live
in the conversation's slots (`wrong_codes`, `code_pause_until`, a Unix time). Across all
conversations: when `wrong_codes_last_minute()` reaches `per_minute`, no code is looked up
until the minute has passed. No IP address is used or kept anywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.settings import Settings


@dataclass(frozen=True)
class CodeLimits:
    """The settings of the limits (`FOLLOWUP_*` in `.env`, defaults in `bot.settings`)."""

    max_wrong: int
    pause_minutes: int
    per_minute: int

    @classmethod
    def from_settings(cls, settings: Settings) -> CodeLimits:
        return cls(
            settings.followup_max_wrong_codes,
            settings.followup_pause_minutes,
            settings.followup_wrong_codes_per_minute,
        )


@dataclass(frozen=True)
class Attempts:
    """Wrong codes typed in one conversation, and the end of its pause (None: no pause)."""

    wrong: int = 0
    pause_until: float | None = None

    @classmethod
    def from_slots(cls, wrong: object, pause_until: object) -> Attempts:
        count = wrong if isinstance(wrong, int) and wrong > 0 else 0
        until = float(pause_until) if isinstance(pause_until, (int, float)) else None
        return cls(count, until)

    def current(self, now: float) -> Attempts:
        """The attempts that still count at `now`: none once a pause is over."""
        if self.pause_until is not None and now >= self.pause_until:
            return Attempts()
        return self


def minutes_left(attempts: Attempts, now: float) -> int:
    """Whole minutes (rounded up) before codes are looked up again; 0 when not paused."""
    if attempts.pause_until is None or now >= attempts.pause_until:
        return 0
    return max(1, math.ceil((attempts.pause_until - now) / 60))


def saturated(wrong_last_minute: int, limits: CodeLimits) -> bool:
    """True when too many wrong codes were typed in the last minute, all conversations
    together: nothing is looked up."""
    return wrong_last_minute >= limits.per_minute


def after_wrong_code(attempts: Attempts, now: float, limits: CodeLimits) -> Attempts:
    """The attempts once one more wrong code was typed; the last allowed one starts the
    pause."""
    wrong = attempts.current(now).wrong + 1
    if wrong >= limits.max_wrong:
        return Attempts(wrong, now + 60 * limits.pause_minutes)
    return Attempts(wrong, None)


def tries_left(attempts: Attempts, limits: CodeLimits) -> int:
    """Wrong codes still allowed before the pause."""
    return max(0, limits.max_wrong - attempts.wrong)
