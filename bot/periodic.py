"""A job run every `interval` seconds from the supervision loop of `python -m bot run`."""

from __future__ import annotations

from collections.abc import Callable

from bot.settings import Settings


class PeriodicJob:
    """Runs `run(settings)` when `tick()` finds that its time has come.

    The first run comes `first_delay` seconds after creation; each later one `interval`
    seconds after the previous tick that ran. `enabled(settings)` false skips the tick.
    The clock is injectable (tests), monotonic by default (a wall clock set back does not
    delay it).
    """

    def __init__(
        self,
        settings: Settings,
        interval: float,
        clock: Callable[[], float],
        run: Callable[[Settings], object],
        first_delay: float = 0.0,
        enabled: Callable[[Settings], bool] = lambda _settings: True,
    ) -> None:
        self.settings = settings
        self.interval = interval
        self.clock = clock
        self.run = run
        self.enabled = enabled
        self.next_run = clock() + first_delay

    def tick(self) -> bool:
        """Run the job if it is time; True if it ran (or tried to)."""
        now = self.clock()
        if now < self.next_run or not self.enabled(self.settings):
            return False
        self.next_run = now + self.interval
        self.run(self.settings)
        return True
