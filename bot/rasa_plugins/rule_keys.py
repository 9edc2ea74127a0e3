"""`RulePolicy._get_possible_keys`, with each rule read once instead of at every check.

Rasa 3.6 finds the rules that apply to a conversation by walking its states from the last
one back to the first, and at each state keeping the rule keys that still apply
(`_is_rule_applicable`): for every key and every state it turns the key back into its
states (a cached `json.loads`), copies and reverses that list, and compares the state
value by value, turning JSON lists into tuples again. It goes on to the conversation's
first state, although a rule shorter than the states walked so far always applies from
there on. Under load this was the rule policy's largest cost (about 9 % of the Rasa
server's time holding the interpreter, py-spy, docs/measurements.md).

Here each rule key is read once into its reversed states, each prepared as a list of the
checks `_does_rule_match_state` makes (lists already tuples); the walk stops once every
key left is no longer than the states walked, since all of them apply from there on. The
checks and their order of evaluation are Rasa's, so the same keys come out (a Hypothesis
test compares both on generated rules and conversations, and the trained model's own).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rasa.core.policies.rule_policy import SHOULD_NOT_BE_SET, RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION, USER
from rasa.shared.nlu.constants import ACTION_NAME, INTENT

_State = dict[str, dict[str, Any]]

RASA_GET_POSSIBLE_KEYS = RulePolicy._get_possible_keys  # noqa: SLF001 - kept to compare with

_ACTION_NAME = (PREVIOUS_ACTION, ACTION_NAME)
_INTENT = (USER, INTENT)

_MUST_EQUAL = 0
_MUST_BE_UNSET = 1


@dataclass(frozen=True)
class _RuleState:
    """One state of a rule: whether it has a previous action, and what it requires."""

    has_previous_action: bool
    checks: tuple[tuple[str, str, int, Any], ...]  # (state type, key, kind, value)

    def matches(self, conversation_state: _State) -> bool:
        """`RulePolicy._does_rule_match_state` with the rule's side prepared."""
        for state_type, key, kind, value in self.checks:
            found = conversation_state.get(state_type, {}).get(key)
            if kind == _MUST_EQUAL:
                if found != value:
                    return False
            elif found and found != SHOULD_NOT_BE_SET:
                return False
        return True


def _prepared(rule_state: _State) -> _RuleState:
    checks = []
    for state_type, sub_state in rule_state.items():
        for key, value in sub_state.items():
            if isinstance(value, list):  # as Rasa: JSON turned its tuples into lists
                value = tuple(value)
            if value == SHOULD_NOT_BE_SET:
                checks.append((state_type, key, _MUST_BE_UNSET, value))
            elif value:  # a falsy value requires nothing
                checks.append((state_type, key, _MUST_EQUAL, value))
    return _RuleState(bool(rule_state.get(PREVIOUS_ACTION)), tuple(checks))


_reversed_rules: dict[str, tuple[_RuleState, ...]] = {}


def reversed_rule(rule_key: str) -> tuple[_RuleState, ...]:
    """The rule's states, last first, prepared (read once per key and process)."""
    found = _reversed_rules.get(rule_key)
    if found is None:
        states = RulePolicy._rule_key_to_state(rule_key)  # noqa: SLF001 - Rasa's reading
        found = _reversed_rules[rule_key] = tuple(_prepared(s) for s in reversed(states))
    return found


def _applies(rule: tuple[_RuleState, ...], turn_index: int, state: _State) -> bool:
    """`RulePolicy._is_rule_applicable`, on a prepared rule."""
    if turn_index >= len(rule):
        return True
    rule_state = rule[turn_index]
    has_previous_action = bool(state.get(PREVIOUS_ACTION))
    if not rule_state.has_previous_action and not has_previous_action:
        return True
    if not rule_state.has_previous_action or not has_previous_action:
        return False
    return rule_state.matches(state)


_Index = dict[tuple[Any, Any], list[str]]
_indexes: dict[int, tuple[Any, _Index, list[str]]] = {}


def _first_state_index(lookup: Iterable[str]) -> tuple[_Index, list[str]]:
    """The keys grouped by what their last state requires of the previous action's name and
    of the user's intent (None: nothing), and the keys whose last state has no previous
    action (those apply to a conversation's first state whatever else they require)."""
    index: _Index = {}
    starters: list[str] = []
    for key in lookup:
        rule = reversed_rule(key)
        if not rule[0].has_previous_action:
            starters.append(key)
            continue
        required = {(t, k): v for t, k, kind, v in rule[0].checks if kind == _MUST_EQUAL}
        signature = (required.get(_ACTION_NAME), required.get(_INTENT))
        index.setdefault(signature, []).append(key)
    return index, starters


def _candidates(lookup: dict[str, str], state: _State) -> Iterable[str]:
    """The keys that may apply to the conversation's last `state`: a key whose last state
    requires another previous action or intent than the state's cannot (its check fails)."""
    cached = _indexes.get(id(lookup))
    if cached is None or cached[0] is not lookup:
        cached = _indexes[id(lookup)] = (lookup, *_first_state_index(lookup))
    _, index, starters = cached
    action = state.get(_ACTION_NAME[0], {}).get(_ACTION_NAME[1])
    intent = state.get(_INTENT[0], {}).get(_INTENT[1])
    try:
        signatures = {(action, intent), (action, None), (None, intent), (None, None)}
    except TypeError:  # a value that cannot be looked up: every key is a candidate
        yield from lookup
        return
    for signature in signatures:
        yield from index.get(signature, ())
    yield from starters


def possible_keys(lookup: dict[str, str], states: list[_State]) -> set[str]:
    """The rule keys of `lookup` that apply to `states`, as `_get_possible_keys` finds."""
    if not states:
        return set(lookup)
    last = states[-1]
    keys = {key: reversed_rule(key) for key in _candidates(lookup, last)}
    keys = {key: rule for key, rule in keys.items() if _applies(rule, 0, last)}
    longest = max((len(rule) for rule in keys.values()), default=0)
    for turn_index in range(1, len(states)):
        if turn_index >= longest:  # every key left applies to every earlier state
            break
        state = states[-1 - turn_index]
        keys = {key: rule for key, rule in keys.items() if _applies(rule, turn_index, state)}
        longest = max((len(rule) for rule in keys.values()), default=0)
    return set(keys)


def install() -> None:
    """Make `RulePolicy` use `possible_keys` (idempotent)."""
    if RulePolicy._get_possible_keys is not RASA_GET_POSSIBLE_KEYS:  # noqa: SLF001
        return

    def _get_possible_keys(
        self: RulePolicy, lookup: dict[str, str], states: list[_State]
    ) -> set[str]:
        return possible_keys(lookup, states)

    RulePolicy._get_possible_keys = _get_possible_keys  # type: ignore[method-assign]
