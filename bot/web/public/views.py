"""Routes of the public blueprint: `/`, `POST /api/chat`, `POST /api/history`,
`POST /api/receipt`, and the static pages of the footer (`/accessibilite`,
`/mentions-legales`, `/donnees-personnelles`).

The API routes take the browser's conversation secret in the JSON body (never in a URL)
and talk to Rasa under the sender id derived from it (`conversation_ids`).
"""

from __future__ import annotations

import logging
import re
from datetime import date

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from bot.campaign import status_sentence
from bot.settings import Settings
from bot.web.public.conversation_ids import sender_id_for
from bot.web.public.rasa_client import RasaClient, RasaTimeout, RasaUnavailable
from bot.web.public.receipts import ReceiptRefused, parse_receipt_request, receipt_response
from bot.web.public.validation import (
    MAX_MESSAGE_CHARS,
    InvalidRequest,
    parse_chat_request,
    parse_history_request,
)

log = logging.getLogger(__name__)

blueprint = Blueprint("public", __name__)

UNAVAILABLE = (
    "Le service ne répond pas pour le moment. Votre message n'a pas été envoyé :"
    " réessayez dans quelques instants."
)
TOO_SLOW = (
    "Le service met trop de temps à répondre. Votre message n'a peut-être pas été traité :"
    " réessayez dans quelques instants."
)


def _settings() -> Settings:
    return current_app.config["SIGNALPME_SETTINGS"]


def _client() -> RasaClient:
    return RasaClient.from_settings(_settings())


def _sender_id(secret: str) -> str:
    """The Rasa sender id of the conversation the browser's `secret` opens."""
    return sender_id_for(secret, current_app.config["SIGNALPME_CONVERSATION_KEY"])


def error(message: str, status: int) -> tuple[Response, int]:
    """A JSON error carrying a French message for the user."""
    return jsonify({"error": message}), status


@blueprint.get("/")
def index() -> str:
    """The public page: the consultation, the privacy notice and the chat."""
    settings = _settings()
    return render_template(
        "public/index.html",
        campaign_status=status_sentence(
            date.today(), settings.campaign_start, settings.campaign_end
        ),
        retention_days=settings.transcript_retention_days,
        ministry_contact=settings.ministry_contact,
        max_chars=MAX_MESSAGE_CHARS,
    )


# a web address, an e-mail address or a French phone number in MINISTRY_CONTACT
_CONTACT_LINK = re.compile(
    r"(?P<url>https?://[^\s<>\"«»]+[^\s<>\"«».,;:!?)])"
    r"|(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    r"|(?P<phone>(?<![\d+])(?:\+33[\s.]?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d))"
)


def contact_parts(text: str) -> list[tuple[str, str | None]]:
    """`text` cut into (text, href) pieces: href is the link of a web address, an e-mail
    address (mailto:) or a phone number (tel:) written in it, None for plain text."""
    parts: list[tuple[str, str | None]] = []
    last = 0
    for match in _CONTACT_LINK.finditer(text):
        if match.start() > last:
            parts.append((text[last : match.start()], None))
        found = match.group(0)
        if match.group("url"):
            href = found
        elif match.group("email"):
            href = f"mailto:{found}"
        else:
            digits = re.sub(r"\D", "", found)
            href = "tel:+33" + (digits[2:] if digits.startswith("33") else digits[1:])
        parts.append((found, href))
        last = match.end()
    if last < len(text):
        parts.append((text[last:], None))
    return parts


@blueprint.context_processor
def _contact() -> dict[str, object]:
    """The ministry contact, with its links, for every public page."""
    return {"ministry_contact_parts": contact_parts(_settings().ministry_contact)}


# The state the footer of every page (staff too) and the statement announce. Note: the
# RGAA has a service without a valid audit declared "non conforme"; this is the one line to
# change (the statement page says that no audit was made).
ACCESSIBILITY_STATUS = "partiellement conforme"


@blueprint.app_context_processor
def _accessibility() -> dict[str, str]:
    return {"accessibility_status": ACCESSIBILITY_STATUS}


@blueprint.get("/accessibilite")
def accessibility() -> str:
    """The accessibility statement."""
    return render_template("public/accessibility.html")


@blueprint.get("/mentions-legales")
def legal_notice() -> str:
    """The legal notice."""
    return render_template("public/legal.html")


@blueprint.get("/donnees-personnelles")
def personal_data() -> str:
    """What is stored, for how long, and how to have it deleted, in plain French."""
    settings = _settings()
    return render_template(
        "public/personal_data.html",
        retention_days=settings.transcript_retention_days,
        receipt_minutes=settings.receipt_link_minutes,
    )


@blueprint.route("/api/chat", methods=["POST"])
def chat() -> tuple[Response, int]:
    """Forward one user message to Rasa's REST channel and return the bot's messages."""
    try:
        parsed = parse_chat_request(request.get_json(silent=True))
    except InvalidRequest as reason:
        return error(str(reason), 400)
    try:
        messages = _client().send(_sender_id(parsed.secret), parsed.message)
    except RasaTimeout:
        log.warning("Rasa timed out on a chat message")
        return error(TOO_SLOW, 504)
    except RasaUnavailable as failure:
        log.warning("Rasa unavailable for a chat message: %s", failure)
        return error(UNAVAILABLE, 503)
    return jsonify(messages), 200


@blueprint.route("/api/history", methods=["POST"])
def history() -> tuple[Response, int]:
    """The conversation so far, to show it again after a reload: only to the browser that
    holds its secret."""
    try:
        secret = parse_history_request(request.get_json(silent=True))
    except InvalidRequest as reason:
        return error(str(reason), 400)
    try:
        messages = _client().history(_sender_id(secret))
    except RasaTimeout:
        return error(TOO_SLOW, 504)
    except RasaUnavailable as failure:
        log.warning("Rasa unavailable for a history: %s", failure)
        return error(UNAVAILABLE, 503)
    return jsonify(messages), 200


@blueprint.route("/api/receipt", methods=["POST"])
def receipt() -> Response | tuple[Response, int]:
    """The PDF receipt a chat message offered: only to the browser of that conversation,
    while its link is valid (`receipts`)."""
    try:
        parsed = parse_receipt_request(request.get_json(silent=True))
    except InvalidRequest as reason:
        return error(str(reason), 400)
    try:
        return receipt_response(
            parsed.token,
            _sender_id(parsed.secret),
            current_app.config["SECRET_KEY"],
            _settings().database_url,
        )
    except ReceiptRefused as refusal:
        return error(str(refusal), refusal.status)


@blueprint.after_request
def _api_headers(response: Response) -> Response:
    """No caching of conversations; CORS only for the configured origins."""
    if not request.path.startswith("/api/"):
        return response
    response.headers["Cache-Control"] = "no-store"
    response.headers.add("Vary", "Origin")
    origin = request.headers.get("Origin", "")
    allowed = {o.strip().rstrip("/") for o in _settings().cors_origins}
    if origin and origin.rstrip("/") in allowed:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
    return response
