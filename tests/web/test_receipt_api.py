"""`POST /api/receipt` through Flask's test client (SQLite testimonies, no Rasa), and the
receipt token carried from Rasa's answers to the widget (`rasa_client`)."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import delete

from bot.receipt_links import make_token, receipt_key
from bot.storage.db import session_factory
from bot.storage.models import Testimony
from bot.storage.testimonies import save_testimony
from bot.web.public import rasa_client
from bot.web.public.conversation_ids import conversation_key, sender_id_for
from bot.web.public.rasa_client import RasaClient, bot_message, events_to_messages
from tests.web.test_public_api import (
    ALLOWED_ORIGIN,
    OTHER_SECRET,
    SECRET,
    assert_french_error,
    closed_port_url,
    make_client,
)

APP_SECRET = "test-secret"  # what make_client configures
SENDER = sender_id_for(SECRET, conversation_key(APP_SECRET))
KEY = receipt_key(APP_SECRET)

Record = Callable[..., dict[str, object]]


def saved_reference(make_record: Record, sender: str = SENDER, **changes: object) -> str:
    record = make_record(**changes)
    saved = save_testimony(
        record, submission_id=f"s-{time.time_ns()}", sender_id=sender, channel="web"
    )
    return saved.reference


def token_for(reference: str, sender: str = SENDER, **kwargs: Any) -> str:
    kwargs.setdefault("minutes", 15)
    return make_token(reference, sender, KEY, **kwargs)


def post(client: FlaskClient, secret: str, token: Any, **kwargs: Any) -> Any:
    return client.post("/api/receipt", json={"secret": secret, "token": token}, **kwargs)


@pytest.fixture()
def client(sqlite_db_url: str) -> FlaskClient:
    return make_client(closed_port_url())


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# ---------- the route ----------


def test_receipt_goes_to_the_browser_holding_the_conversation(
    client: FlaskClient, make_record: Record
) -> None:
    reference = saved_reference(make_record)
    response = post(client, SECRET, token_for(reference))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="recepisse-{reference}.pdf"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    text = pdf_text(response.data)
    assert reference in text and "Jouets Martin" in text
    assert "claire@example.fr" not in text


def test_anonymous_testimony_receipt_has_no_identity(
    client: FlaskClient, make_record: Record
) -> None:
    reference = saved_reference(make_record, anonymous=True)
    response = post(client, SECRET, token_for(reference))
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert reference in text
    assert not any(v in text for v in ("Jouets Martin", "Claire", "732829320", "claire@"))


def test_another_browsers_secret_is_refused(client: FlaskClient, make_record: Record) -> None:
    reference = saved_reference(make_record)
    message = assert_french_error(post(client, OTHER_SECRET, token_for(reference)), 403)
    assert "code de suivi" in message


def test_forged_token_is_refused(client: FlaskClient, make_record: Record) -> None:
    mine = saved_reference(make_record)
    theirs = saved_reference(make_record, sender="b" * 32)
    _, expiry, signature = token_for(mine).split(".")
    assert_french_error(post(client, SECRET, f"{theirs}.{expiry}.{signature}"), 403)
    key = receipt_key("not-the-app-secret")
    assert_french_error(post(client, SECRET, make_token(mine, SENDER, key, minutes=15)), 403)
    assert_french_error(post(client, SECRET, "SP-2026-000001"), 403)


def test_expired_token_is_gone(client: FlaskClient, make_record: Record) -> None:
    reference = saved_reference(make_record)
    old = token_for(reference, now=time.time() - 16 * 60)
    message = assert_french_error(post(client, SECRET, old), 410)
    assert message == (
        "Le lien a expiré : demandez un nouveau récépissé en revenant avec votre code de suivi."
    )


def test_withdrawn_testimony_has_no_receipt(
    client: FlaskClient, make_record: Record, sqlite_db_url: str
) -> None:
    reference = saved_reference(make_record)
    with session_factory(sqlite_db_url)() as session, session.begin():
        session.execute(delete(Testimony).where(Testimony.reference == reference))
    message = assert_french_error(post(client, SECRET, token_for(reference)), 404)
    assert "retiré" in message


def test_a_conversation_opened_with_the_follow_up_code_gets_the_receipt(
    client: FlaskClient, make_record: Record
) -> None:
    """Coming back with the code is another conversation: the link made for it is enough."""
    reference = saved_reference(make_record, sender="c" * 32)
    assert post(client, SECRET, token_for(reference)).status_code == 200
    assert_french_error(post(client, OTHER_SECRET, token_for(reference)), 403)


@pytest.mark.parametrize(
    "body",
    [
        None,
        ["x"],
        {"token": "SP-2026-000001.a.b"},
        {"secret": "abc", "token": "SP-2026-000001.a.b"},
        {"secret": SECRET},
        {"secret": SECRET, "token": ""},
        {"secret": SECRET, "token": 12},
        {"secret": SECRET, "token": "a" * 201},
    ],
)
def test_malformed_requests_are_refused_in_french(client: FlaskClient, body: Any) -> None:
    response = (
        client.post("/api/receipt", json=body)
        if body is not None
        else (client.post("/api/receipt", data="{pas du json", content_type="application/json"))
    )
    assert_french_error(response, 400)


def test_receipt_is_post_only(client: FlaskClient) -> None:
    assert_french_error(client.get("/api/receipt"), 405)


def test_database_down_is_a_french_503(make_record: Record, sqlite_db_url: str) -> None:
    reference = saved_reference(make_record)
    down = make_client(
        closed_port_url(), database_url="postgresql+psycopg2://nobody:x@127.0.0.1:1/none"
    )
    assert_french_error(post(down, SECRET, token_for(reference)), 503)


def test_embedding_page_can_read_the_file_name(client: FlaskClient, make_record: Record) -> None:
    reference = saved_reference(make_record)
    response = post(client, SECRET, token_for(reference), headers={"Origin": ALLOWED_ORIGIN})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    assert response.headers["Access-Control-Expose-Headers"] == "Content-Disposition"


# ---------- the token from Rasa's answer to the widget ----------

TOKEN = "SP-2026-000042.gnbjfggo.abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcd"
SAVED_TEXT = "Votre témoignage est enregistré sous la référence SP-2026-000042."
CODE_BUTTONS = [{"title": "J'ai noté mon code", "payload": "/affirm"}]


def test_bot_message_keeps_only_the_receipt_of_custom() -> None:
    custom = {"signalpme_redact": "anonymous", "receipt": TOKEN}
    assert bot_message({"text": "x", "custom": custom}) == {
        "from": "bot",
        "text": "x",
        "buttons": [],
        "receipt": TOKEN,
    }
    assert bot_message({"text": "x", "custom": {"signalpme_redact": "code"}}) == {
        "from": "bot",
        "text": "x",
        "buttons": [],
    }
    assert bot_message({"custom": {"signalpme_redact": "code"}}) is None
    for bad in (12, "", "<script>", "a b", "x" * 201, ["x"]):
        assert "receipt" not in (bot_message({"text": "x", "custom": {"receipt": bad}}) or {})


def test_chat_answer_carries_the_receipt_on_the_saving_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rasa's REST channel sends a custom payload as a message of its own, after the text."""
    answer = [
        {"recipient_id": SENDER, "text": SAVED_TEXT, "buttons": CODE_BUTTONS},
        {"recipient_id": SENDER, "custom": {"signalpme_redact": "code", "receipt": TOKEN}},
    ]
    monkeypatch.setattr(rasa_client.requests, "request", lambda *a, **k: FakeResponse(answer))
    messages = RasaClient("http://rasa", 1.0).send(SENDER, "oui")
    assert messages == [
        {"from": "bot", "text": SAVED_TEXT, "buttons": CODE_BUTTONS, "receipt": TOKEN}
    ]


def test_history_keeps_the_receipt_of_the_stored_bot_event() -> None:
    events = [
        {"event": "user", "text": "oui"},
        {
            "event": "bot",
            "text": SAVED_TEXT,
            "data": {
                "buttons": CODE_BUTTONS,
                "custom": {"signalpme_redact": "code", "receipt": TOKEN},
            },
        },
    ]
    assert events_to_messages(events)[-1] == {
        "from": "bot",
        "text": SAVED_TEXT,
        "buttons": CODE_BUTTONS,
        "receipt": TOKEN,
    }


class FakeResponse:
    status_code = 200

    def __init__(self, data: Any) -> None:
        self.data = data

    def json(self) -> Any:
        return self.data
