"""The whole follow-up loop in chromium: report, note the code, staff reply in the staff
app, come back in a new conversation with the code typed another way, read the reply,
download the receipt, add information."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.browser.test_full_report import drive_anonymous_report
from tests.live.test_followup_live import _staff_client
from tests.staff.conftest import post

pytestmark = pytest.mark.browser

REPLY = "Bonjour, nous avons bien lu votre témoignage et revenons vers vous."
ADDED = "Le compte a été rouvert partiellement hier, mais les fonds restent bloqués."


def test_the_whole_follow_up_loop_in_the_widget(chat: Any, live_stack: Any) -> None:
    chat.greeted(live_stack.web_url)
    reference, code = drive_anonymous_report(chat)
    chat.click("J'ai noté mon code")
    chat.wait_idle()

    staff = _staff_client("navigateur-suivi@example.fr")
    base = f"/staff/testimonies/{reference}"
    assert post(staff, f"{base}/status", {"status": "in_review"}).status_code == 302
    assert post(staff, f"{base}/replies", {"text": REPLY}).status_code == 302

    chat.page.get_by_role("button", name="Nouveau signalement").click()
    chat.page.get_by_role("button", name="Oui, recommencer").click()
    chat.wait_bot_count(1)
    chat.send(code.lower().replace("-", " "))
    shown = "\n".join(chat.bot_texts())
    assert reference in shown and "en cours de lecture" in shown
    assert REPLY in shown, "the staff reply not read yet is shown"

    button = chat.page.get_by_role("button", name="Télécharger le récépissé (PDF)")
    with chat.page.expect_download() as info:
        button.last.click()
    data = Path(info.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert reference in text and code not in text

    chat.click("Ajouter une information")
    chat.send(ADDED)
    assert any("transmis" in t for t in chat.bot_texts()[-2:]), "the addition is confirmed"
    page = staff.get(base).get_data(as_text=True)
    assert "Le compte a été rouvert partiellement hier" in page, "staff read the addition"
    assert code not in page
