"""Rasa's debug-log copies (bot/rasa_plugins/debug_copies.py): made only when debug logging
is on, and every use of `copy` in the patched modules is such a copy."""

from __future__ import annotations

import ast
import importlib
import inspect
import logging

import pytest

from bot.rasa_plugins import debug_copies


@pytest.mark.parametrize("name", debug_copies.MODULES)
def test_every_copy_in_the_module_is_an_argument_of_a_debug_log_call(name: str) -> None:
    tree = ast.parse(inspect.getsource(importlib.import_module(name)))
    logged, all_uses = set(), set()
    for node in ast.walk(tree):
        is_name = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
        if is_name and node.value.id == "copy":
            all_uses.add(id(node))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "debug"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "structlogger"
        ):
            for keyword in node.keywords:
                value = keyword.value
                is_call = isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
                if is_call and value.func.attr == "deepcopy":
                    logged.add(id(value.func))
    assert all_uses, "the module still uses copy"
    assert all_uses == logged


def test_a_copy_only_when_the_module_logs_at_debug_level() -> None:
    debug_copies.install()
    processor = importlib.import_module("rasa.core.processor")
    logger = logging.getLogger("rasa.core.processor")
    value = {"events": [{"event": "user", "text": "bonjour"}]}
    before = logger.level
    try:
        logger.setLevel(logging.INFO)
        assert processor.copy.deepcopy(value) is value
        logger.setLevel(logging.DEBUG)
        copied = processor.copy.deepcopy(value)
        assert copied == value and copied is not value
        assert copied["events"][0] is not value["events"][0]
    finally:
        logger.setLevel(before)
    assert processor.copy.copy is __import__("copy").copy
