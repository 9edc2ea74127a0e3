"""`python -m bot run` sends the outbox from its supervision loop."""

from __future__ import annotations

import signal
from collections.abc import Callable

import pytest

import bot.stack
from bot.mail.outbox import enqueue_acknowledgement
from bot.settings import Settings, get_settings
from bot.stack import Stack, run_all
from bot.storage.testimonies import save_testimony
from tests.smtp_server import LocalSmtpServer


class FakeProcess:
    """A server process that runs for `polls` supervision checks, then exits."""

    def __init__(self, polls: int) -> None:
        self.polls = polls
        self.returncode: int | None = None

    def poll(self) -> int | None:
        self.polls -= 1
        if self.polls < 0:
            self.returncode = 0
        return self.returncode

    def send_signal(self, _signal: int) -> None:
        self.returncode = 0

    def wait(self, timeout: float | None = None) -> int:
        return 0


def test_run_all_sends_the_outbox_while_the_servers_run(
    smtp_server: LocalSmtpServer,
    monkeypatch: pytest.MonkeyPatch,
    make_record: Callable[..., dict],
) -> None:
    saved = save_testimony(make_record(), submission_id="sub-run", sender_id="s", channel="rest")
    assert enqueue_acknowledgement(saved.reference)

    def start_stack(settings: Settings, **_kwargs: object) -> Stack:
        return Stack(settings, "token", processes=[FakeProcess(polls=3)])  # type: ignore[list-item]

    monkeypatch.setattr(bot.stack, "train_if_needed", lambda: False)
    monkeypatch.setattr(bot.stack, "_create_first_admin", lambda: None)
    monkeypatch.setattr(bot.stack, "start_stack", start_stack)
    monkeypatch.setattr(bot.stack.time, "sleep", lambda _seconds: None)
    monkeypatch.setattr(signal, "signal", lambda *_args: None)  # keep pytest's SIGTERM
    assert get_settings().smtp_url == smtp_server.url
    assert run_all() == 1  # the fake server "stopped"
    (received,) = smtp_server.received
    assert saved.reference in received.text
