"""The PDF receipt on the running product: a report saved through the web app offers a
receipt link in its saving message; the browser holding the conversation downloads the
PDF, another browser is refused; after a reload (the stored conversation is redacted by
then) the link still works."""

from __future__ import annotations

import io
import json
import re
import urllib.error
import urllib.request
from typing import Any

from pypdf import PdfReader

from tests.live.conversation import texts, web_report_until_summary
from tests.live_stack import LiveStack

OPENING = (
    "Bonjour, je suis Paul Durand, gérant de Durand Jouets SARL (paul.durand@durand-jouets.fr)."
    " Cdiscount a suspendu mon compte vendeur sans explication le 2 février."
)
ANSWERS = {
    "description": "Je m'appelle Paul Durand. Mon compte a été suspendu sans explication, "
    "joignable au 06 11 22 33 44.",
    "visibility": "anonyme",
    "estimated_loss_eur": "3000 euros",
}
IDENTIFIERS = ["Durand", "paul.durand", "durand-jouets", "06 11 22 33 44", "0611223344"]
REFERENCE = re.compile(r"SP-\d{4}-\d{6}")


def save_report(live: LiveStack, secret: str) -> list[dict[str, Any]]:
    """Play an anonymous report through `/api/chat`; return the saving answer."""
    web_report_until_summary(live, secret, OPENING, ANSWERS)
    return live.chat(secret, "oui")


def download(live: LiveStack, secret: str, token: str) -> tuple[int, dict[str, str], bytes]:
    """POST `/api/receipt` as the widget does: (status, headers, body)."""
    request = urllib.request.Request(
        f"{live.web_url}/api/receipt",
        data=json.dumps({"secret": secret, "token": token}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers), refused.read()


def pdf_text(data: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def test_saved_report_offers_a_receipt_only_to_its_browser(live_stack: LiveStack) -> None:
    secret = live_stack.new_secret()
    saved = save_report(live_stack, secret)
    reference = REFERENCE.search(texts(saved))
    assert reference, texts(saved)
    reference = reference.group(0)
    offered = [m for m in saved if m.get("receipt")]
    assert len(offered) == 1, saved
    assert reference in offered[0]["text"], "the link is on the saving message itself"
    token = offered[0]["receipt"]
    assert "signalpme_redact" not in json.dumps(saved), "internal payload stays server-side"

    status, headers, body = download(live_stack, secret, token)
    assert status == 200, body[:300]
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == f'attachment; filename="recepisse-{reference}.pdf"'
    assert headers["Cache-Control"] == "no-store"
    text = pdf_text(body)
    assert reference in text and "Cdiscount" in text and "Anonyme" in text
    assert [n for n in IDENTIFIERS if n.lower() in text.lower()] == []

    status, _, body = download(live_stack, live_stack.new_secret(), token)
    assert status == 403
    assert "code de suivi" in json.loads(body)["error"]

    # a reload: the stored conversation was redacted (anonymous), the link still works
    history = live_stack.history(secret)
    again = [m for m in history if m.get("receipt")]
    assert [m["receipt"] for m in again] == [token]
    assert download(live_stack, secret, again[0]["receipt"])[0] == 200
