"""Simulated sellers completing whole reports through Rasa's REST webhook, in parallel.

Usage: .venv/bin/python scripts/measure_conversations.py [CONCURRENCY ...]
Starts the action server and the Rasa server on free loopback ports with throw-away SQLite
databases, runs CONCURRENCY conversations at a time (default 1 and 10), prints per-message
latency percentiles, messages per second and errors. Bounded: 3 rounds per level.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.conversations import REPORTS  # noqa: E402 - after the path

REPORT = REPORTS[0]  # the report `make bench` plays first (bench/conversations.py)
ROUNDS = 3


def _say(url: str, sender: str, text: str) -> float:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        if not json.loads(response.read()):
            raise RuntimeError(f"no answer to {text!r}")
    return time.perf_counter() - start


def _conversation(url: str) -> tuple[list[float], int]:
    sender, latencies, errors = uuid.uuid4().hex, [], 0
    for text in REPORT:
        try:
            latencies.append(_say(url, sender, text))
        except Exception:  # counted, the run goes on
            errors += 1
    return latencies, errors


def measure(url: str, concurrency: int) -> str:
    latencies: list[float] = []
    errors, elapsed = 0, 0.0
    for _ in range(ROUNDS):
        start = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            results = list(pool.map(lambda _: _conversation(url), range(concurrency)))
        elapsed += time.perf_counter() - start
        for lat, err in results:
            latencies += lat
            errors += err
    q = statistics.quantiles(latencies, n=100)
    return (
        f"| {concurrency} | {len(latencies)} | {q[49] * 1000:.0f} | {q[94] * 1000:.0f} | "
        f"{q[98] * 1000:.0f} | {len(latencies) / elapsed:.1f} | {errors} |"
    )


def main(levels: list[int]) -> int:
    from bot.stack import throwaway_stack

    with throwaway_stack("signalpme-measure-") as stack:
        url = f"{stack.rasa_url}/webhooks/rest/webhook"
        print("| concurrent conversations | messages | p50 ms | p95 ms | p99 ms | msg/s | errors |")
        print("|---|---|---|---|---|---|---|")
        for level in levels:
            print(measure(url, level), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or [1, 10]))
