"""Play blind personas against a real stack, answering whatever the bot asks, and score them.

Usage: .venv/bin/python scripts/probe_personas.py PERSONAS.yml OUTPUT_DIR [-j N] [-k NAME]
Starts the action server and the Rasa server on free loopback ports with throw-away SQLite
databases (like scripts/measure_conversations.py). Each persona sends its opening, then
answers the pending question (`requested_slot`) from its `answers`, whatever the order the
bot asks in; it confirms the summary (or sends its correction first) and acknowledges the
follow-up code. Writes one Markdown transcript per persona and OUTPUT_DIR/SUMMARY.md.
"""

from __future__ import annotations

import argparse
import calendar
import contextlib
import json
import re
import sys
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transcript_lines import nlu_line, reply_lines  # noqa: E402 - after the path

from bot.rasa_auth import read_tracker  # noqa: E402 - after the path

MAX_TURNS = 40
SKIP = "passer"
DEFAULT_FOLLOWUP = "je veux signaler un problème"
FALLBACK_ACTIONS = {"action_fallback", "action_default_fallback", "action_two_stage_fallback"}
INTERNAL_ACTIONS = {"action_listen", "action_session_start", "action_unlikely_intent"}
SKIP_WORDS = re.compile(
    r"^(passer|je ne sais (pas|plus)|jsp|aucune id[ée]e|je pr[ée]f[èe]re (pas|ne pas)|"
    r"je sais pas)",
    re.IGNORECASE,
)


@dataclass
class Turn:
    """One user message and what happened after it."""

    user: str
    kind: str
    asked: str | None
    intent: str | None = None
    confidence: float | None = None
    entities: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    replies: list[dict[str, Any]] = field(default_factory=list)
    asked_after: str | None = None
    stage_after: str | None = None
    note: str = ""


@dataclass
class AnswerCheck:
    """The first answer given to one question, and whether the bot understood it."""

    slot: str
    text: str
    value: Any
    expected: Any
    has_expectation: bool
    moved_on: bool
    ok: bool


@dataclass
class Result:
    """A played persona."""

    name: str
    sender: str
    turns: list[Turn] = field(default_factory=list)
    checks: list[AnswerCheck] = field(default_factory=list)
    reasks: int = 0
    reask_slots: list[str] = field(default_factory=list)
    asides: list[tuple[str, str | None, str | None, bool]] = field(default_factory=list)
    correction: tuple[str, str, Any, Any, bool] | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    records: list[dict[str, Any]] = field(default_factory=list)
    field_results: dict[str, tuple[Any, Any, bool]] = field(default_factory=dict)
    reference: str | None = None
    stuck: str | None = None
    error: str | None = None

    @property
    def fallbacks(self) -> int:
        """Turns answered by a fallback action (the bot's "I did not understand" reply)."""
        return sum(1 for t in self.turns if FALLBACK_ACTIONS.intersection(t.actions))

    @property
    def nlu_fallbacks(self) -> int:
        """Turns whose intent was nlu_fallback (inside the form, the answer may still fit)."""
        return sum(1 for t in self.turns if t.intent == "nlu_fallback")


def _post(url: str, payload: dict[str, Any]) -> Any:
    body = json.dumps(payload).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())


# --- expectations -------------------------------------------------------------------------


def _months_ago(today: date, months: int) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def resolve_date(spec: str, today: date) -> str:
    """ISO date of `ago:3w`, `last:09-15` or a literal ISO date."""
    if spec.startswith("ago:"):
        number, unit = int(spec[4:-1]), spec[-1]
        if unit == "d":
            return (today - timedelta(days=number)).isoformat()
        if unit == "w":
            return (today - timedelta(weeks=number)).isoformat()
        if unit == "m":
            return _months_ago(today, number).isoformat()
        if unit == "y":
            return _months_ago(today, 12 * number).isoformat()
        raise ValueError(spec)
    if spec.startswith("last:"):
        month, day = (int(p) for p in spec[5:].split("-"))
        candidate = date(today.year, month, day)
        if candidate > today:
            candidate = date(today.year - 1, month, day)
        return candidate.isoformat()
    return spec


def resolve(name: str, value: Any, today: date) -> Any:
    """The expectation with its relative dates resolved."""
    if isinstance(value, dict):
        return {k: [resolve(name, v, today) for v in vs] for k, vs in value.items()}
    if name == "started_on" and isinstance(value, str):
        return resolve_date(value, today)
    return value


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.strip().lower().split())
    return value


