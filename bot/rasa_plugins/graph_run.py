"""Rasa's prediction graphs run node after node, without dask.

Rasa 3.6 runs its NLU and policy graphs twice a message or more with `dask.get`, a
single-threaded scheduler whose bookkeeping (task states, callbacks, the graph rebuilt at
each run) and Rasa's search of the needed nodes (`GraphSchema.minimal_graph_schema`, a
recursion that lists every path) cost 6 to 9 % of the Rasa server's busy time under load
(py-spy, docs/measurements.md). Every node of these graphs is called with the outputs of
the nodes it needs and nothing else, so running them one after the other, each after the
nodes it needs, gives the same outputs.

`DaskGraphRunner.run` keeps its contract: same targets by default, the same result (a
dict of each target's output), the same handling of inputs (an input named like a node
takes its place; an input whose value names a node is refused), and Rasa's `GraphRunError`
for a `RuntimeError` raised by a node. The order of the nodes needed for a set of targets
is worked out once per graph and set of targets.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner

RASA_RUN = DaskGraphRunner.run

_ORDER = "signalpme_node_order"


def node_order(schema: GraphSchema, targets: tuple[str, ...]) -> list[str]:
    """The nodes `targets` need, each after the nodes it needs (depth first)."""
    order: list[str] = []
    placed: set[str] = set()

    def place(name: str) -> None:
        if name in placed or name not in schema.nodes:
            return  # placed already, or an input
        placed.add(name)
        for needed in schema.nodes[name].needs.values():
            place(needed)
        order.append(name)

    for target in targets:
        place(target)
    return order


def _order_for(runner: DaskGraphRunner, targets: tuple[str, ...]) -> list[str]:
    orders: dict[tuple[str, ...], list[str]] = runner.__dict__.setdefault(_ORDER, {})
    if targets not in orders:
        orders[targets] = node_order(runner._graph_schema, targets)  # noqa: SLF001
    return orders[targets]


@wraps(RASA_RUN)
def run(
    self: DaskGraphRunner,
    inputs: dict[str, Any] | None = None,
    targets: list[str] | None = None,
) -> dict[str, Any]:
    """Run the nodes the targets need, one after the other (see the module's docstring)."""
    run_targets = tuple(targets if targets else self._graph_schema.target_names)  # noqa: SLF001
    order = _order_for(self, run_targets)
    results: dict[str, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and value in order:
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of "
                f"the input names passed to the `run` method are the same as node names "
                f"in the graph schema."
            )
        results[name] = (name, value)
    nodes = self._instantiated_nodes  # noqa: SLF001
    schema_nodes = self._graph_schema.nodes  # noqa: SLF001
    try:
        for name in order:
            if name in results:  # an input took the node's place
                continue
            needed = schema_nodes[name].needs.values()
            results[name] = nodes[name](*(results.get(each, each) for each in needed))
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error
    return dict(results[target] for target in run_targets)


def install() -> None:
    """Replace `DaskGraphRunner.run` in this process."""
    DaskGraphRunner.run = run  # type: ignore[method-assign]
