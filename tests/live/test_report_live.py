"""Whole reports through Rasa's REST webhook, against the running servers, checked in the export."""

from __future__ import annotations

import json
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest

from tests.live.conversation import answer_until_summary, asked_slot, reference_in, texts
from tests.live_stack import LiveStack

pytestmark = pytest.mark.live


def converse(live: LiveStack, sender: str, turns: list[str]) -> list[dict]:
    """Send each message in turn; return the bot's answer to the last one."""
    answer: list[dict] = []
    for turn in turns:
        answer = live.say(sender, turn)
        assert answer, f"no answer to {turn!r}"
    return answer


def record_for(live: LiveStack, reference: str) -> dict:
    matches = [r for r in live.export_records() if r["reference"] == reference]
    assert len(matches) == 1
    return matches[0]


def test_anonymous_report_is_saved_field_by_field(live_stack: LiveStack) -> None:
    sender = live_stack.new_sender()
    converse(live_stack, sender, ["/greet", "/report_problem"])
    summary = converse(
        live_stack,
        sender,
        [
            "Amazone",
            "ils ont fermé mon compte et bloqué mon argent",
            "Mon compte vendeur a été fermé du jour au lendemain, 3 ans de travail perdus.",
            "il y a deux semaines",
            "aucune explication",
            "non",
            "plus du tout",
            "oui",
            "pas de réponse",
            "non jamais",
            "la moitié",
            "15k",
            "je suis seul",
            "jouets en bois",
            "anonyme",
        ],
    )
    assert "récapitulatif" in texts(summary)
    saved = live_stack.say(sender, "/affirm")
    reference = reference_in(saved)
    assert "code de suivi" in texts(saved)
    record = record_for(live_stack, reference)
    assert record["platform"] == "amazon"
    assert set(record["problems"]) >= {"account_termination", "payment_withheld"}
    assert record["description"].startswith("Mon compte vendeur a été fermé")
    assert record["started_on"] == (date.today() - timedelta(weeks=2)).isoformat()
    assert record["reason_given"] == "no"
    assert record["notice_given"] == "no"
    assert record["account_access"] == "none"
    assert record["contacted_platform"] == "yes"
    assert record["support_outcome"] == "no_answer"
    assert record["human_contact"] == "no"
    assert record["revenue_share_pct"] == 50
    assert record["estimated_loss_eur"] == 15000
    assert record["company_size"] == "micro"
    assert record["sector"] == "jouets en bois"
    assert record["anonymous"] is True
    assert record["wants_contact"] is False and record["share_with_platform"] is False
    for name in ("company_name", "siren", "contact_name", "email", "phone"):
        assert record[name] is None
    assert record["status"] == "new"
    assert record["channel"] == "rest"


def test_identified_report_from_an_opening_story(live_stack: LiveStack) -> None:
    sender = live_stack.new_sender()
    first = live_stack.say(
        sender, "Cdiscount a déréférencé tous mes produits et retient 8000 € depuis le 3 mars"
    )
    assert "Cdiscount" in texts(first)  # the story was understood, not asked again
    summary = converse(
        live_stack,
        sender,
        [
            "en partie",
            "non",
            "80 %",
            "on est 12",
            "cosmétiques",
            "confidentiel",
            "SARL Dupont",
            "732 829 320",
            "Marie Dupont",
            "marie.dupont@example.fr",
            "06 12 34 56 78",
            "oui",
        ],
    )
    assert "récapitulatif" in texts(summary)
    reference = reference_in(live_stack.say(sender, "je confirme"))
    record = record_for(live_stack, reference)
    assert record["platform"] == "cdiscount"
    assert "delisting" in record["problems"] and "payment_withheld" in record["problems"]
    assert "8000 €" in record["description"]
    assert record["estimated_loss_eur"] == 8000
    assert record["started_on"].endswith("-03-03")
    assert record["reason_given"] == "partial"
    assert record["contacted_platform"] == "no"
    assert record["support_outcome"] is None and record["human_contact"] is None
    assert record["notice_given"] is None and record["account_access"] is None
    assert record["revenue_share_pct"] == 80
    assert record["company_size"] == "small"
    assert record["anonymous"] is False and record["share_with_platform"] is False
    assert record["company_name"] == "SARL Dupont"
    assert record["siren"] == "732829320"
    assert record["email"] == "marie.dupont@example.fr"
    assert record["phone"] == "+33612345678"
    assert record["wants_contact"] is True


