"""The servers are reachable on loopback only: nothing of ours listens on the network."""

from __future__ import annotations

import socket

import pytest

from tests.live_stack import LiveStack

pytestmark = pytest.mark.live


def _network_addresses() -> list[str]:
    """This machine's non-loopback IPv4 address, if it has a route anywhere (no packet sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        try:
            udp.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the outgoing interface
        except OSError:
            return []
        address = udp.getsockname()[0]
    return [] if address.startswith("127.") or address == "0.0.0.0" else [address]


def _accepts(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((host, port)) == 0


def test_servers_listen_on_loopback_only(live_stack: LiveStack) -> None:
    settings = live_stack.stack.settings
    ports = [settings.action_port, settings.rasa_port, settings.web_port]
    assert all(_accepts("127.0.0.1", port) for port in ports)
    addresses = _network_addresses()
    if not addresses:
        pytest.skip("this machine has no network address to probe")
    for address in addresses:
        reachable = [port for port in ports if _accepts(address, port)]
        assert reachable == [], f"listening on {address}: {reachable}"
