"""The `rasa` executable of this virtualenv and the environment its processes run with."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.settings import ROOT, Settings, get_settings

BIN = Path(sys.executable).parent
RASA = BIN / "rasa"


def rasa_environment(settings: Settings) -> dict[str, str]:
    """Environment for Rasa processes and the action server."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": settings.database_url,
            "TRACKER_DATABASE_URL": settings.tracker_database_url,
        }
    )
    return env


def run_rasa(args: list[str]) -> int:
    """Run `rasa ARGS…` from the repository root with the environment endpoints.yml needs."""
    return subprocess.run(
        [str(RASA), *args], cwd=ROOT, env=rasa_environment(get_settings())
    ).returncode
