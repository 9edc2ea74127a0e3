"""`make scale-test` (`python -m bench.scale`): the production topology on loopback, loaded,
then one Rasa server killed in the middle of a run (issue 14).

Started by the script, with real services from Debian packages:
- nginx in front of the Rasa servers (round robin, no stickiness) and of two action-server
  processes (rasa_sdk serves from one process each);
- a Redis lock store (`redis-server`, locks only);
- PostgreSQL for the testimonies and Rasa's tracker store (`SCALE_DATABASE_URL`, emptied
  first; `service postgresql start` when it does not answer and we are root);
- the web app, its chat proxy pointing at nginx.

Three phases of whole reports through the web app's `/api/chat`, as the widget sends them:
one Rasa server behind nginx, then two (messages spread over both, counted in nginx's
log), then two with the first killed (SIGKILL) once a third of the messages are answered.
A message that gets an error is sent again after a pause, as a person would press
"Réessayer" (counted). After each phase every conversation must have exactly one
testimony, field by field as it was told, and no other testimony may exist.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bot.endpoints_file import write_endpoints
from bot.local_redis import start_redis
from bot.rasa_cli import action_server_command, rasa_environment
from bot.settings import ROOT, Settings, get_settings
from bot.stack import free_port, rasa_server_command, wait_until_up
from tests.live.conversation import asked_slot
from tests.readable_client import plain

DEFAULT_DATABASE = "postgresql+psycopg2://signalpme:signalpme@127.0.0.1:5432/signalpme_scale"
PLATFORMS = [
    ("Amazon", "amazon"),
    ("Cdiscount", "cdiscount"),
    ("eBay", "ebay"),
    ("Rakuten", "rakuten"),
    ("ManoMano", "manomano"),
]
LOCK_LIFETIME_SECONDS = 20  # a lock left by a killed server is free again after this
RETRY_PAUSE_SECONDS = 2.0
MAX_ATTEMPTS = 30  # per message: a stalled lock takes LOCK_LIFETIME_SECONDS to expire


@dataclass(frozen=True)
class Report:
    """One seller's report: what they say, and what their testimony must hold."""

    opening: str
    answers: dict[str, str]
    expected: dict[str, object]


def report(index: int) -> Report:
    """The `index`-th report: platform, share and loss differ from one to the next."""
    name, code = PLATFORMS[index % len(PLATFORMS)]
    share, loss = 10 + index % 80, 1000 + index
    answers = {
        "started_on": "il y a deux semaines",
        "reason_given": "non",
        "notice_given": "non",
        "account_access": "plus du tout",
        "contacted_platform": "non",
        "revenue_share_pct": f"{share} %",
        "estimated_loss_eur": f"{loss} euros",
        "company_size": "je suis seul",
        "sector": "jouets",
        "visibility": "anonyme",
    }
    expected = {
        "platform": code,
        "revenue_share_pct": share,
        "estimated_loss_eur": loss,
        "anonymous": True,
    }
    opening = f"{name} a suspendu mon compte vendeur sans explication"
    return Report(opening, answers, expected)


@dataclass
class Outcome:
    """One conversation as played: its reference, messages, retries, or why it failed."""

    reference: str | None = None
    messages: int = 0
    retries: int = 0
    failure: str | None = None


