"""The rule policy's search of applicable rules (bot/rasa_plugins/rule_keys.py) finds the
keys Rasa's own `_get_possible_keys` finds: on generated rules and conversations, and on
the trained model's rules."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.policies.rule_policy import SHOULD_NOT_BE_SET, RulePolicy

from bot.rasa_plugins import rule_keys
from bot.training import MODEL_PATH

_rasa_policy = RulePolicy.__new__(RulePolicy)  # Rasa's search only uses static helpers


def rasa_keys(lookup: dict[str, str], states: list[dict]) -> set[str]:
    return rule_keys.RASA_GET_POSSIBLE_KEYS(_rasa_policy, lookup, states)


values = st.one_of(
    st.sampled_from(["a", "b", SHOULD_NOT_BE_SET, "", 0, 1, 1.0, True, None]),
    st.sampled_from(["a", "b"]),  # more often equal
    st.lists(st.sampled_from(["a", "b", 1]), max_size=2),
)
sub_state = st.dictionaries(
    st.sampled_from(["x", "action_name", "name", "intent"]), values, max_size=3
)
state = st.dictionaries(
    st.sampled_from(["prev_action", "user", "slots", "active_loop"]), sub_state, max_size=4
)
rules = st.lists(st.lists(state, min_size=1, max_size=5), max_size=12)


def _conversation_value(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value  # states hold tuples


def _as_conversation(state: dict) -> dict:
    """A rule's state (from JSON) as a conversation's state holds it."""
    return {
        kind: {k: _conversation_value(v) for k, v in sub.items()} for kind, sub in state.items()
    }


@given(rules=rules, conversation=st.lists(state, max_size=9))
@settings(max_examples=600, deadline=None)
def test_same_keys_as_rasa_on_generated_rules(rules: list, conversation: list) -> None:
    lookup = {json.dumps(rule): "action" for rule in rules}
    states = [_as_conversation(s) for s in conversation]
    assert rule_keys.possible_keys(lookup, states) == rasa_keys(lookup, states)


@given(rules=rules, data=st.data())
@settings(max_examples=300, deadline=None)
def test_a_rule_applies_to_its_own_states_as_with_rasa(rules: list, data: st.DataObject) -> None:
    lookup = {json.dumps(rule): "action" for rule in rules}
    if not rules:
        return
    rule = data.draw(st.sampled_from(rules))
    prefix = data.draw(st.lists(state, max_size=4))
    states = prefix + [_as_conversation(s) for s in rule]
    assert rule_keys.possible_keys(lookup, states) == rasa_keys(lookup, states)


def _model_lookup() -> dict:
    if not MODEL_PATH.exists():
        pytest.fail(f"no trained model at {MODEL_PATH}: `make train` first")
    with tarfile.open(MODEL_PATH) as archive:
        for member in archive.getmembers():
            if member.name.endswith("rule_only_data.json"):
                continue
            if Path(member.name).name == "rule_policy.json":
                return json.load(archive.extractfile(member))["lookup"]
    pytest.fail("the model holds no rule policy")


def test_same_keys_as_rasa_on_the_trained_rules() -> None:
    lookup = _model_lookup()
    found_some = 0
    for name in ("rules", "rules_for_loop_unhappy_path"):  # the two tables searched
        table = lookup[name]
        for key in table:
            states = [_as_conversation(s) for s in json.loads(key)]
            for start in range(len(states)):  # the rule's states, and their endings
                ours = rule_keys.possible_keys(table, states[start:])
                assert ours == rasa_keys(table, states[start:])
                found_some += bool(ours)
    assert found_some > 50  # the comparison saw real matches, not only empty sets
