"""Rasa's graphs run node after node (bot/rasa_plugins/graph_run.py) give what dask gives:
the trained model's understanding of messages and its next actions, and the runner's
contract on inputs, targets and errors."""

from __future__ import annotations

import pytest
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphSchema, SchemaNode
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_plugins import graph_run
from bot.training import MODEL_PATH
from tests.async_run import run_async

MESSAGES = [
    "bonjour",
    "Amazon a suspendu mon compte vendeur sans prévenir",
    "cdiscount me retient 4 300 € depuis le 3 mars",
    "je prefere rester anonyme",
    "😡😡 <b>rien</b> ' OR 1=1 --",
    "ok",
]


@pytest.fixture(scope="module")
def agent() -> Agent:
    if not MODEL_PATH.exists():
        pytest.fail(f"no trained model at {MODEL_PATH}: `make train` first")
    return Agent.load(str(MODEL_PATH))


def _both(agent: Agent, call):  # noqa: ANN001, ANN202 - a callable of the processor
    runner = type(agent.processor.graph_runner)
    try:
        runner.run = graph_run.RASA_RUN
        by_dask = call()
        runner.run = graph_run.run
        in_order = call()
    finally:
        runner.run = graph_run.RASA_RUN
    return by_dask, in_order


@pytest.mark.parametrize("text", MESSAGES)
def test_messages_are_understood_as_with_dask(agent: Agent, text: str) -> None:
    processor = agent.processor

    def parse() -> dict:
        return run_async(processor.parse_message(UserMessage(text, sender_id="x")))

    by_dask, in_order = _both(agent, parse)
    assert in_order == by_dask


def test_next_actions_are_predicted_as_with_dask(agent: Agent) -> None:
    processor = agent.processor
    tracker = DialogueStateTracker("x", agent.domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("signaler", {"name": "report_problem", "confidence": 1.0}))

    def predict() -> tuple:
        prediction = processor._predict_next_with_tracker(tracker.copy())  # noqa: SLF001
        return prediction.policy_name, prediction.probabilities, prediction.events

    by_dask, in_order = _both(agent, predict)
    assert in_order == by_dask
    assert max(in_order[1]) > 0.5, "a rule predicted the next action"


def test_inputs_targets_and_errors_keep_the_runners_contract() -> None:
    schema = GraphSchema(
        {
            "a": SchemaNode(needs={}, uses=object, constructor_name="", fn="", config={}),
            "b": SchemaNode(needs={"x": "a", "y": "__in__"}, uses=object, fn="", config={},
                            constructor_name=""),
            "c": SchemaNode(needs={"x": "b", "z": "a"}, uses=object, fn="", config={},
                            constructor_name=""),
        }
    )  # fmt: skip
    assert graph_run.node_order(schema, ("c",)) == ["a", "b", "c"]
    assert graph_run.node_order(schema, ("a", "c")) == ["a", "b", "c"]

    class Runner:
        _graph_schema = schema
        _instantiated_nodes = {
            "a": lambda: ("a", 1),
            "b": lambda x, y: ("b", x[1] + y[1]),
            "c": lambda x, z: ("c", x[1] * 10 + z[1]),
        }

    runner = Runner()
    assert graph_run.run(runner, {"__in__": 5}, ["c"]) == {"c": 61}
    assert graph_run.run(runner, {"__in__": 5, "b": 2}, ["c"]) == {"c": 21}  # input for b
    with pytest.raises(GraphRunError, match="clashes"):
        graph_run.run(runner, {"__in__": "a"}, ["c"])

    def broken() -> tuple:
        raise RuntimeError("boom")

    runner._instantiated_nodes = {**Runner._instantiated_nodes, "a": broken}
    with pytest.raises(GraphRunError):
        graph_run.run(runner, {"__in__": 5}, ["c"])
