"""Start and stop Signal PME's processes: action server, Rasa server, web app.

Used by `python -m bot run` (what `make run` calls) and by the live tests.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bot.endpoints_file import write_endpoints
from bot.rasa_cli import action_server_command, rasa_environment
from bot.settings import ROOT, VAR_DIR, Settings, get_settings
from bot.training import MODEL_PATH, train_if_needed


@dataclass
class Stack:
    """The running processes and where to reach them."""

    settings: Settings
    rasa_token: str
    processes: list[subprocess.Popen] = field(default_factory=list)
    # how each server was started ("actions", "rasa", "web"), to start it again
    launchers: dict[str, Callable[[], subprocess.Popen]] = field(default_factory=dict)
    named: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.action_port}"

    @property
    def web_url(self) -> str:
        return f"http://{self.settings.web_host}:{self.settings.web_port}"

    def start_again(self, name: str) -> subprocess.Popen:
        """Start server `name` again as it was started (after it stopped or was stopped);
        return once it answers."""
        old = self.named[name]
        if old.poll() is None:
            old.terminate()
            old.wait(timeout=30)
        process = self.launchers[name]()
        health = {
            "actions": f"{self.action_url}/health",
            "rasa": f"{self.rasa_url}/",
            "web": f"{self.web_url}/",
        }[name]
        wait_until_up(health, 240, process)
        return process

    def stop(self) -> None:
        """Terminate every process (SIGTERM, then SIGKILL after a grace period)."""
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()


def log_tail(log: Path | None, lines: int = 30) -> str:
    """The last lines of a process log, to explain why it stopped."""
    if log is None or not log.exists():
        return ""
    text = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    return "\n" + "\n".join(text)


def wait_until_up(
    url: str, timeout: float, process: subprocess.Popen | None = None, log: Path | None = None
) -> None:
    """Poll `url` until it answers HTTP; raise if the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {process.returncode}{log_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answered
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def rasa_server_command(settings: Settings, endpoints: Path) -> list[str]:
    """The Rasa server command line (`bot/rasa_server.py`), listening on loopback only: its
    API is limited to what the web app needs, and the secret travels in the environment
    (`RASA_TOKEN`), never on this command line that every local user can read."""
    return [
        sys.executable,
        "-m",
        "bot.rasa_server",
        "--interface",
        "127.0.0.1",
        "--port",
        str(settings.rasa_port),
        "--model",
        str(MODEL_PATH),
        "--endpoints",
        str(endpoints),
        "--credentials",
        "credentials.yml",
    ]


class PortInUseError(RuntimeError):
    """A port the stack needs is taken (often: a previous `make run` still running)."""


def ports_in_use(ports: dict[str, int]) -> list[str]:
    """The names of the `ports` on which something already listens."""
    busy = []
    for name, port in ports.items():
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                busy.append(f"{name} ({port})")
    return busy


def start_stack(settings: Settings, with_web: bool = True, log_dir: Path | None = None) -> Stack:
    """Start the action server, the Rasa server and (optionally) the web app."""
    ports = {"ACTION_PORT": settings.action_port, "RASA_PORT": settings.rasa_port}
    if with_web:
        ports["WEB_PORT"] = settings.web_port
    busy = ports_in_use(ports)
    if busy:
        # Otherwise an old server would answer the readiness checks in place of the new one.
        raise PortInUseError(
            "Port(s) déjà utilisé(s) : " + ", ".join(busy) + ". Un autre Signal PME tourne "
            "peut-être encore ; arrêtez-le ou choisissez d'autres ports dans .env."
        )
    token = settings.rasa_token or secrets.token_hex(24)
    stack = Stack(settings, token)
    log_dir = log_dir or VAR_DIR / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    endpoints = write_endpoints(settings, log_dir.parent / "endpoints.generated.yml")
    env = rasa_environment(settings)
    env["RASA_TOKEN"] = token
    env["RASA_URL"] = stack.rasa_url
    # rasa_sdk listens on SANIC_HOST (default 0.0.0.0): keep the action server on loopback.
    env["SANIC_HOST"] = settings.action_host

    def spawn(name: str, command: list[str], **extra_env: str) -> subprocess.Popen:
        def launch() -> subprocess.Popen:
            log = open(log_dir / f"{name}.log", "ab")  # noqa: SIM115 - owned by the process
            process = subprocess.Popen(
                command, cwd=ROOT, env={**env, **extra_env}, stdout=log, stderr=log
            )
            stack.processes.append(process)
            stack.named[name] = process
            return process

        stack.launchers[name] = launch
        return launch()

    try:
        actions = spawn(
            "actions",
            action_server_command(settings.action_port),
            SANIC_WORKERS="1",  # rasa_sdk serves from one process (several: issue 14)
        )
        # Rasa's own variable for its Sanic workers; the action server keeps one process
        rasa = spawn(
            "rasa",
            rasa_server_command(settings, endpoints),
            SANIC_WORKERS=str(settings.rasa_workers),
        )
        wait_until_up(f"{stack.action_url}/health", 120, actions, log_dir / "actions.log")
        wait_until_up(f"{stack.rasa_url}/", 240, rasa, log_dir / "rasa.log")
        if with_web:
            web = spawn("web", [sys.executable, "-m", "bot", "web"])
            wait_until_up(f"{stack.web_url}/", 60, web, log_dir / "web.log")
    except BaseException:
        stack.stop()
        raise
    return stack


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def throwaway_settings(base: Path) -> Settings:
    """Settings with fresh, migrated SQLite databases under `base` and free loopback ports,
    written to this process's environment (DATABASE_URL, TRACKER_DATABASE_URL, ports)."""
    from bot.storage.migrate import upgrade

    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{base / 'sp.db'}",
            "TRACKER_DATABASE_URL": f"sqlite:///{base / 'tracker.db'}",
            "RASA_PORT": str(free_port()),
            "ACTION_PORT": str(free_port()),
        }
    )
    get_settings.cache_clear()
    settings = get_settings()
    upgrade(settings.database_url)
    return settings


