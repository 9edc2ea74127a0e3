"""A real SMTP server on loopback for the e-mail tests (aiosmtpd), and SMTP settings."""

from __future__ import annotations

import email
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from bot.settings import get_settings
from bot.stack import free_port

PUBLIC_URL = "https://signalpme.example.gouv.fr"


@dataclass
class Received:
    """One message as the server got it."""

    mail_from: str
    recipients: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        """The decoded plain-text body."""
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None, "no text/plain part"
        return part.get_content()


@dataclass
class _Handler:
    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class LocalSmtpServer:
    """aiosmtpd on 127.0.0.1 and a free port; with `login`/`password`, AUTH is required
    (over plain SMTP: loopback only)."""

    def __init__(
        self, login: str | None = None, password: str | None = None, port: int | None = None
    ) -> None:
        self.port = port or free_port()
        self.handler = _Handler()
        self.login, self.password = login, password
        kwargs: dict[str, Any] = {}
        if login is not None:
            kwargs.update(
                authenticator=self._authenticate, auth_required=True, auth_require_tls=False
            )
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == self.login
            and data.password.decode() == self.password
        )
        return AuthResult(success=ok, handled=False)  # aiosmtpd answers 535 itself

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> LocalSmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


def closed_port() -> int:
    """A loopback port nothing listens on (connections are refused)."""
    port = free_port()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    return port


def configure_mail(monkeypatch: pytest.MonkeyPatch, smtp_url: str) -> None:
    """Point SMTP_URL (empty: not configured) and PUBLIC_URL at test values."""
    monkeypatch.setenv("SMTP_URL", smtp_url)  # "" beats a developer's .env
    monkeypatch.setenv("MAIL_FROM", "Signal PME <ne-pas-repondre@signalpme.example.gouv.fr>")
    monkeypatch.setenv("PUBLIC_URL", PUBLIC_URL)
    get_settings.cache_clear()
