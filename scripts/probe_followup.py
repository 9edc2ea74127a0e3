"""Play follow-up probes (coming back with the code) against a real stack; print figures.

    .venv/bin/python scripts/probe_followup.py tests/nlu/followup_blind1.yml /tmp/followup

Starts the action server and Rasa on free loopback ports with throw-away SQLite databases.
For each case it saves a confidential testimony (so stored texts are not masked), puts a
staff reply (and, for `answer` cases, a staff question) in its thread, then plays the
case's messages through the REST webhook in a new conversation, `{CODE}` replaced by the
code typed as `code_as`. Checks: the testimony was opened (its reference shown), and the
expected action happened (`none`, `add`, `answer`, `ask`, `withdraw`, `withdraw_cancelled`,
`receipt`). Writes one transcript per case and prints the figures.
"""

from __future__ import annotations

import json
import sys
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.stack import throwaway_stack  # noqa: E402
from bot.storage.db import session_factory  # noqa: E402
from bot.storage.models import StaffReply, UserFollowup  # noqa: E402
from bot.storage.testimonies import (  # noqa: E402
    find_by_reference,
    reissue_followup_code,
    save_testimony,
)

REPLY = "Nous avons bien reçu votre témoignage et l'étudions."
QUESTION = "Avez-vous gardé les e-mails de la plateforme ?"
RECORD = {
    "anonymous": False,
    "platform": "amazon",
    "problems": ["account_suspension"],
    "description": "Compte suspendu sans explication.",
    "company_name": "Boutique Test",
    "contact_name": "Camille Test",
    "email": "camille@example.fr",
    "share_with_platform": False,
    "wants_contact": True,
}


def typed(code: str, style: str) -> str:
    """The code as the seller types it."""
    return {
        "as_is": code,
        "lower": code.lower(),
        "spaces": code.replace("-", " "),
        "lower_spaces": code.lower().replace("-", " "),
        "compact": code.replace("-", ""),
        "o_for_0": code.replace("0", "O"),
        "in_sentence": code,
    }.get(style, code)


def new_testimony(question: bool) -> tuple[str, str, int, int | None]:
    """(reference, code with a 0 in it, staff reply id, question id or None)."""
    sender = uuid.uuid4().hex
    saved = save_testimony(dict(RECORD), submission_id=sender, sender_id=sender, channel="rest")
    code = saved.followup_code
    while "0" not in code:
        code = reissue_followup_code(saved.reference, sender)
    testimony = find_by_reference(saved.reference)
    with session_factory()() as session, session.begin():
        reply = StaffReply(testimony_id=testimony.id, text=REPLY)
        session.add(reply)
        asked = StaffReply(testimony_id=testimony.id, text=QUESTION, is_question=True)
        if question:
            session.add(asked)
        session.flush()
        return saved.reference, code, testimony.id, asked.id if question else None


def say(rasa_url: str, sender: str, text: str) -> list[dict[str, Any]]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(
        f"{rasa_url}/webhooks/rest/webhook", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def stored_messages(testimony_id: int) -> list[tuple[str, str, bool]]:
    with session_factory()() as session:
        rows = session.query(UserFollowup).filter_by(testimony_id=testimony_id).all()
        return [(r.kind, r.text, r.in_reply_to_id is not None) for r in rows]


def judge(case: dict, reference: str, testimony_id: int, replies: list[list[dict]]) -> str:
    """'ok' or why not."""
    expect = case.get("expect") or {}
    action = expect.get("action", "none")
    shown = "\n".join(m.get("text") or "" for turn in replies for m in turn)
    if expect.get("opened", True) and reference not in shown:
        return "not opened"
    gone = find_by_reference(reference) is None
    if action == "withdraw":
        return "ok" if gone else "not withdrawn"
    if gone:
        return f"withdrawn instead of {action}"
    stored = stored_messages(testimony_id)
    wanted = {"add": "addition", "answer": "answer", "ask": "question"}.get(action)
    if wanted:
        fragment = (expect.get("text") or "")[:40]
        kinds = [kind for kind, text, _ in stored if fragment and fragment in text]
        if not kinds:
            return f"{action}: not stored (stored: {[k for k, _, _ in stored]})"
        return "ok" if wanted in kinds else f"{action}: stored as {kinds}"
    if action == "receipt":
        last = replies[-1] if replies else []
        return "ok" if any((m.get("custom") or {}).get("receipt") for m in last) else "no receipt"
    if stored:
        return f"{action}: something stored ({[k for k, _, _ in stored]})"
    return "ok"


def play(rasa_url: str, case: dict, out: Path) -> str:
    action = (case.get("expect") or {}).get("action", "none")
    reference, code, testimony_id, _ = new_testimony(action == "answer")
    sender = uuid.uuid4().hex
    replies, lines = [], [f"# {case['name']} ({action}, code typed {case.get('code_as')})"]
    say(rasa_url, sender, "/greet")
    for message in case["messages"]:
        text = message.replace("{CODE}", typed(code, case.get("code_as", "as_is")))
        reply = say(rasa_url, sender, text)
        replies.append(reply)
        lines.append(f"\n> {text}")
        lines += [f"- {m.get('text') or m.get('custom') or ''}" for m in reply]
    verdict = judge(case, reference, testimony_id, replies)
    lines.append(f"\n**{verdict}**")
    (out / f"{case['name']}.md").write_text("\n".join(lines), encoding="utf-8")
    return verdict


def main(path: str, out_dir: str) -> int:
    cases = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["cases"]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with throwaway_stack("signalpme-followup-") as stack:
        verdicts = {case["name"]: play(stack.rasa_url, case, out) for case in cases}
    by_action: dict[str, list[str]] = {}
    for case in cases:
        action = (case.get("expect") or {}).get("action", "none")
        by_action.setdefault(action, []).append(verdicts[case["name"]])
    opened = sum(v != "not opened" for v in verdicts.values())
    right = sum(v == "ok" for v in verdicts.values())
    print(f"cases: {len(cases)}; code recognised and testimony opened: {opened}/{len(cases)}")
    print(f"expected action done: {right}/{len(cases)}")
    for action, results in sorted(by_action.items()):
        print(f"  {action:<20} {sum(r == 'ok' for r in results)}/{len(results)}")
    for name, verdict in verdicts.items():
        if verdict != "ok":
            print(f"MISS {name}: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
