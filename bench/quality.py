"""NLU quality beside the speed figures, so that a speed-up that costs understanding shows:
held-out intent accuracy (the production model on `tests/nlu/heldout.yml`) and, in the full
run, 5-fold cross-validation F1 on `data/nlu`. Also the training time from scratch."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

from bot.rasa_cli import RASA_COMMAND, rasa_environment
from bot.settings import ROOT, get_settings
from bot.training import MODEL_PATH


def _rasa(args: list[str], cache: Path | None = None) -> None:
    env = rasa_environment(get_settings())
    if cache is not None:
        env["RASA_CACHE_DIRECTORY"] = str(cache)  # an empty cache: training from scratch
    subprocess.run(
        [*RASA_COMMAND, *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _intent_report(folder: Path) -> dict:
    return json.loads((folder / "intent_report.json").read_text(encoding="utf-8"))


def heldout(out: Path) -> tuple[float, float]:
    """Held-out intent accuracy and weighted F1 of the production model."""
    nlu = str(ROOT / "tests" / "nlu" / "heldout.yml")
    _rasa(["test", "nlu", "--model", str(MODEL_PATH), "--nlu", nlu, "--out", str(out)])
    report = _intent_report(out)
    return report["accuracy"], report["weighted avg"]["f1-score"]


def cross_validation(out: Path, folds: int = 5) -> float:
    """Weighted intent F1 over `folds` folds of `data/nlu`."""
    nlu = str(ROOT / "data" / "nlu")
    _rasa(
        [
            "test",
            "nlu",
            "--nlu",
            nlu,
            "--cross-validation",
            "--folds",
            str(folds),
            "--out",
            str(out),
        ]
    )
    return _intent_report(out)["weighted avg"]["f1-score"]


def training_seconds(out: Path) -> float:
    """Seconds `rasa train` takes for this project with an empty cache."""
    cache = out / "cache"
    cache.mkdir(parents=True)
    start = time.perf_counter()
    _rasa(["train", "--out", str(out), "--fixed-model-name", "bench"], cache=cache)
    return time.perf_counter() - start


def cores() -> int:
    """CPU cores this process may use."""
    return len(os.sched_getaffinity(0))
