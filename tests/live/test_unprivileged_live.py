"""The servers run as an unprivileged user (issue 12, item 9): `python -m bot run` started
as a system account that owns nothing but its own data folder (`SIGNALPME_VAR_DIR`), with no
home directory, answers a chat message through the web app, and writes only there."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from bot.settings import ROOT
from bot.stack import free_port

pytestmark = pytest.mark.live
USER = "signalpme-ci"


def _system_user() -> pwd.struct_passwd:
    """The unprivileged account of this test, created once (no home, no login shell)."""
    try:
        return pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER],
            check=True,
        )
        return pwd.getpwnam(USER)


def _chat(web_url: str, message: str) -> list[dict]:
    body = json.dumps({"secret": "ab" * 32, "message": message}).encode()
    request = urllib.request.Request(
        f"{web_url}/api/chat", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _wait_until_ready(output: Path, process: subprocess.Popen, seconds: float = 300) -> None:
    """Wait for the line `make run` prints once every server answers (not just the web app:
    stopping the stack before it said so would test an interrupted start)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        text = output.read_text(encoding="utf-8", errors="replace")
        assert process.poll() is None, f"the stack stopped while starting:\n{text[-3000:]}"
        if "Signal PME est prêt" in text:
            return
        time.sleep(1)
    raise TimeoutError(output.read_text(encoding="utf-8", errors="replace")[-3000:])


def test_the_servers_run_as_an_unprivileged_user() -> None:
    if os.geteuid() != 0 or shutil.which("useradd") is None:
        pytest.skip("switching to another user needs root (CI runs as root)")
    account = _system_user()
    reachable = subprocess.run(
        ["runuser", "-u", USER, "--", sys.executable, "-c", "import bot"],
        cwd=ROOT,
        capture_output=True,
    )
    if reachable.returncode != 0:
        # e.g. a pyenv interpreter inside root's private home: .ci/run opens that path
        pytest.skip(f"{USER} cannot run {sys.executable}: {reachable.stderr[-200:]!r}")
    base = Path(tempfile.mkdtemp(prefix="signalpme-user-"))
    base.chmod(0o755)
    var = base / "var"
    var.mkdir()
    os.chown(var, account.pw_uid, account.pw_gid)
    web_port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": "/nonexistent",  # a system account has no home to write in
        "SIGNALPME_VAR_DIR": str(var),
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "WEB_PORT": str(web_port),
    }
    output = base / "output.txt"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=ROOT,
            env=env,
            user=account.pw_uid,
            group=account.pw_gid,
            extra_groups=[],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        web_url = f"http://127.0.0.1:{web_port}"
        _wait_until_ready(output, process)
        answer = _chat(web_url, "Bonjour, Amazon a suspendu mon compte vendeur")
        assert answer and any(m.get("text") for m in answer)
        status = Path(f"/proc/{process.pid}/status").read_text()
        uid_line = next(line for line in status.splitlines() if line.startswith("Uid:"))
        assert uid_line.split()[1] == str(account.pw_uid)
        written = [p for p in var.rglob("*") if p.is_file()]
        assert {p.name for p in written} >= {"signalpme.db", "tracker.db", "secret_key"}
        assert all(p.stat().st_uid == account.pw_uid for p in written)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        printed = output.read_text(encoding="utf-8", errors="replace")
        shutil.rmtree(base, ignore_errors=True)
    assert "Traceback" not in printed, printed[-3000:]
