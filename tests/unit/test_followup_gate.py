"""Limits on typed follow-up codes: five wrong codes, a pause, a global ceiling."""

from __future__ import annotations

from bot.conversation.followup_gate import (
    Attempts,
    CodeLimits,
    after_wrong_code,
    minutes_left,
    saturated,
    tries_left,
)

LIMITS = CodeLimits(max_wrong=5, pause_minutes=15, per_minute=30)
NOW = 1_800_000_000.0


def test_the_fifth_wrong_code_starts_a_fifteen_minute_pause() -> None:
    attempts = Attempts()
    for left in (4, 3, 2, 1):
        attempts = after_wrong_code(attempts, NOW, LIMITS)
        assert tries_left(attempts, LIMITS) == left and minutes_left(attempts, NOW) == 0
    attempts = after_wrong_code(attempts, NOW, LIMITS)
    assert tries_left(attempts, LIMITS) == 0
    assert minutes_left(attempts, NOW) == 15
    assert minutes_left(attempts, NOW + 61) == 14
    assert minutes_left(attempts, NOW + 14 * 60 + 59) == 1, "rounded up"


def test_after_the_pause_the_count_starts_again() -> None:
    paused = Attempts(5, NOW + 900)
    assert paused.current(NOW + 899) == paused
    assert paused.current(NOW + 900) == Attempts()
    again = after_wrong_code(paused, NOW + 901, LIMITS)
    assert again == Attempts(1, None)


def test_slots_are_read_defensively() -> None:
    assert Attempts.from_slots(None, None) == Attempts()
    assert Attempts.from_slots("3", "soon") == Attempts()
    assert Attempts.from_slots(2, NOW) == Attempts(2, NOW)


def test_the_global_ceiling_counts_every_conversation() -> None:
    assert not saturated(29, LIMITS)
    assert saturated(30, LIMITS)
