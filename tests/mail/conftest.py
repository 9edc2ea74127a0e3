"""Fixtures of the e-mail tests: a real SMTP server on loopback and SMTP_URL pointing at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.smtp_server import LocalSmtpServer, configure_mail


@pytest.fixture()
def smtp_server(sqlite_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalSmtpServer]:
    """A migrated SQLite database, an SMTP server, and settings sending to it."""
    server = LocalSmtpServer().start()
    configure_mail(monkeypatch, server.url)
    try:
        yield server
    finally:
        server.stop()
