"""Routes of the public blueprint: `/`, `POST /api/chat`, `POST /api/history`,
`POST /api/receipt`.

The API routes take the browser's conversation secret in the JSON body (never in a URL)
and talk to Rasa under the sender id derived from it (`conversation_ids`).
"""

from __future__ import annotations

import logging
from datetime import date

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from bot.french import french_date
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
        campaign_start=french_date(settings.campaign_start),
        campaign_end=french_date(settings.campaign_end),
        campaign_open=date.today() <= settings.campaign_end,
        retention_days=settings.transcript_retention_days,
        ministry_contact=settings.ministry_contact,
        max_chars=MAX_MESSAGE_CHARS,
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