@contextmanager
def throwaway_stack(prefix: str = "signalpme-") -> Iterator[Stack]:
    """The action server and Rasa on free loopback ports with fresh SQLite databases.

    For the measurement and probe scripts: nothing under `var/` is touched.
    """
    base = Path(tempfile.mkdtemp(prefix=prefix))
    settings = throwaway_settings(base)
    stack = start_stack(settings, with_web=False, log_dir=base / "logs")
    print(f"stack up, logs in {base / 'logs'}", file=sys.stderr, flush=True)
    try:
        yield stack
    finally:
        stack.stop()


def startup_maintenance(settings: Settings) -> None:
    """Before the servers start: purge what is past retention (a failure is only logged)."""
    from bot.storage.retention import purge_safely

    purge_safely(settings)


def run_all() -> int:
    """`make run`: migrate, purge, train if needed, start everything, print URLs, purge daily,
    send the e-mail outbox every 30 s (when `SMTP_URL` is set), store the testimonies kept
    while the database was down every 30 s, stop on Ctrl-C."""
    from bot.mail.sender import MailSchedule
    from bot.periodic import PeriodicJob
    from bot.storage.kept import KEPT_INTERVAL, store_kept_safely
    from bot.storage.migrate import upgrade
    from bot.storage.retention import PurgeSchedule

    settings = get_settings()
    upgrade()
    startup_maintenance(settings)
    _create_first_admin()
    train_if_needed()
    print("Démarrage des serveurs…", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops the servers like Ctrl-C
    try:
        stack = start_stack(settings)
    except PortInUseError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # start_stack has already stopped what it had started
        print("\nArrêt pendant le démarrage.", flush=True)
        return 0
    print(
        f"\nSignal PME est prêt :\n"
        f"  • chat public       : {stack.web_url}/\n"
        f"  • espace agents     : {stack.web_url}/staff/\n"
        f"  • API REST Rasa     : {stack.rasa_url}/webhooks/rest/webhook\n"
        f"  • serveur d'actions : {stack.action_url}\n"
        f"Journaux dans {VAR_DIR / 'logs'}. Ctrl-C pour tout arrêter.",
        flush=True,
    )
    purge_schedule = PurgeSchedule(settings)
    mail_schedule = MailSchedule(settings)
    kept_schedule = PeriodicJob(settings, KEPT_INTERVAL, time.monotonic, store_kept_safely)
    try:
        while all(p.poll() is None for p in stack.processes):
            purge_schedule.tick()
            mail_schedule.tick()
            kept_schedule.tick()
            time.sleep(1)
        print("Un des serveurs s'est arrêté : arrêt de tous les serveurs.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nArrêt…", flush=True)
        return 0
    finally:
        stack.stop()


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _create_first_admin() -> None:
    """On an empty staff table, create one admin and print its password once."""
    from bot.storage.accounts import ensure_first_admin

    settings = get_settings()
    password = ensure_first_admin(settings)
    if password:
        print(
            f"\nCompte administrateur créé : {settings.staff_admin_email}\n"
            f"Mot de passe (affiché une seule fois) : {password}\n",
            flush=True,
        )