@dataclass
class Topology:
    """The running processes and where nginx listens."""

    base: Path
    settings: Settings
    rasa_ports: list[int]
    action_ports: list[int]
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.web_port}"

    def stop(self) -> None:
        for name, process in reversed(list(self.processes.items())):
            if process.poll() is None:
                process.send_signal(signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _nginx_conf(topology: Topology, rasa_ports: list[int]) -> str:
    """nginx: the Rasa servers on RASA_PORT, the action servers on ACTION_PORT."""
    prefix = topology.base / "nginx"

    def upstream(name: str, ports: list[int]) -> str:
        servers = "".join(
            f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=30s;\n" for port in ports
        )
        return f"  upstream {name} {{\n{servers}    keepalive 32;\n  }}\n"

    def server(port: int, name: str) -> str:
        return (
            f"  server {{\n    listen 127.0.0.1:{port};\n"
            f"    access_log {prefix}/{name}.log upstreams;\n"
            f"    location / {{\n      proxy_pass http://{name};\n"
            '      proxy_http_version 1.1;\n      proxy_set_header Connection "";\n'
            "      proxy_read_timeout 60s;\n"
            # a server that refuses the connection is skipped (the request was not sent);
            # a request already sent is never sent twice
            "      proxy_next_upstream error timeout;\n    }\n  }\n"
        )

    return (
        f"worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log warn;\n"
        "daemon off;\nevents { worker_connections 1024; }\nhttp {\n"
        f"  client_body_temp_path {prefix}/tmp/body;\n  proxy_temp_path {prefix}/tmp/proxy;\n"
        f"  fastcgi_temp_path {prefix}/tmp/fastcgi;\n  uwsgi_temp_path {prefix}/tmp/uwsgi;\n"
        f"  scgi_temp_path {prefix}/tmp/scgi;\n"
        "  log_format upstreams '$upstream_addr $status';\n"
        + upstream("rasa", rasa_ports)
        + upstream("actions", topology.action_ports)
        + server(topology.settings.rasa_port, "rasa")
        + server(topology.settings.action_port, "actions")
        + "}\n"
    )


def _write_nginx_conf(topology: Topology, rasa_ports: list[int]) -> Path:
    prefix = topology.base / "nginx"
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    (prefix / "tmp").chmod(0o777)  # nginx's workers run as `nobody` when started by root
    conf = prefix / "nginx.conf"
    conf.write_text(_nginx_conf(topology, rasa_ports))
    return conf


def use_rasa_servers(topology: Topology, count: int) -> None:
    """Point nginx at the first `count` Rasa servers (configuration reloaded in place)."""
    _write_nginx_conf(topology, topology.rasa_ports[:count])
    topology.processes["nginx"].send_signal(signal.SIGHUP)
    time.sleep(1.5)  # old workers finish, new ones take the new upstreams


def _database_answers(url: str) -> bool:
    from sqlalchemy import create_engine, text

    engine = create_engine(url, pool_pre_ping=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
    finally:
        engine.dispose()


def prepare_database(url: str) -> None:
    """Start PostgreSQL if needed (root), then empty both schemas of the scale database."""
    if not _database_answers(url):
        if os.geteuid() == 0:
            subprocess.run(["service", "postgresql", "start"], check=False, capture_output=True)
            time.sleep(3)
        if not _database_answers(url):
            raise SystemExit(
                f"PostgreSQL ne répond pas à {url} : installez-le (apt-get install "
                "postgresql), créez la base (voir .ci/run) ou donnez SCALE_DATABASE_URL."
            )
    from sqlalchemy import create_engine, text

    from bot.storage.migrate import downgrade, upgrade

    downgrade(url)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS events"))
    engine.dispose()
    upgrade(url)


def start_topology(base: Path, database_url: str, rasa_servers: int = 2) -> Topology:
    """Everything of the module docstring, on free loopback ports; nginx sends to all the
    Rasa servers."""
    redis_port = free_port()
    os.environ.update(
        {
            "DATABASE_URL": database_url,
            "TRACKER_DATABASE_URL": database_url,
            "LOCK_STORE_TYPE": "redis",
            "LOCK_STORE_PORT": str(redis_port),
            "RASA_PORT": str(free_port()),  # nginx, for the Rasa servers
            "ACTION_PORT": str(free_port()),  # nginx, for the action servers
            "WEB_PORT": str(free_port()),
            "WEB_HOST": "127.0.0.1",
            "RASA_URL": "",
            "RASA_TOKEN": secrets.token_hex(24),  # shared by the web app and every server
            "SECRET_KEY": secrets.token_hex(24),
            "SIGNALPME_VAR_DIR": str(base / "var"),
            "CHAT_LIMIT_PER_CONVERSATION": "1000/minute",
            "CHAT_LIMIT_PER_CLIENT": "100000/minute",  # every seller is 127.0.0.1 here
            "TICKET_LOCK_LIFETIME": str(LOCK_LIFETIME_SECONDS),
        }
    )
    get_settings.cache_clear()
    settings = get_settings()
    topology = Topology(
        base,
        settings,
        rasa_ports=[free_port() for _ in range(rasa_servers)],
        action_ports=[free_port(), free_port()],
    )
    logs = base / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    endpoints = write_endpoints(settings, base / "endpoints.yml")
    env = rasa_environment(settings)
    env.update({"RASA_URL": settings.rasa_url, "SANIC_HOST": "127.0.0.1"})

    def spawn(name: str, command: list[str], **extra: str) -> subprocess.Popen:
        log = open(logs / f"{name}.log", "ab")  # noqa: SIM115 - owned by the process
        process = subprocess.Popen(command, cwd=ROOT, env={**env, **extra}, stdout=log, stderr=log)
        topology.processes[name] = process
        return process

    try:
        topology.processes["redis"] = start_redis(redis_port, base / "redis")
        for index, port in enumerate(topology.action_ports, 1):
            spawn(
                f"actions{index}",
                action_server_command(port),
                SANIC_WORKERS="1",
            )
        for index, port in enumerate(topology.rasa_ports, 1):
            command = rasa_server_command(settings, endpoints)
            command[command.index("--port") + 1] = str(port)
            spawn(f"rasa{index}", command, SANIC_WORKERS="1")
        conf = _write_nginx_conf(topology, topology.rasa_ports)
        spawn("nginx", ["nginx", "-p", str(base / "nginx"), "-c", str(conf)])
        spawn("web", [sys.executable, "-m", "bot", "web"])
        for index, port in enumerate(topology.action_ports, 1):
            wait_until_up(
                f"http://127.0.0.1:{port}/health", 120, topology.processes[f"actions{index}"]
            )
        for index, port in enumerate(topology.rasa_ports, 1):
            wait_until_up(f"http://127.0.0.1:{port}/", 300, topology.processes[f"rasa{index}"])
        wait_until_up(f"{settings.rasa_url}/", 30, topology.processes["nginx"])
        wait_until_up(f"{topology.web_url}/", 60, topology.processes["web"])
    except BaseException:
        topology.stop()
        raise
    return topology


async def _say(
    session: aiohttp.ClientSession, url: str, secret: str, text: str, outcome: Outcome
) -> list[dict]:
    """One message through the web app, sent again after an error as a person would."""
    for attempt in range(MAX_ATTEMPTS):
        try:
            async with session.post(url, json={"secret": secret, "message": text}) as answer:
                body = await answer.json(content_type=None)
                if answer.status == 200 and isinstance(body, list) and body:
                    outcome.messages += 1
                    return body
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            pass
        if attempt + 1 < MAX_ATTEMPTS:
            outcome.retries += 1
            await asyncio.sleep(RETRY_PAUSE_SECONDS)
    raise RuntimeError(f"no answer to {text!r} after {MAX_ATTEMPTS} attempts")


def _texts(messages: list[dict]) -> str:
    return "\n".join(plain(m.get("text") or "") for m in messages)


async def _play(session: aiohttp.ClientSession, web_url: str, seller: Report) -> Outcome:
    outcome, secret, url = Outcome(), secrets.token_hex(32), f"{web_url}/api/chat"
    try:
        reply = await _say(session, url, secret, seller.opening, outcome)
        for _ in range(40):
            if "récapitulatif" in _texts(reply):
                break
            slot = asked_slot(reply)
            if slot is None:
                raise RuntimeError(f"unexpected question: {_texts(reply)[:200]!r}")
            reply = await _say(session, url, secret, seller.answers.get(slot, "passer"), outcome)
        reply = await _say(session, url, secret, "/affirm", outcome)
        found = re.search(r"SP-\d{4}-\d{6,}", _texts(reply))
        if found is None:
            raise RuntimeError(f"no reference after confirming: {_texts(reply)[:200]!r}")
        outcome.reference = found.group(0)
    except Exception as error:  # reported with the phase's figures
        outcome.failure = str(error)
    return outcome


async def _phase(
    web_url: str, sellers: list[Report], concurrency: int, on_progress=None
) -> tuple[list[Outcome], float]:
    timeout = aiohttp.ClientTimeout(total=90)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        gate = asyncio.Semaphore(concurrency)
        outcomes: list[Outcome] = []

        async def one(seller: Report) -> Outcome:
            async with gate:
                return await _play(session, web_url, seller)

        start = time.perf_counter()
        tasks = [asyncio.ensure_future(one(seller)) for seller in sellers]
        if on_progress is not None:
            tasks.append(asyncio.ensure_future(on_progress()))
        results = await asyncio.gather(*tasks)
        outcomes = [r for r in results if isinstance(r, Outcome)]
        return outcomes, time.perf_counter() - start


@dataclass
class PhaseResult:
    """What one phase measured and checked."""

    name: str
    conversations: int
    messages: int
    seconds: float
    retries: int
    failures: list[str]
    record_problems: list[str]
    upstreams: Counter

    @property
    def messages_per_second(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0


def _stored_references(database_url: str) -> set[str]:
    from bot.export import export_records

    return {r["reference"] for r in export_records(None, url=database_url)}


def check_records(
    database_url: str, sellers: list[Report], outcomes: list[Outcome], before: set[str]
) -> list[str]:
    """Every conversation has its own testimony, field by field; nothing else was stored
    since `before` (the references stored when the phase began)."""
    from bot.export import export_records

    records = [r for r in export_records(None, url=database_url) if r["reference"] not in before]
    by_reference = Counter(r["reference"] for r in records)
    problems = [f"{ref} stored {n} times" for ref, n in by_reference.items() if n > 1]
    stored = {r["reference"]: r for r in records}
    references = [o.reference for o in outcomes if o.reference]
    if len(set(references)) != len(references):
        problems.append("two conversations were given the same reference")
    if len(records) != len(references):
        problems.append(f"{len(records)} testimonies stored for {len(references)} references given")
    for seller, outcome in zip(sellers, outcomes, strict=True):
        record = stored.get(outcome.reference or "")
        if record is None:
            problems.append(f"no testimony for {outcome.reference or 'a failed conversation'}")
            continue
        for name, value in seller.expected.items():
            if record.get(name) != value:
                problems.append(
                    f"{outcome.reference}: {name} is {record.get(name)!r}, not {value!r}"
                )
        if "account_suspension" not in (record.get("problems") or []):
            problems.append(f"{outcome.reference}: problems {record.get('problems')!r}")
    return problems


def _upstream_counts(topology: Topology, since: int) -> tuple[Counter, int]:
    """Answers per Rasa server in nginx's log after byte `since`; the log's new size."""
    log = topology.base / "nginx" / "rasa.log"
    if not log.exists():
        return Counter(), since
    data = log.read_bytes()
    counts: Counter = Counter()
    for line in data[since:].decode(errors="replace").splitlines():
        parts = line.split()
        if parts:
            for address in parts[0].split(","):  # a retried request lists every server tried
                counts[address.strip()] += 1
    return counts, len(data)


def run_phase(
    topology: Topology,
    name: str,
    sellers: list[Report],
    concurrency: int,
    kill_after_messages: int | None = None,
) -> PhaseResult:
    """One phase; with `kill_after_messages`, the first Rasa server is killed (SIGKILL) once
    that many messages have been answered through nginx."""
    before = _stored_references(topology.settings.database_url)
    _, log_start = _upstream_counts(topology, 0)
    progress = None
    if kill_after_messages is not None:

        async def progress() -> None:
            while True:
                counts, _ = _upstream_counts(topology, log_start)
                if sum(counts.values()) >= kill_after_messages:
                    topology.processes["rasa1"].kill()
                    print(f"    rasa1 killed after {sum(counts.values())} messages", flush=True)
                    return
                await asyncio.sleep(0.2)

    outcomes, seconds = asyncio.run(_phase(topology.web_url, sellers, concurrency, progress))
    counts, _ = _upstream_counts(topology, log_start)
    return PhaseResult(
        name=name,
        conversations=len(sellers),
        messages=sum(o.messages for o in outcomes),
        seconds=seconds,
        retries=sum(o.retries for o in outcomes),
        failures=[o.failure for o in outcomes if o.failure],
        record_problems=check_records(topology.settings.database_url, sellers, outcomes, before),
        upstreams=counts,
    )


def render(results: list[PhaseResult], topology: Topology, cores: int) -> str:
    """The results as Markdown."""
    port_names = {f"127.0.0.1:{p}": f"rasa{i}" for i, p in enumerate(topology.rasa_ports, 1)}
    lines = [
        "| phase | conversations | messages | msg/s | answered by | retries | failed | "
        "record problems |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        spread = ", ".join(
            f"{port_names.get(address, address)} {count}"
            for address, count in sorted(r.upstreams.items())
        )
        lines.append(
            f"| {r.name} | {r.conversations} | {r.messages} | {r.messages_per_second:.1f} | "
            f"{spread} | {r.retries} | {len(r.failures)} | {len(r.record_problems)} |"
        )
    one = next((r for r in results if r.name == "one Rasa server"), None)
    two = next((r for r in results if r.name == "two Rasa servers"), None)
    if one and two and one.messages_per_second:
        lines += [
            "",
            f"Two servers ÷ one: {two.messages_per_second / one.messages_per_second:.2f}× "
            f"on {cores} cores (goal 1.7× where the cores allow).",
        ]
    return "\n".join(lines)


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.scale")
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--short", action="store_true", help="CI: 8 conversations")
    parser.add_argument(
        "--database", default=os.environ.get("SCALE_DATABASE_URL") or DEFAULT_DATABASE
    )
    parser.add_argument("--out", type=Path, default=None, help="also write the table here")
    args = parser.parse_args(argv)
    if args.short:
        args.conversations = 8
    return args


def main(argv: list[str] | None = None) -> int:
    args = _arguments(sys.argv[1:] if argv is None else argv)
    for program in ("nginx", "redis-server"):
        if shutil.which(program) is None:
            print(
                f"{program} est introuvable : apt-get install nginx redis-server", file=sys.stderr
            )
            return 2
    prepare_database(args.database)
    base = Path(tempfile.mkdtemp(prefix="signalpme-scale-"))
    base.chmod(0o755)
    sellers = [report(index) for index in range(args.conversations)]
    concurrency = args.conversations
    print(f"Starting the topology in {base}…", flush=True)
    topology = start_topology(base, args.database)
    results: list[PhaseResult] = []
    try:
        use_rasa_servers(topology, 1)
        print("Phase 1: one Rasa server", flush=True)
        results.append(run_phase(topology, "one Rasa server", sellers, concurrency))
        use_rasa_servers(topology, 2)
        print("Phase 2: two Rasa servers", flush=True)
        results.append(run_phase(topology, "two Rasa servers", sellers, concurrency))
        print("Phase 3: two Rasa servers, the first killed mid-run", flush=True)
        total = sum(r.messages for r in results[-1:]) or 13 * len(sellers)
        results.append(
            run_phase(
                topology,
                "rasa1 killed mid-run",
                sellers,
                concurrency,
                kill_after_messages=total // 3,
            )
        )
    finally:
        topology.stop()
    text = render(results, topology, os.cpu_count() or 1)
    print(text)
    for r in results:
        for problem in r.failures + r.record_problems:
            print(f"  {r.name}: {problem}")
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    ok = all(not r.failures and not r.record_problems for r in results)
    both_answered = len(results[1].upstreams) >= 2  # phase 2 spread over the two servers
    if ok and both_answered and results[-1].upstreams:
        print(f"Scale test passed; logs in {base / 'logs'}")
        return 0
    print(f"Scale test FAILED; logs in {base / 'logs'}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
