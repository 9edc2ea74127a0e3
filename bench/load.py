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
    error_kinds: tuple[str, ...]  # what each error was: "HTTP 500", "empty answer"…
    elapsed: float
    conversations: int

    @property
    def errors(self) -> int:
        return len(self.error_kinds)

    @property
    def messages_per_second(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile_ms(self, percent: int) -> float:
        """The `percent`-th percentile of the latencies, in milliseconds."""
        if len(self.latencies) < 2:
            return (self.latencies[0] if self.latencies else 0.0) * 1000
        return statistics.quantiles(self.latencies, n=100)[percent - 1] * 1000


async def _conversation(
    session: aiohttp.ClientSession, url: str, messages: list[str], prefix: str, silent_ok: bool
) -> tuple[list[float], list[str]]:
    sender, latencies, errors = f"{prefix}{uuid.uuid4().hex}", [], []
    for text in messages:
        start = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": text}) as answer:
                body = await answer.json(content_type=None)
                if answer.status != 200:
                    errors.append(f"HTTP {answer.status}")
                    continue
                if not body and not silent_ok:
                    errors.append("empty answer")
                    continue
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            errors.append(type(error).__name__)
            continue
        latencies.append(time.perf_counter() - start)
    return latencies, errors


async def _round(
    url: str, conversations: list[list[str]], concurrency: int, prefix: str, silent_ok: bool
):
    timeout = aiohttp.ClientTimeout(total=120)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        gate = asyncio.Semaphore(concurrency)

        async def one(messages: list[str]) -> tuple[list[float], list[str]]:
            async with gate:
                return await _conversation(session, url, messages, prefix, silent_ok)

        start = time.perf_counter()
        results = await asyncio.gather(*(one(m) for m in conversations))
        elapsed = time.perf_counter() - start
    latencies = [lat for result in results for lat in result[0]]
    kinds = tuple(kind for result in results for kind in result[1])
    return LoadResult(latencies, kinds, elapsed, len(conversations))


def run_round(
    url: str,
    conversations: list[list[str]],
    concurrency: int,
    prefix: str = "",
    silent_ok: bool = False,
) -> LoadResult:
    """Play `conversations`, `concurrency` at a time, against the webhook `url`. With
    `silent_ok`, an empty answer (HTTP 200, no message) counts as answered, not as an error:
    the stock bot's policies, trained without a fixed seed, sometimes predict no utterance
    for a turn of its own conversation; ours must always answer."""
    return asyncio.run(_round(url, conversations, concurrency, prefix, silent_ok))
