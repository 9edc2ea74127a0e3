"""Stopping and starting the real services of this machine for the fault tests (root only,
as in CI): PostgreSQL through its Debian service."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest


def require_root_services() -> None:
    """Skip unless this test may stop and start the machine's services."""
    if os.geteuid() != 0 or shutil.which("service") is None:
        pytest.skip("stopping real services needs root and `service` (CI runs as root)")


def postgresql(action: str) -> None:
    """`service postgresql stop|start`; after a start, wait until it accepts connections."""
    subprocess.run(["service", "postgresql", action], check=True, capture_output=True)
    if action != "start":
        return
    for _ in range(60):
        ready = subprocess.run(["su", "postgres", "-c", "pg_isready -q"], check=False)
        if ready.returncode == 0:
            return
        time.sleep(0.5)
    raise TimeoutError("PostgreSQL did not come back within 30 s")
