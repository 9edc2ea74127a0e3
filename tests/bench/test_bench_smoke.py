"""`python -m bench --smoke` keeps working: the yardsticks are generated, the bots (and
Signal PME with two Rasa workers when redis-server is installed) answer whole conversations
without error, every report played is saved, and the results file holds every table (the
figures of a smoke run are not a measurement)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.local_redis import redis_available
from bot.settings import ROOT

pytestmark = pytest.mark.live


def test_the_bench_smoke_run_writes_every_table(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    env = {key: value for key, value in os.environ.items() if key != "BENCH_POSTGRES_URL"}
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    for heading in ("Conversation load", "Footprint", "NLU quality", "Staff pages", "Targets"):
        assert f"## {heading}" in text, heading
    load = [line for line in text.splitlines() if line.startswith("| 1 |")]
    ours = ["signalpme", "signalpme-2w"] if redis_available() else ["signalpme"]
    assert [line.split(" | ")[1] for line in load] == ["stock", "floor", *ours]
    assert all(line.split(" | ")[6] == "0" for line in load), load  # no errors
    played = 3 * len(ours)
    assert f"{played} whole reports played, {played} testimonies saved" in text
    assert "| SQLite | 300 |" in text
    if os.environ.get("TEST_POSTGRES_URL"):
        assert "| PostgreSQL | 300 |" in text
