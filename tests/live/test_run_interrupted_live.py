"""Ctrl-C while `make run` is still starting the servers: it stops at once, cleanly (no
traceback for the person at the terminal) and leaves no server behind on its ports."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from bot.settings import ROOT
from bot.stack import free_port

pytestmark = pytest.mark.live


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_ctrl_c_during_start_up_stops_everything_without_a_traceback() -> None:
    base = Path(tempfile.mkdtemp(prefix="signalpme-interrupt-"))
    ports = {name: free_port() for name in ("RASA_PORT", "ACTION_PORT", "WEB_PORT")}
    env = {**os.environ, "SIGNALPME_VAR_DIR": str(base), **{k: str(v) for k, v in ports.items()}}
    env.pop("DATABASE_URL", None)
    env.pop("TRACKER_DATABASE_URL", None)
    output = base / "output.txt"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.time() + 120
        while "Démarrage des serveurs" not in output.read_text(encoding="utf-8"):
            assert process.poll() is None and time.time() < deadline, output.read_text()
            time.sleep(0.2)
        time.sleep(2)  # the action server and Rasa are loading
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
    printed = output.read_text(encoding="utf-8")
    assert "Traceback" not in printed, printed[-3000:]
    assert "Arrêt" in printed
    time.sleep(1)
    assert all(_port_is_free(port) for port in ports.values())
