"""Secret key and HTTP security headers shared by every page of the web app."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from flask import Flask, Response

from bot.settings import VAR_DIR, Settings


def load_secret_key(settings: Settings, path: Path | None = None) -> str:
    """The configured secret key, else a random one created once in `var/secret_key` (0600)."""
    if settings.secret_key:
        return settings.secret_key
    path = path or VAR_DIR / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        key = secrets.token_hex(32)
        handle.write(key)
    return key


def derive_key(app_secret_key: str, context: bytes) -> bytes:
    """A key for one purpose (conversation ids, receipt links, client hashes…), derived
    from the app's secret key with HMAC-SHA256 under its own `context`: never the key
    that signs staff cookies, and never another purpose's key."""
    return hmac.new(app_secret_key.encode("utf-8"), context, hashlib.sha256).digest()


def content_security_policy(frame_ancestors: str) -> str:
    """A CSP with no inline script or style: everything comes from the app itself."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def install_security_headers(app: Flask, settings: Settings) -> None:
    """Add the security headers to every response."""
    csp = content_security_policy(settings.frame_ancestors)

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if settings.frame_ancestors.strip() == "'none'":
            response.headers["X-Frame-Options"] = "DENY"
        if settings.https:  # browsers keep to HTTPS for a year
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response
