"""The yardsticks, generated in a temporary folder: the stock `rasa init --no-prompt` bot,
and the floor bot (the same project with `KeywordIntentClassifier` + `RulePolicy` only:
Rasa with no machine learning)."""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bot.rasa_cli import RASA

FLOOR_CONFIG = """recipe: default.v1
assistant_id: floor
language: en
pipeline:
  - name: KeywordIntentClassifier
policies:
  - name: RulePolicy
"""
# every story of the stock bot as a rule, so that RulePolicy alone answers each message
FLOOR_RULES = {
    "greet": ["utter_greet"],
    "mood_great": ["utter_happy"],
    "mood_unhappy": ["utter_cheer_up", "utter_did_that_help"],
    "affirm": ["utter_happy"],
    "deny": ["utter_goodbye"],
    "goodbye": ["utter_goodbye"],
    "bot_challenge": ["utter_iamabot"],
}
# a 10-message conversation the stock bot was made for (each line is one of its examples)
CONVERSATION = [
    "hello",
    "I am sad",
    "yes",
    "hi",
    "great",
    "hey there",
    "my day was horrible",
    "no",
    "are you a bot?",
    "goodbye",
]


@dataclass(frozen=True)
class Yardstick:
    """A generated bot: its project folder, model and training time."""

    name: str
    folder: Path
    model: Path
    train_seconds: float


def _model_in(folder: Path) -> Path:
    return next((folder / "models").glob("*.tar.gz"))


def make_stock(base: Path) -> Yardstick:
    """`rasa init --no-prompt` (which trains its model), timed."""
    folder = base / "stock"
    folder.mkdir(parents=True)
    start = time.perf_counter()
    subprocess.run(
        [str(RASA), "init", "--no-prompt", "--init-dir", str(folder)],
        cwd=base,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return Yardstick("stock", folder, _model_in(folder), time.perf_counter() - start)


def _floor_rules() -> str:
    lines = ['version: "3.1"', "rules:"]
    for intent, actions in FLOOR_RULES.items():
        lines += [f"- rule: {intent}", "  steps:", f"  - intent: {intent}"]
        lines += [f"  - action: {action}" for action in actions]
    return "\n".join(lines) + "\n"


def make_floor(stock: Yardstick, base: Path) -> Yardstick:
    """The stock project with a keyword classifier and rules only, trained, timed."""
    folder = base / "floor"
    shutil.copytree(stock.folder, folder, ignore=shutil.ignore_patterns("models", ".rasa"))
    (folder / "config.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
    (folder / "data" / "stories.yml").unlink()
    (folder / "data" / "rules.yml").write_text(_floor_rules(), encoding="utf-8")
    start = time.perf_counter()
    subprocess.run(
        [str(RASA), "train", "--out", "models"],
        cwd=folder,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return Yardstick("floor", folder, _model_in(folder), time.perf_counter() - start)
