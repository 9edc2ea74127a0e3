"""`python -m bench` stops at once, with a plain message, when the PostgreSQL database for the
staff pages cannot be used, instead of failing with a traceback after the load rounds."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from sqlalchemy.engine import make_url

from bot.settings import ROOT


def _bench(postgres_url: str) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--postgres", postgres_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return run, time.monotonic() - started


def test_an_unreachable_server_stops_the_bench_before_it_starts() -> None:
    run, seconds = _bench("postgresql+psycopg2://signalpme:signalpme@127.0.0.1:1/nowhere")
    assert run.returncode == 2
    assert "cannot be used" in run.stderr and "BENCH_POSTGRES_URL" in run.stderr
    assert "Traceback" not in run.stderr
    assert "Yardsticks" not in run.stdout
    assert seconds < 60


@pytest.mark.skipif(not os.environ.get("TEST_POSTGRES_URL"), reason="needs PostgreSQL")
def test_a_missing_database_is_named_in_the_message() -> None:
    url = make_url(os.environ["TEST_POSTGRES_URL"]).set(database="signalpme_no_such_db")
    run, _ = _bench(url.render_as_string(hide_password=False))
    assert run.returncode == 2
    assert "signalpme_no_such_db" in run.stderr
    assert "Traceback" not in run.stderr
