"""`SMTP_URL`: where and how to send.

    smtp://host[:port]                      plain SMTP (port 25 by default)
    smtp://user:password@host:587?starttls=1  STARTTLS, then login
    smtps://user:password@host[:465]        implicit TLS

User and password are percent-decoded ("%40" for "@"). `timeout=SECONDS` in the query
changes the network timeout (10 s by default). The URL holds a password: it is never
logged nor shown, and errors about it never quote it.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
DEFAULT_TIMEOUT = 10.0
_TRUE = {"1", "true", "yes", "on", "oui"}


class SmtpUrlError(ValueError):
    """`SMTP_URL` cannot be used; the message never quotes the URL (it holds a password)."""


@dataclass(frozen=True)
class SmtpConfig:
    """The parts of `SMTP_URL`."""

    host: str
    port: int
    implicit_tls: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    def __repr__(self) -> str:  # no password in tracebacks or debug output
        return f"SmtpConfig(host={self.host!r}, port={self.port}, tls={self.implicit_tls})"


def parse_smtp_url(url: str) -> SmtpConfig:
    """Read `SMTP_URL`; raise `SmtpUrlError` (without the URL) when it is unusable."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise SmtpUrlError("SMTP_URL must start with smtp:// or smtps://")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError:
        raise SmtpUrlError("SMTP_URL has an invalid port") from None
    if not parts.hostname:
        raise SmtpUrlError("SMTP_URL has no host")
    query = {key.lower(): values[-1] for key, values in parse_qs(parts.query).items()}
    starttls = query.get("starttls", "").strip().lower() in _TRUE
    if starttls and scheme == "smtps":
        raise SmtpUrlError("SMTP_URL: starttls applies to smtp://, not smtps://")
    try:
        timeout = float(query.get("timeout", DEFAULT_TIMEOUT))
    except ValueError:
        raise SmtpUrlError("SMTP_URL has an invalid timeout") from None
    return SmtpConfig(
        host=parts.hostname,
        port=port,
        implicit_tls=scheme == "smtps",
        starttls=starttls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        timeout=timeout,
    )


def connect(config: SmtpConfig) -> smtplib.SMTP:
    """An open, authenticated SMTP connection (the caller closes it with `quit()`)."""
    context = ssl.create_default_context()
    if config.implicit_tls:
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            config.host, config.port, timeout=config.timeout, context=context
        )
    else:
        client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    try:
        client.ehlo()
        if config.starttls:
            client.starttls(context=context)
            client.ehlo()
        if config.username:
            client.login(config.username, config.password or "")
    except BaseException:
        client.close()
        raise
    return client