def matches(expected: Any, actual: Any) -> bool:
    """Whether `actual` satisfies the expectation (sets for lists, any_of, between)."""
    if isinstance(expected, dict):
        if "any_of" in expected:
            return any(matches(e, actual) for e in expected["any_of"])
        if "between" in expected:
            low, high = expected["between"]
            try:
                return low <= type(low)(actual) <= high
            except (TypeError, ValueError):
                return False
        return False
    if isinstance(expected, list):
        return isinstance(actual, list) and sorted(map(str, expected)) == sorted(map(str, actual))
    if expected is None or isinstance(expected, bool):
        return actual is expected
    if isinstance(expected, int) and not isinstance(actual, bool):
        try:
            return int(actual) == expected
        except (TypeError, ValueError):
            return False
    return _norm(str(expected)) == _norm(str(actual)) if actual is not None else False


def slot_expectation(slot: str, expect: dict[str, Any]) -> tuple[bool, Any]:
    """(has an expectation, expected slot value) for a form slot."""
    if slot == "visibility":
        if "anonymous" not in expect:
            return False, None
        if expect["anonymous"]:
            return True, "anonymous"
        return True, "shared" if expect.get("share_with_platform") else "confidential"
    if slot in expect:
        return True, expect[slot]
    return False, None


# --- playing ------------------------------------------------------------------------------


class Player:
    """Plays one persona through the REST webhook."""

    def __init__(self, rasa_url: str, token: str, persona: dict[str, Any], today: date) -> None:
        self.persona = persona
        self.expect = {k: resolve(k, v, today) for k, v in (persona.get("expect") or {}).items()}
        self.result = Result(persona["name"], uuid.uuid4().hex)
        self.hook = f"{rasa_url}/webhooks/rest/webhook"
        self.rasa_url, self.token = rasa_url, token

    def tracker(self) -> dict[str, Any]:
        """The current tracker."""
        return read_tracker(self.rasa_url, self.token, self.result.sender)

    def say(self, text: str, kind: str, asked: str | None) -> dict[str, Any]:
        """Send `text`, record the turn, return the tracker after it."""
        replies = _post(self.hook, {"sender": self.result.sender, "message": text})
        tracker = self.tracker()
        turn = Turn(text, kind, asked, replies=replies)
        events = tracker.get("events") or []
        last = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
        if last >= 0:
            parse = events[last].get("parse_data") or {}
            turn.intent = (parse.get("intent") or {}).get("name")
            turn.confidence = (parse.get("intent") or {}).get("confidence")
            turn.entities = [
                f"{e.get('entity')}={e.get('value')!r}" for e in parse.get("entities") or []
            ]
            turn.actions = [
                e.get("name")
                for e in events[last + 1 :]
                if e.get("event") == "action" and e.get("name") not in INTERNAL_ACTIONS
            ]
        slots = tracker.get("slots") or {}
        turn.asked_after = slots.get("requested_slot")
        turn.stage_after = slots.get("stage")
        self.result.turns.append(turn)
        return tracker

    def play(self) -> Result:
        """Play the whole persona; errors are recorded, never raised."""
        try:
            self._play()
        except Exception as exc:  # reported in the transcript, the run goes on
            self.result.error = f"{type(exc).__name__}: {exc}"
        with contextlib.suppress(Exception):  # already reported if the server is gone
            self.result.slots = self.tracker().get("slots") or {}
        return self.result

    def _play(self) -> None:
        persona, result = self.persona, self.result
        answers: dict[str, Any] = persona.get("answers") or {}
        asides = {int(a["turn"]): str(a["text"]) for a in persona.get("asides") or []}
        correction = persona.get("correction")
        tracker = self.say(str(persona["opening"]), "opening", None)
        answer_number = 0
        last_answered: str | None = None
        streak = 0
        idle = 0
        correction_sent = False
        for _ in range(MAX_TURNS):
            slots = tracker.get("slots") or {}
            stage, asked = slots.get("stage"), slots.get("requested_slot")
            if stage == "done":
                return
            if stage == "code_shown" and not asked:
                self.result.reference = slots.get("reference")
                tracker = self.say("c'est noté", "code", None)
                last_answered = None
                continue
            if stage == "summary" and not asked:
                if correction and not correction_sent:
                    correction_sent = True
                    tracker = self.say(str(correction["text"]), "correction", None)
                    self._check_correction(correction)
                else:
                    tracker = self.say("oui", "confirm", None)
                last_answered = None
                continue
            if not asked:
                idle += 1
                if idle > 3:
                    result.stuck = "no question pending and no summary, 4 times"
                    return
                text = persona.get("followup", DEFAULT_FOLLOWUP) if idle == 1 else "oui"
                tracker = self.say(str(text), "idle", None)
                last_answered = None
                continue
            idle = 0
            streak = streak + 1 if asked == last_answered else 0
            if streak == 0:
                answer_number += 1
                if answer_number in asides:
                    aside = asides.pop(answer_number)
                    tracker = self.say(aside, "aside", asked)
                    back = (tracker.get("slots") or {}).get("requested_slot")
                    result.asides.append((aside, asked, back, back == asked))
                    last_answered = None
                    answer_number -= 1  # the question that comes back is the same answer
                    continue
            if streak >= 4:
                result.stuck = f"{asked} asked {streak + 1} times in a row"
                return
            answer = answers.get(asked)
            text = SKIP if answer is None else str(answer)
            if streak == 1:
                result.reasks += 1
                result.reask_slots.append(asked)
            elif streak >= 2:
                text = SKIP
            kind = "answer" if streak == 0 else ("repeat" if streak == 1 else "skip")
            tracker = self.say(text, kind, asked)
            if streak == 0:
                self._check_answer(asked, text, tracker)
            last_answered = asked
        result.stuck = f"turn cap ({MAX_TURNS}) reached"

    def _check_answer(self, slot: str, text: str, tracker: dict[str, Any]) -> None:
        slots = tracker.get("slots") or {}
        value = slots.get(slot)
        moved_on = slots.get("requested_slot") != slot
        has, expected = slot_expectation(slot, self.expect)
        if slot == (self.persona.get("correction") or {}).get("field"):
            has = False  # `expect` holds the corrected value, not this first answer
        if has:
            ok = moved_on and matches(expected, value)
        elif SKIP_WORDS.search(text):
            ok = moved_on
        else:
            ok = moved_on and value not in (None, "", [])
        self.result.checks.append(AnswerCheck(slot, text, value, expected, has, moved_on, ok))
        turn = self.result.turns[-1]
        turn.note = "understood" if ok else f"NOT understood (value {value!r}"
        if has and not ok:
            turn.note += f", expected {expected!r}"
        if not ok:
            turn.note += ", moved on)" if moved_on else ", asked again)"

    def _check_correction(self, correction: dict[str, Any]) -> None:
        name = str(correction["field"])
        # the corrected value: given with the correction, else the persona's `expect`
        raw = correction.get("value", (self.persona.get("expect") or {}).get(name))
        wanted = resolve(name, raw, date.today())
        slots = self.tracker().get("slots") or {}
        value = slots.get(name)
        self.result.correction = (str(correction["text"]), name, wanted, value, False)

    def finish(self, database_url: str) -> None:
        """Read the saved record and compare it with `expect`."""
        from bot.export import export_records

        records = [
            r
            for r in export_records(url=database_url)
            if r.get("reference") and r["reference"] == self.result.reference
        ]
        self.result.records = records
        record = records[0] if records else None
        if record is not None:
            for name, expected in self.expect.items():
                actual = record.get(name)
                self.result.field_results[name] = (expected, actual, matches(expected, actual))
        if self.result.correction:
            text, name, wanted, _, _ = self.result.correction
            actual = record.get(name) if record else self.result.slots.get(name)
            self.result.correction = (text, name, wanted, actual, matches(wanted, actual))


