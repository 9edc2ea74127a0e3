"""`make scale-test` in its short form (issue 14): nginx in front of two Rasa servers and two
action servers, Redis locks, PostgreSQL, the web app; 8 whole reports with one server, with
two (both answer), then with the first killed mid-run: every report saved once, field by
field, none lost."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import ROOT

pytestmark = pytest.mark.live


def test_the_short_scale_test_passes(tmp_path: Path) -> None:
    missing = [p for p in ("nginx", "redis-server") if shutil.which(p) is None]
    if missing or not os.environ.get("SCALE_DATABASE_URL"):
        pytest.skip(f"needs nginx, redis-server and SCALE_DATABASE_URL (missing: {missing})")
    out = tmp_path / "scale.md"
    run = subprocess.run(
        [sys.executable, "-m", "bench.scale", "--short", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    table = out.read_text(encoding="utf-8")
    rows = {
        line.split(" | ")[0].strip("| "): line
        for line in table.splitlines()
        if line.startswith("| ") and not line.startswith("| phase")
    }
    assert set(rows) == {"one Rasa server", "two Rasa servers", "rasa1 killed mid-run"}
    assert "rasa1" in rows["two Rasa servers"] and "rasa2" in rows["two Rasa servers"]
    for row in rows.values():
        assert row.rstrip(" |").endswith("| 0 | 0"), row  # nothing failed, no record problem