def test_double_click_on_confirm_saves_once(live_stack: LiveStack) -> None:
    sender = live_stack.new_sender()
    first = live_stack.say(sender, "leboncoin a supprimé toutes mes annonces pro sans prévenir")
    _, asked = answer_until_summary(live_stack, sender, first, {"visibility": "anonyme"})
    assert "platform" not in asked and "description" not in asked  # taken from the story
    with ThreadPoolExecutor(2) as pool:
        replies = list(pool.map(lambda _: live_stack.say(sender, "/affirm"), range(2)))
    references = {reference_in(r) for r in replies if "SP-" in texts(r)}
    assert len(references) == 1
    saved = [r for r in live_stack.export_records() if r["reference"] in references]
    assert len(saved) == 1


def test_a_retried_save_action_makes_no_duplicate(live_stack: LiveStack) -> None:
    sender = live_stack.new_sender()
    slots = {
        "platform": "etsy",
        "problems": ["reviews"],
        "description": "Faux avis en série.",
        "visibility": "anonymous",
        "submission_id": uuid.uuid4().hex,
        "stage": "summary",
    }
    call = {
        "next_action": "action_save_testimony",
        "sender_id": sender,
        "tracker": {
            "sender_id": sender,
            "slots": slots,
            "latest_message": {},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
        "domain": {"slots": {}, "responses": {}, "intents": [], "entities": [], "forms": {}},
        "version": "3.6.2",
    }
    responses = [_post_json(f"{live_stack.stack.action_url}/webhook", call) for _ in range(2)]
    references = [
        e["value"] for r in responses for e in r["events"] if e.get("name") == "reference"
    ]
    assert len(references) == 2 and references[0] == references[1]
    assert len([r for r in live_stack.export_records() if r["reference"] == references[0]]) == 1


def _post_json(url: str, payload: dict) -> dict:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def test_cancel_saves_nothing(live_stack: LiveStack) -> None:
    before = len(live_stack.export_records())
    sender = live_stack.new_sender()
    converse(live_stack, sender, ["eBay bloque mes paiements depuis un mois", "passer"])
    ask = live_stack.say(sender, "laissez tomber")
    assert "abandonner" in texts(ask)
    done = live_stack.say(sender, "oui")
    assert "rien n'a été enregistré" in texts(done)
    assert len(live_stack.export_records()) == before


@pytest.mark.parametrize(
    "message",
    ["", " ", "😡😡😡", "<script>alert(1)</script>", "'; DROP TABLE testimonies; --", "a" * 20000],
)
def test_bad_input_gets_a_clear_answer(live_stack: LiveStack, message: str) -> None:
    sender = live_stack.new_sender()
    answer = live_stack.say(sender, message)
    assert answer and all((m.get("text") or m.get("buttons")) for m in answer)
    assert "Traceback" not in texts(answer)


def test_invalid_email_is_asked_again_with_the_reason(live_stack: LiveStack) -> None:
    sender = live_stack.new_sender()
    live_stack.say(sender, "/greet")
    first = live_stack.say(sender, "/report_problem")  # the greeting's button
    answers = {
        "platform": "Rakuten",
        "problems": "compte suspendu",
        "description": "Bloqué.",
        "visibility": "partagé",
        "company_name": "Boutique Zen",
        "contact_name": "Paul",
        "email": "paul-at-example",
    }
    reply, asked = first, []
    while asked[-1:] != ["email"]:
        reply, asked = _next(live_stack, sender, reply, answers, asked)
    assert asked_slot(reply) == "email"  # asked again
    assert "adresse" in texts(reply).lower() and len(reply) >= 2  # with the reason first


def _next(live, sender, reply, answers, asked):
    slot = asked_slot(reply)
    assert slot, texts(reply)
    return live.say(sender, answers.get(slot, "passer")), [*asked, slot]
