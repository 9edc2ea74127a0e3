"""Pages and bot messages carry French typography; the page tells the consultation's dates."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

from flask.testing import FlaskClient

from bot.settings import get_settings
from bot.typography import NBSP, NNBSP
from bot.web.app import create_app
from bot.web.public.rasa_client import bot_message

# a space, then a sign French typography ties to the word before it
_LOOSE_SIGN = re.compile(r"\w [;:!?»%€]|« \w")


def _raw_client(**changes: object) -> FlaskClient:
    """Flask's own client: the bytes as the browser gets them (no test normalisation)."""
    settings = dataclasses.replace(get_settings(), secret_key="test-secret", **changes)
    app = create_app(settings)
    app.test_client_class = FlaskClient
    return app.test_client()


def _visible_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", "\n", html)


def test_no_sign_of_the_public_pages_can_start_a_line_alone() -> None:
    client = _raw_client()
    for path in ("/", "/accessibilite", "/mentions-legales", "/donnees-personnelles"):
        response = client.get(path)
        assert response.status_code == 200, path
        text = _visible_text(response.get_data(as_text=True))
        assert not _LOOSE_SIGN.search(text), (path, _LOOSE_SIGN.search(text))


def test_the_staff_login_page_is_typeset_too() -> None:
    text = _visible_text(_raw_client().get("/staff/login").get_data(as_text=True))
    assert not _LOOSE_SIGN.search(text)


def test_bot_messages_and_button_titles_are_typeset() -> None:
    message = bot_message(
        {
            "text": "Votre code de suivi : K7QF-93XD-P2MW-TZ6C ; notez-le !",
            "buttons": [{"title": "Qui lit mon témoignage ?", "payload": "/faq_who_reads"}],
        }
    )
    assert message["text"] == (
        f"Votre code de suivi{NBSP}: K7QF-93XD-P2MW-TZ6C{NNBSP}; notez-le{NNBSP}!"
    )
    assert message["buttons"][0]["title"] == f"Qui lit mon témoignage{NNBSP}?"


def test_the_page_tells_the_same_story_of_the_dates_as_the_assistant() -> None:
    today = date.today()
    during = _raw_client(campaign_start=today, campaign_end=today + timedelta(days=10))
    page = during.get("/").get_data(as_text=True).replace(NBSP, " ").replace(NNBSP, " ")
    assert "La consultation est ouverte jusqu" in page
    after = _raw_client(
        campaign_start=today - timedelta(days=40), campaign_end=today - timedelta(days=1)
    )
    page = after.get("/").get_data(as_text=True).replace(NBSP, " ").replace(NNBSP, " ")
    assert "terminée le" in page and "toujours témoigner" in page