# --- reporting ----------------------------------------------------------------------------


def transcript(result: Result) -> str:
    """The Markdown transcript of one persona."""
    lines = [f"# {result.name}", "", f"sender `{result.sender}`", ""]
    for number, turn in enumerate(result.turns, 1):
        lines.append(f"**{number}. USER** [{turn.kind}] (asked: `{turn.asked}`): {turn.user}")
        lines.append(nlu_line(turn.intent, turn.confidence, turn.entities))
        lines.append(f"  - actions: {', '.join(turn.actions) or '-'}")
        lines += reply_lines(turn.replies)
        lines.append(f"  - then asked: `{turn.asked_after}`, stage `{turn.stage_after}`")
        if turn.note:
            lines.append(f"  - **{turn.note}**")
        lines.append("")
    if result.stuck:
        lines += [f"**STUCK**: {result.stuck}", ""]
    if result.error:
        lines += [f"**ERROR**: {result.error}", ""]
    lines += ["## Asides", ""]
    lines += [
        f"- {text!r} during `{asked}` → then `{back}`: {'ok' if ok else 'NOT back'}"
        for text, asked, back, ok in result.asides
    ] or ["- none"]
    if result.correction:
        text, name, wanted, actual, ok = result.correction
        lines += ["", "## Correction", "", f"- {text!r}: {name} {wanted!r} → {actual!r} "]
        lines[-1] += "ok" if ok else "NOT applied"
    lines += ["", f"## Saved record ({len(result.records)})", ""]
    for record in result.records:
        lines += ["```json", json.dumps(record, ensure_ascii=False, indent=1), "```", ""]
    lines += ["## Field comparison", ""]
    lines += [
        f"- {'ok' if ok else 'MISMATCH'} `{name}`: expected {exp!r}, got {act!r}"
        for name, (exp, act, ok) in result.field_results.items()
    ] or ["- no saved record"]
    shown = {k: v for k, v in sorted(result.slots.items()) if v not in (None, [], "")}
    lines += ["", "## Final slots", "", "```json", json.dumps(shown, ensure_ascii=False)]
    lines += ["```"]
    return "\n".join(lines) + "\n"


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f} %)" if whole else "0/0"


