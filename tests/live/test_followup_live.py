"""Coming back with the follow-up code, against the running servers: a report saved, the
code read from the assistant's message, then a new conversation through the web app with
the code typed another way; staff replies made in the staff app; information added, the
staff question answered, the testimony withdrawn and nothing of it left; wrong codes
paused; the typed code masked in the stored conversation."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bot.rasa_auth import read_tracker
from bot.settings import ROOT, get_settings
from bot.storage.accounts import create_account
from bot.storage.testimonies import save_testimony
from bot.web.app import create_app
from bot.web.public.conversation_ids import conversation_key, sender_id_for
from bot.web.security import load_secret_key
from tests.live.conversation import answer_until_summary, reference_in, texts
from tests.live_stack import LiveStack
from tests.staff.conftest import login, post

pytestmark = pytest.mark.live

CODE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}\b")
STORY = "Amazon a fermé mon compte vendeur sans préavis le 3 octobre et bloque 5 000 €."
ANSWERS = {
    "visibility": "confidentiel",
    "company_name": "Jouets Durand",
    "contact_name": "Paul Durand",
    "email": "paul.durand@example.fr",
    "wants_contact": "non",
}
ADDITION = "Amazon a rouvert mon compte le 20 novembre mais garde toujours les 5 000 €."
ANSWER = "La fermeture date du 3 octobre, annoncée par un simple mail automatique."
QUESTION = "À quelle date exacte le compte a-t-il été fermé ?"
REPLY = "Merci, nous étudions votre dossier avec attention."


def _report_with_a_zero_in_the_code(live: LiveStack, sender: str) -> tuple[str, str]:
    """A confidential report through Rasa's REST channel; a new code is asked until one
    holds a 0 (to type an O for it). Returns (reference, code as shown)."""
    first = live.say(sender, STORY)
    answer_until_summary(live, sender, first, ANSWERS)
    shown = live.say(sender, "/affirm")
    reference = reference_in(shown)
    for _ in range(30):
        code = CODE.search(texts(shown))
        assert code, texts(shown)
        if "0" in code.group(0):
            break
        shown = live.say(sender, "/deny")  # "Je ne l'ai pas noté : nouveau code"
    else:
        raise AssertionError("no code with a 0 in 30 tries")
    live.say(sender, "/affirm")  # "J'ai noté mon code"
    return reference, code.group(0)


def _typed_another_way(code: str) -> str:
    """Lower case, spaces instead of dashes, an O for the first 0."""
    return code.lower().replace("-", " ").replace("0", "o", 1)


def _sender(secret: str) -> str:
    return sender_id_for(secret, conversation_key(load_secret_key(get_settings())))


def _staff_client(email: str) -> Any:
    app = create_app()
    app.config["TESTING"] = True
    client = app.test_client()
    login(client, email, create_account(email, "reviewer"))
    return client


def _staff_acts(reference: str) -> None:
    """Staff move the testimony to review, reply, and ask a question (staff app)."""
    client = _staff_client("suivi-agent@example.fr")
    base = f"/staff/testimonies/{reference}"
    assert post(client, f"{base}/status", {"status": "in_review"}).status_code == 302
    assert post(client, f"{base}/replies", {"text": REPLY}).status_code == 302
    asked = post(client, f"{base}/replies", {"text": QUESTION, "is_question": "1"})
    assert asked.status_code == 302


def _tracker_events(live: LiveStack, sender: str) -> list[dict[str, Any]]:
    return read_tracker(live.rasa_url, live.stack.rasa_token, sender, timeout=30)["events"]


def _rows(url: str, query: str, **params: object) -> list[tuple]:
    engine = create_engine(url, future=True)
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(text(query), params)]
    engine.dispose()
    return rows


def _button(messages: list[dict[str, Any]], title: str) -> str:
    for message in messages:
        for button in message.get("buttons") or []:
            if button["title"] == title:
                return button["payload"]
    raise AssertionError(f"no button {title!r} in {messages!r}")


def _export(tmp_path: Path) -> str:
    out = tmp_path / "export.json"
    subprocess.run(
        [sys.executable, "-m", "bot", "export", "--format", "json", "--output", str(out)],
        cwd=ROOT,
        env=os.environ.copy(),
        check=True,
        capture_output=True,
    )
    return out.read_text(encoding="utf-8")


def test_coming_back_reads_replies_once_adds_answers_and_withdraws(
    live_stack: LiveStack, tmp_path: Path
) -> None:
    first_sender = live_stack.new_sender()
    reference, code = _report_with_a_zero_in_the_code(live_stack, first_sender)
    _staff_acts(reference)

    secret = live_stack.new_secret()
    live_stack.chat(secret, "/greet")
    opened = live_stack.chat(secret, f"Bonjour, voici mon code {_typed_another_way(code)}")
    shown = texts(opened)
    assert reference in shown and "en cours de lecture par l'équipe" in shown
    assert REPLY in shown and QUESTION in shown
    assert "Paul Durand" not in shown and "paul.durand" not in shown
    assert any(m.get("receipt", "").startswith(reference + ".") for m in opened), "PDF receipt"

    again = texts(live_stack.chat(secret, "où en est mon dossier ?"))
    assert reference in again and REPLY not in again, "a reply is shown once"

    prompt = live_stack.chat(secret, _button(opened, "Ajouter une information"))
    assert "information à ajouter" in texts(prompt)
    added = texts(live_stack.chat(secret, ADDITION))
    assert re.search(r"Votre message du \d+(er)? \w+ à \d+ h \d\d a été transmis", added), added

    prompt = live_stack.chat(secret, _button(opened, "Répondre à la question de l'équipe"))
    assert QUESTION in texts(prompt)
    assert "Votre réponse du " in texts(live_stack.chat(secret, ANSWER))
    stored = _rows(
        live_stack.database_url,
        "SELECT f.kind, f.text, f.in_reply_to_id IS NOT NULL FROM user_followups f "
        "JOIN testimonies t ON t.id = f.testimony_id WHERE t.reference = :r ORDER BY f.id",
        r=reference,
    )
    assert stored == [("addition", ADDITION, False), ("answer", ANSWER, True)]

    second_sender = _sender(secret)
    stored_conversation = json.dumps(_tracker_events(live_stack, second_sender))
    assert code not in stored_conversation and code.replace("-", "") not in stored_conversation
    assert _typed_another_way(code) not in stored_conversation
    assert "[code masqu" in stored_conversation, "the typed code is masked, once delivered"

    asked = live_stack.chat(secret, "je voudrais retirer mon témoignage")
    assert "définitivement" in texts(asked)
    done = texts(live_stack.chat(secret, _button(asked, "Oui, retirer définitivement")))
    assert "est retiré" in done

    left = _rows(
        live_stack.database_url,
        "SELECT COUNT(*) FROM testimonies WHERE reference = :r",
        r=reference,
    )
    assert left == [(0,)]
    everything = "\n".join(
        repr(row)
        for table in ("testimonies", "user_followups", "staff_replies", "status_changes")
        for row in _rows(live_stack.database_url, f"SELECT * FROM {table}")  # noqa: S608
    )
    for gone in (ADDITION, ANSWER, REPLY, QUESTION, "Paul Durand", reference):
        assert gone not in everything
    conversations = _rows(
        live_stack.tracker_database_url,
        "SELECT COUNT(*) FROM events WHERE sender_id IN (:a, :b)",
        a=first_sender,
        b=second_sender,
    )
    assert conversations == [(0,)], "both conversations are deleted"
    export = _export(tmp_path)
    assert reference not in export and "Jouets Durand" not in export
    assert live_stack.history(secret) == [], "a reload shows nothing of it"


def _saved_elsewhere(live: LiveStack, make_record: Any) -> str:
    """An anonymous testimony saved in-process; its follow-up code."""
    sender = live.new_sender()
    record = make_record(anonymous=True, platform="cdiscount", problems=["payment_withheld"])
    saved = save_testimony(
        record, submission_id=sender, sender_id=sender, channel="web", url=live.database_url
    )
    return saved.followup_code


def test_five_wrong_codes_pause_the_conversation(live_stack: LiveStack, make_record: Any) -> None:
    right = _saved_elsewhere(live_stack, make_record)
    secret = live_stack.new_secret()
    answers = [
        texts(live_stack.chat(secret, f"mon code : ABCD-EFGH-JKMN-PQ{n}S")) for n in range(2, 7)
    ]
    assert "il vous reste 4 essais" in answers[0]
    assert "suspendue pendant 15 minutes" in answers[-1]
    refused = texts(live_stack.chat(secret, right))
    assert "Réessayez dans 15 minutes" in refused or "Réessayez dans 14 minutes" in refused
    assert "Votre témoignage" not in refused, "the right code is not even looked up"


def test_a_typed_code_is_masked_in_the_stored_conversation(
    live_stack: LiveStack, make_record: Any
) -> None:
    code = _saved_elsewhere(live_stack, make_record)
    secret = live_stack.new_secret()
    opened = texts(live_stack.chat(secret, f"Bonjour, j'ai mon code {code} merci"))
    assert "Votre témoignage SP-" in opened and "Cdiscount" in opened
    stored = json.dumps(_tracker_events(live_stack, _sender(secret)), ensure_ascii=False)
    assert code not in stored and "[code masqué]" in stored
    assert "Bonjour, j'ai mon code [code masqué] merci" in stored


def test_a_wish_said_first_and_an_answer_right_after_opening(
    live_stack: LiveStack, make_record: Any
) -> None:
    """What sellers do without reading the menu: say what they want before the code; answer
    the staff question as soon as it is shown; ask staff a question; ask for the PDF; say
    'je veux retirer mon témoignage' before the code and a plain 'oui' to the confirmation."""
    sender = live_stack.new_sender()
    record = make_record(platform="cdiscount", problems=["payment_withheld"])
    saved = save_testimony(
        record, submission_id=sender, sender_id=sender, channel="web", url=live_stack.database_url
    )
    reference, code = saved.reference, saved.followup_code
    client = _staff_client("suivi-souhaits@example.fr")
    asked = post(
        client,
        f"/staff/testimonies/{reference}/replies",
        {"text": "Avez-vous conservé les mails de Cdiscount ?", "is_question": "1"},
    )
    assert asked.status_code == 302

    answering = live_stack.new_secret()
    opened = texts(live_stack.chat(answering, f"bonjour mon code est {code.lower()}"))
    assert "Avez-vous conservé les mails de Cdiscount ?" in opened
    assert "écrivant simplement votre réponse ici" in opened
    answer = "ouais j'ai tout gardé, les mails et les captures"
    stored = texts(live_stack.chat(answering, answer))
    assert "Votre réponse a été transmise à l'équipe le " in stored, stored
    question = "Faut-il que je vous envoie aussi mes relevés bancaires ?"
    assert "Votre question a été transmise" in texts(live_stack.chat(answering, question))
    pdf = live_stack.chat(answering, "je peux avoir le pdf ?")
    assert "Voici votre récépissé" in texts(pdf)
    assert any(m.get("receipt", "").startswith(reference + ".") for m in pdf)

    adding = live_stack.new_secret()
    first = texts(live_stack.chat(adding, "j'ai du nouveau pour mon dossier"))
    assert first.startswith("Pour compléter votre témoignage"), first
    prompt = texts(live_stack.chat(adding, code.replace("-", " ")))
    assert reference in prompt and "l'information à ajouter" in prompt, prompt
    addition = "Cdiscount a reversé 1 200 € hier, il en manque encore 800."
    assert "a été transmis" in texts(live_stack.chat(adding, addition))

    rows = _rows(
        live_stack.database_url,
        "SELECT f.kind, f.text, f.in_reply_to_id IS NOT NULL FROM user_followups f "
        "JOIN testimonies t ON t.id = f.testimony_id WHERE t.reference = :r ORDER BY f.id",
        r=reference,
    )
    assert rows == [
        ("answer", answer, True),
        ("question", question, False),
        ("addition", addition, False),
    ]

    leaving = live_stack.new_secret()
    assert "Pour retirer votre témoignage" in texts(
        live_stack.chat(leaving, "je veux retirer mon témoignage")
    )
    confirm = texts(live_stack.chat(leaving, code))
    assert reference in confirm and "Voulez-vous vraiment retirer" in confirm, confirm
    assert "est retiré" in texts(live_stack.chat(leaving, "oui"))
    left = _rows(
        live_stack.database_url,
        "SELECT COUNT(*) FROM testimonies WHERE reference = :r",
        r=reference,
    )
    assert left == [(0,)]
