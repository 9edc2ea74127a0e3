"""The receipt button in chromium: after a real report, a keyboard user downloads the PDF;
an expired link shows the French error line."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.browser.test_full_report import drive_anonymous_report

pytestmark = pytest.mark.browser

BUTTON = "Télécharger le récépissé (PDF)"
EXPIRED = (
    "Le lien a expiré\u00a0: demandez un nouveau récépissé en revenant avec votre code de suivi."
)


def test_receipt_button_downloads_the_pdf(chat: Any, live_stack: Any) -> None:
    page = chat.page
    chat.greeted(live_stack.web_url)
    reference, code = drive_anonymous_report(chat)

    button = page.get_by_role("button", name=BUTTON)
    assert button.count() == 1
    button.focus()
    assert page.evaluate("() => document.activeElement.textContent") == BUTTON
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == f"recepisse-{reference}.pdf"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert reference in text and code not in text
    status = page.locator(".spme-receipt__status")
    status.filter(has_text="téléchargé").wait_for()
    assert status.get_attribute("role") == "status"

    # the same button, once its link has expired (answer of the server simulated)
    page.route(
        "**/api/receipt",
        lambda route: route.fulfill(
            status=410,
            content_type="application/json",
            body=json.dumps({"error": "expiré"}),
        ),
    )
    button.click()
    status.filter(has_text=re.compile("expiré")).wait_for()
    assert status.text_content() == EXPIRED
    assert "spme-receipt__status--error" in (status.get_attribute("class") or "")
    assert button.is_enabled(), "the user may try again"
    assert page.console_errors == [] or all("410" in e for e in page.console_errors)
