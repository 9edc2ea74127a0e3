"""Rasa's command line for this project imports skops before Rasa (a 9 s start otherwise)."""

from __future__ import annotations

import subprocess
import sys

from bot.settings import ROOT

_ORDER = (
    "import sys, bot.rasa_entry; names = list(sys.modules); "
    "print(names.index('skops.io') < names.index('rasa.cli'))"
)


def test_skops_is_loaded_before_rasa() -> None:
    answer = subprocess.run(
        [sys.executable, "-c", _ORDER], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert answer.stdout.split() == ["True"], answer.stderr[-2000:]


def test_the_command_line_is_rasas() -> None:
    answer = subprocess.run(
        [sys.executable, "-m", "bot.rasa_entry", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert answer.returncode == 0
    assert "Rasa Version" in answer.stdout and "3.6.21" in answer.stdout
