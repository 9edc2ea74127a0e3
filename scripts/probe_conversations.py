"""Play scripted probe conversations against a real stack and write Markdown transcripts.

Usage: .venv/bin/python scripts/probe_conversations.py CONVERSATIONS.yml OUTPUT_DIR [-j N]
Starts the action server and the Rasa server on free loopback ports with throw-away SQLite
databases (like scripts/measure_conversations.py), plays each conversation of the YAML file
through the REST webhook with a fresh random sender, and writes one transcript per
conversation (bot texts, buttons, NLU intent, requested slot, actions, final slots, saved
testimony, comparison with `expect`) plus a SUMMARY.md table.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transcript_lines import nlu_line, reply_lines  # noqa: E402 - after the path

from bot.rasa_auth import read_tracker  # noqa: E402 - after the path

# Bot texts that look like "I did not understand, please rephrase".
REASK = re.compile(
    r"pas (bien )?compris|pas s[uû]r d'avoir|reformuler|je n'ai pas saisi|pas reconnu|"
    r"ne comprends pas|pas une (date|r[ée]ponse)|n'est pas (valide|une)",
    re.IGNORECASE,
)
FALLBACK_ACTIONS = {
    "action_fallback",
    "action_default_fallback",
    "action_two_stage_fallback",
    "utter_default",
}
INTERNAL_ACTIONS = {"action_listen", "action_session_start", "action_unlikely_intent"}


@dataclass
class Turn:
    """One user message and what happened after it."""

    user: str
    asked: str | None
    intent: str | None
    confidence: float | None
    entities: list[str]
    actions: list[str]
    replies: list[dict[str, Any]]


@dataclass
class Result:
    """A played conversation."""

    name: str
    sender: str
    turns: list[Turn] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)
    records: list[dict[str, Any]] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    error: str | None = None


def _post(url: str, payload: dict[str, Any]) -> Any:
    body = json.dumps(payload).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())


def _turn_details(tracker: dict[str, Any]) -> tuple[str | None, float | None, list[str], list[str]]:
    """Intent, confidence, entities of the last user event and the actions run after it."""
    events = tracker.get("events") or []
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    if last_user < 0:
        return None, None, [], []
    parse = events[last_user].get("parse_data") or {}
    intent = parse.get("intent") or {}
    entities = [f"{e.get('entity')}={e.get('value')!r}" for e in parse.get("entities") or []]
    actions = [
        e.get("name")
        for e in events[last_user + 1 :]
        if e.get("event") == "action" and e.get("name") not in INTERNAL_ACTIONS
    ]
    return intent.get("name"), intent.get("confidence"), entities, actions


def _records_for(sender: str, database_url: str) -> list[dict[str, Any]]:
    """Saved testimonies of this sender, as export records."""
    from sqlalchemy import select

    from bot.export import to_record
    from bot.storage.db import session_factory
    from bot.storage.models import Testimony

    stmt = select(Testimony).where(Testimony.sender_id == sender).order_by(Testimony.id)
    with session_factory(database_url)() as session:
        return [to_record(t) for t in session.execute(stmt).scalars()]


def _matches(expected: Any, actual: Any) -> bool:
    if isinstance(expected, list):
        return isinstance(actual, list) and sorted(map(str, expected)) == sorted(map(str, actual))
    if isinstance(expected, str) and isinstance(actual, str):
        return actual.strip().lower().startswith(expected.strip().lower())
    if isinstance(expected, bool) or expected is None:
        return expected is actual
    return str(expected) == str(actual)


def _compare(expect: dict[str, Any], result: Result) -> list[str]:
    """Differences between `expect` and the saved record (or the final slots if unsaved)."""
    out: list[str] = []
    expect = dict(expect)
    want_saved = expect.pop("saved", None)
    saved = bool(result.records)
    if want_saved is not None and want_saved != saved:
        out.append(f"saved: expected {want_saved}, got {saved}")
    source = result.records[0] if result.records else result.slots
    for name, value in expect.items():
        actual = source.get(name)
        if not _matches(value, actual):
            out.append(f"{name}: expected {value!r}, got {actual!r}")
    return out


def play(rasa_url: str, token: str, database_url: str, conv: dict[str, Any]) -> Result:
    """Play one conversation with a fresh sender."""
    result = Result(conv["name"], uuid.uuid4().hex)
    hook = f"{rasa_url}/webhooks/rest/webhook"
    asked: str | None = None
    try:
        for message in conv["messages"]:
            text = str(message)
            replies = _post(hook, {"sender": result.sender, "message": text})
            tracker = read_tracker(rasa_url, token, result.sender)
            intent, confidence, entities, actions = _turn_details(tracker)
            result.turns.append(Turn(text, asked, intent, confidence, entities, actions, replies))
            asked = (tracker.get("slots") or {}).get("requested_slot")
        result.slots = (read_tracker(rasa_url, token, result.sender).get("slots")) or {}
    except Exception as exc:  # reported in the transcript, the run goes on
        result.error = f"{type(exc).__name__}: {exc}"
    try:
        result.records = _records_for(result.sender, database_url)
    except Exception as exc:  # noqa: BLE001 - reported, not fatal
        result.error = (result.error or "") + f" | DB: {exc}"
    result.mismatches = _compare(conv.get("expect") or {}, result)
    return result


def _counts(result: Result) -> tuple[int, int, int]:
    """(form re-asks, fallback actions, nlu_fallback intents) in a conversation.

    Re-asks are the form's own failure counter (`slot_failures`) plus "not understood"
    texts outside the form.
    """
    failures = result.slots.get("slot_failures") or {}
    in_form = sum(int(v) for v in failures.values()) if isinstance(failures, dict) else 0
    outside = sum(
        1
        for t in result.turns
        if t.asked is None
        for r in t.replies
        if REASK.search(str(r.get("text") or ""))
    )
    actions = sum(1 for t in result.turns if FALLBACK_ACTIONS.intersection(t.actions))
    intents = sum(1 for t in result.turns if t.intent == "nlu_fallback")
    return in_form + outside, actions, intents


def transcript(result: Result) -> str:
    """The Markdown transcript of one conversation."""
    lines = [f"# {result.name}", "", f"sender `{result.sender}`", ""]
    for number, turn in enumerate(result.turns, 1):
        lines.append(f"**{number}. USER** (asked: `{turn.asked}`): {turn.user}")
        lines.append(nlu_line(turn.intent, turn.confidence, turn.entities))
        lines.append(f"  - actions: {', '.join(turn.actions) or '-'}")
        lines += reply_lines(turn.replies)
        lines.append("")
    if result.error:
        lines += [f"**ERROR**: {result.error}", ""]
    shown = {k: v for k, v in sorted(result.slots.items()) if v not in (None, [], "")}
    lines += ["## Final slots", "", "```json", json.dumps(shown, ensure_ascii=False, indent=1)]
    lines += ["```", "", f"## Saved testimonies: {len(result.records)}", ""]
    for record in result.records:
        lines += ["```json", json.dumps(record, ensure_ascii=False, indent=1), "```", ""]
    lines += ["## Expectation mismatches", ""]
    lines += [f"- {m}" for m in result.mismatches] or ["- none"]
    return "\n".join(lines) + "\n"


def summary(results: list[Result]) -> str:
    """A Markdown table of all conversations."""
    lines = [
        "| conversation | turns | saved | re-asks | fallback actions | nlu_fallback | mismatches |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        reasks, actions, intents = _counts(r)
        saved = "yes" if r.records else "no"
        mism = "; ".join(r.mismatches) or "-"
        lines.append(
            f"| {r.name} | {len(r.turns)} | {saved} | {reasks} | {actions} | {intents} | {mism} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("conversations", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("-j", "--jobs", type=int, default=4, help="conversations in parallel")
    parser.add_argument("-k", "--only", help="play only conversations whose name contains this")
    args = parser.parse_args(argv)
    convs = yaml.safe_load(args.conversations.read_text(encoding="utf-8"))["conversations"]
    if args.only:
        convs = [c for c in convs if args.only in c["name"]]
    args.output.mkdir(parents=True, exist_ok=True)

    from bot.stack import throwaway_stack

    with (
        throwaway_stack("signalpme-probe-") as stack,
        ThreadPoolExecutor(max(1, args.jobs)) as pool,
    ):
        database_url = stack.settings.database_url
        results = list(
            pool.map(lambda c: play(stack.rasa_url, stack.rasa_token, database_url, c), convs)
        )
    for result in results:
        (args.output / f"{result.name}.md").write_text(transcript(result), encoding="utf-8")
    (args.output / "SUMMARY.md").write_text(summary(results), encoding="utf-8")
    print(summary(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
