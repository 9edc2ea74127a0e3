"""An optional allow-list of client networks for the staff area, as defence in depth after
the proxy's own restriction (`STAFF_ALLOWED_NETWORKS`, empty: no restriction).

The client address is the TCP peer, or, only when `CLIENT_IP_HEADER` names the header the
trusted proxy sets, the last address of that header (the one the proxy itself added; the
ones before it are whatever the client sent). The address is compared, never stored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from flask import request

from bot.settings import Settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(listed: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in listed)


def client_address(settings: Settings) -> str | None:
    """The address the allow-list is checked against (see the module docstring)."""
    if settings.client_ip_header:
        forwarded = request.headers.get(settings.client_ip_header, "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        return hops[-1] if hops else None
    return request.remote_addr


def client_allowed(settings: Settings) -> bool:
    """True when no allow-list is set or the client address is in one of its networks."""
    if not settings.staff_networks:
        return True
    address = client_address(settings)
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in _networks(settings.staff_networks))


def check_networks(settings: Settings) -> None:
    """Refuse to start with an allow-list that does not parse (a clear message, not a 500)."""
    try:
        _networks(settings.staff_networks)
    except ValueError as error:
        raise SystemExit(f"STAFF_ALLOWED_NETWORKS n'est pas valide : {error}") from error
