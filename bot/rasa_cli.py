"""The `rasa` executable of this virtualenv and the environment its processes run with."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.settings import ROOT, Settings, get_settings

BIN = Path(sys.executable).parent
RASA = BIN / "rasa"
"""Rasa's executable as shipped (the yardstick bots of `make bench` run it)."""
RASA_COMMAND = [sys.executable, "-m", "bot.rasa_entry"]
"""Rasa's command line for this project: the same, with `skops` imported first."""


def action_server_command(port: int) -> list[str]:
    """The action server serving `actions/` on `port`: rasa_sdk's own entry point, which
    `rasa run actions` calls after importing all of Rasa (TensorFlow included). Measured
    (docs/measurements.md): up in 1.4 s instead of 2.2, 74 MB instead of 152 (PSS)."""
    return [sys.executable, "-m", "rasa_sdk", "--port", str(port), "--actions", "actions"]


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
        [*RASA_COMMAND, *args], cwd=ROOT, env=rasa_environment(get_settings())
    ).returncode