def summary(results: list[Result]) -> str:
    """Overall figures and a per-persona table."""
    saved = sum(1 for r in results if r.records)
    checks = [c for r in results for c in r.checks]
    first_ok = sum(1 for c in checks if c.ok)
    per_field: dict[str, list[bool]] = {}
    for r in results:
        for name, (_, _, ok) in r.field_results.items():
            per_field.setdefault(name, []).append(ok)
    all_fields = [ok for oks in per_field.values() for ok in oks]
    asides = [a for r in results for a in r.asides]
    corrections = [r.correction for r in results if r.correction]
    lines = [
        "# Personas: summary",
        "",
        f"- personas saved: {_pct(saved, len(results))}",
        f"- answers understood at first try: {_pct(first_ok, len(checks))}",
        f"- re-asks (same question right after an answer): {sum(r.reasks for r in results)}",
        f"- turns answered by a fallback action: {sum(r.fallbacks for r in results)}",
        f"- turns with intent nlu_fallback (form answers included): "
        f"{sum(r.nlu_fallbacks for r in results)}",
        f"- field accuracy on saved records: {_pct(sum(all_fields), len(all_fields))}",
        f"- asides handled (same question came back): "
        f"{_pct(sum(1 for a in asides if a[3]), len(asides))}",
        f"- corrections applied: {_pct(sum(1 for c in corrections if c[4]), len(corrections))}",
        f"- stuck / errors: {sum(1 for r in results if r.stuck)} / "
        f"{sum(1 for r in results if r.error)}",
        "",
        "## Field accuracy",
        "",
        "| field | correct | of |",
        "|---|---|---|",
    ]
    lines += [
        f"| {name} | {sum(oks)} | {len(oks)} |"
        for name, oks in sorted(per_field.items(), key=lambda kv: sum(kv[1]) / len(kv[1]))
    ]
    by_slot: dict[str, list[bool]] = {}
    for c in checks:
        by_slot.setdefault(c.slot, []).append(c.ok)
    lines += ["", "## Answers understood at first try, per question", ""]
    lines += ["| question | understood | of |", "|---|---|---|"]
    lines += [
        f"| {slot} | {sum(oks)} | {len(oks)} |"
        for slot, oks in sorted(by_slot.items(), key=lambda kv: sum(kv[1]) / len(kv[1]))
    ]
    lines += ["", "## Personas", ""]
    lines += [
        "| persona | turns | saved | first-try | re-asks | fallbacks | nlu_fallback | fields "
        "| notes |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        fields_ok = sum(1 for _, _, ok in r.field_results.values() if ok)
        wrong = [n for n, (_, _, ok) in r.field_results.items() if not ok]
        notes = "; ".join(
            x
            for x in (
                f"wrong: {', '.join(wrong)}" if wrong else "",
                f"re-asked: {', '.join(r.reask_slots)}" if r.reask_slots else "",
                r.stuck or "",
                r.error or "",
            )
            if x
        )
        lines.append(
            f"| {r.name} | {len(r.turns)} | {'yes' if r.records else 'no'} | "
            f"{sum(c.ok for c in r.checks)}/{len(r.checks)} | {r.reasks} | {r.fallbacks} | "
            f"{r.nlu_fallbacks} | {fields_ok}/{len(r.field_results)} | {notes or '-'} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("personas", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("-j", "--jobs", type=int, default=4, help="personas in parallel")
    parser.add_argument("-k", "--only", help="play only personas whose name contains this")
    args = parser.parse_args(argv)
    personas = yaml.safe_load(args.personas.read_text(encoding="utf-8"))["personas"]
    if args.only:
        personas = [p for p in personas if args.only in p["name"]]
    args.output.mkdir(parents=True, exist_ok=True)

    from bot.stack import throwaway_stack

    today = date.today()
    with throwaway_stack("signalpme-personas-") as stack:
        players = [Player(stack.rasa_url, stack.rasa_token, p, today) for p in personas]
        with ThreadPoolExecutor(max(1, args.jobs)) as pool:
            results = list(pool.map(lambda p: p.play(), players))
        for player in players:
            player.finish(stack.settings.database_url)
    for result in results:
        (args.output / f"{result.name}.md").write_text(transcript(result), encoding="utf-8")
    text = summary(results)
    (args.output / "SUMMARY.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
