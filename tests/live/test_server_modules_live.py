"""The running Rasa server keeps jax out of its memory (bot/unused_modules.py): TensorFlow
tries to import it for a converter the server never uses, and would load 71 MB."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.live_stack import LiveStack

pytestmark = pytest.mark.live


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split()
            todo.extend(int(child) for child in children)
    return found


def test_the_rasa_server_answers_without_loading_jax(live_stack: LiveStack) -> None:
    sender = live_stack.new_sender()
    assert live_stack.say(sender, "Amazon a suspendu mon compte"), "the server answers"
    rasa = live_stack.stack.named["rasa"].pid
    maps = [Path(f"/proc/{pid}/maps").read_text() for pid in _tree(rasa)]
    assert any("tensorflow" in text for text in maps), "the check reads the server's maps"
    assert not any("jaxlib" in text for text in maps)
