"""The load tool: whole conversations through Rasa's REST webhook, a number of them at a
time, each message sent when the answer to the one before has come (no think time)."""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from dataclasses import dataclass

import aiohttp


@dataclass(frozen=True)
class LoadResult:
    """One round: every message's latency (seconds), errors, wall time."""

    latencies: list[float]
    errors: int
    elapsed: float
    conversations: int

    @property
    def messages_per_second(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile_ms(self, percent: int) -> float:
        """The `percent`-th percentile of the latencies, in milliseconds."""
        if len(self.latencies) < 2:
            return (self.latencies[0] if self.latencies else 0.0) * 1000
        return statistics.quantiles(self.latencies, n=100)[percent - 1] * 1000


async def _conversation(
    session: aiohttp.ClientSession, url: str, messages: list[str], prefix: str
) -> tuple[list[float], int]:
    sender, latencies, errors = f"{prefix}{uuid.uuid4().hex}", [], 0
    for text in messages:
        start = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": text}) as answer:
                body = await answer.json(content_type=None)
                if answer.status != 200 or not body:
                    errors += 1
                    continue
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            errors += 1
            continue
        latencies.append(time.perf_counter() - start)
    return latencies, errors


async def _round(url: str, conversations: list[list[str]], concurrency: int, prefix: str):
    timeout = aiohttp.ClientTimeout(total=120)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        gate = asyncio.Semaphore(concurrency)

        async def one(messages: list[str]) -> tuple[list[float], int]:
            async with gate:
                return await _conversation(session, url, messages, prefix)

        start = time.perf_counter()
        results = await asyncio.gather(*(one(m) for m in conversations))
        elapsed = time.perf_counter() - start
    latencies = [lat for result in results for lat in result[0]]
    return LoadResult(latencies, sum(r[1] for r in results), elapsed, len(conversations))


def run_round(
    url: str, conversations: list[list[str]], concurrency: int, prefix: str = ""
) -> LoadResult:
    """Play `conversations`, `concurrency` at a time, against the webhook `url`."""
    return asyncio.run(_round(url, conversations, concurrency, prefix))
