"""Starting the bots under test, timing their first answer, reading their memory."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.local_redis import start_redis
from bot.rasa_cli import RASA
from bot.stack import Stack, free_port, start_stack, throwaway_settings


@dataclass
class RunningBot:
    """A bot answering on `webhook`; its processes, first-answer time, and how it ran."""

    name: str
    webhook: str
    processes: dict[str, int]  # role -> pid ("rasa", "actions")
    first_answer_seconds: float
    how: str
    stop_callbacks: list = field(default_factory=list)
    database_url: str | None = None  # where a Signal PME bot saves its testimonies

    def stop(self) -> None:
        for callback in self.stop_callbacks:
            callback()


def _answers(webhook: str, message: str) -> bool:
    body = json.dumps({"sender": "bench-first-answer", "message": message}).encode()
    request = urllib.request.Request(
        webhook, data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return bool(json.loads(response.read()))
    except (OSError, ValueError, urllib.error.HTTPError):
        return False


def wait_first_answer(webhook: str, message: str, started: float, limit: float = 300) -> float:
    """Seconds from `started` to the first non-empty answer of the bot."""
    while time.perf_counter() - started < limit:
        if _answers(webhook, message):
            return time.perf_counter() - started
        time.sleep(0.2)
    raise TimeoutError(f"{webhook} did not answer within {limit:.0f} s")


def start_yardstick(name: str, folder: Path, model: Path, log_dir: Path, how: str) -> RunningBot:
    """`rasa run` as Rasa ships it (REST channel from the project's credentials, in-memory
    tracker store, one Sanic worker), on a free loopback port."""
    port = free_port()
    log = open(log_dir / f"{name}.log", "ab")  # noqa: SIM115 - owned by the process
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            str(RASA),
            "run",
            "--model",
            str(model),
            "--port",
            str(port),
            "--interface",
            "127.0.0.1",
            "--credentials",
            "credentials.yml",
        ],
        cwd=folder,
        stdout=log,
        stderr=log,
    )
    webhook = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    first = wait_first_answer(webhook, "hello", started)

    def stop() -> None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()

    return RunningBot(name, webhook, {"rasa": process.pid}, first, how, [stop])


def start_signal_pme(base: Path, workers: int = 1) -> RunningBot:
    """The product as `make run` starts it (action server, Rasa with the SQL tracker store,
    the testimonies database), on free ports with fresh SQLite files under `base`. With
    `workers` > 1: that many Sanic workers in the Rasa server, sharing a Redis lock store
    started for the run (`RASA_WORKERS`, `LOCK_STORE_TYPE=redis`)."""
    settings = throwaway_settings(base)
    stop_callbacks = []
    name, how = "signalpme", "python -m bot run (action server, SQL tracker store on SQLite, "
    if workers > 1:
        redis_port = free_port()
        redis = start_redis(redis_port, base / "redis")
        stop_callbacks.append(redis.terminate)
        settings = replace(
            settings, lock_store_type="redis", lock_store_port=redis_port, rasa_workers=workers
        )
        name = f"signalpme-{workers}w"
        how += f"{workers} Sanic workers in the Rasa server, Redis lock store)"
    else:
        how += "one Sanic worker, lock store in memory)"
    started = time.perf_counter()
    stack: Stack = start_stack(settings, with_web=False, log_dir=base / "logs")
    stop_callbacks.insert(0, stack.stop)
    webhook = f"{stack.rasa_url}/webhooks/rest/webhook"
    try:
        first = wait_first_answer(webhook, "bonjour", started)
    except BaseException:
        for callback in stop_callbacks:
            callback()
        raise
    rasa, actions = stack.processes[1], stack.processes[0]
    return RunningBot(
        name,
        webhook,
        {"rasa": rasa.pid, "actions": actions.pid},
        first,
        how,
        stop_callbacks,
        settings.database_url,
    )


def _process_tree(pid: int) -> list[int]:
    """`pid` and its living descendants (forked Sanic workers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo += children.get(current, [])
    return tree


def _memory_kb(pid: int, key: str) -> int:
    """`key` (`Pss:` or `Rss:`) of /proc/PID/smaps_rollup, summed over `pid` and its
    descendants; 0 for a process gone."""
    total = 0
    for current in _process_tree(pid):
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next(
            (int(line.split()[1]) for line in rollup.splitlines() if line.startswith(key)), 0
        )
    return total


def resident_mb(pid: int) -> tuple[float, float]:
    """Memory of `pid` and its descendants, in MB: (proportional set size, resident set
    size). The PSS counts a page shared by n processes 1/n in each, so forked workers that
    share their parent's pages are not counted twice; the RSS counts every resident page of
    each process, shared libraries included (what `ps` and `top` show)."""
    return _memory_kb(pid, "Pss:") / 1024, _memory_kb(pid, "Rss:") / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of `pid` and its living descendants."""
    total = 0
    for current in _process_tree(pid):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")
