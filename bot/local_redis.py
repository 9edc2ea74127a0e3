"""A Redis server for one run on loopback (`make bench`, `make scale-test`, live tests):
Rasa's lock store when several Rasa workers or servers share conversations."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

REDIS_SERVER = "redis-server"


def redis_available() -> bool:
    """Whether `redis-server` is installed (Debian package `redis-server`)."""
    return shutil.which(REDIS_SERVER) is not None


def start_redis(port: int, directory: Path) -> subprocess.Popen:
    """`redis-server` on 127.0.0.1:`port`, nothing written to disk (locks only), its log in
    `directory`; returns once it accepts connections."""
    if not redis_available():
        raise RuntimeError("redis-server est introuvable : apt-get install redis-server")
    directory.mkdir(parents=True, exist_ok=True)
    log = open(directory / "redis.log", "ab")  # noqa: SIM115 - owned by the process
    process = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", str(directory),
        ],
        stdout=log,
        stderr=log,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server stopped at start (see {directory / 'redis.log'})")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.1)
    process.kill()
    raise TimeoutError("redis-server did not accept connections within 20 s")
