"""`POST /api/receipt`: the PDF receipt of a testimony, for the browser its link was made for.

The body is `{"secret": <the tab's conversation secret>, "token": <receipt token>}`. The
token (`bot/receipt_links.py`) is checked against the sender id derived from the secret, so
a token shown in one tab is refused in any other browser (403), and refused once expired
(410). The testimony is then read by its reference; a withdrawn testimony is gone (404).

The token is the proof of the right to the receipt: it is only made where the conversation
has shown that right (the save action, for the conversation that saved; the follow-up flow,
after a valid follow-up code). That is why the testimony is not also looked up by its
stored sender id: a seller coming back with the code is in another conversation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import Response
from sqlalchemy.exc import SQLAlchemyError

from bot.receipt import filename, receipt_pdf
from bot.receipt_links import ExpiredReceiptToken, InvalidReceiptToken, check_token, receipt_key
from bot.storage.testimonies import find_by_reference
from bot.web.public.conversation_ids import valid_secret
from bot.web.public.validation import BAD_SECRET, MALFORMED, InvalidRequest

log = logging.getLogger(__name__)

MAX_TOKEN_CHARS = 200
BAD_TOKEN = "Le lien du récépissé est absent ou mal formé. Rechargez la page."
REFUSED = (
    "Ce récépissé ne peut pas être téléchargé depuis cette conversation. Revenez dans le chat "
    "avec votre code de suivi pour en obtenir un nouveau."
)
EXPIRED = "Le lien a expiré : demandez un nouveau récépissé en revenant avec votre code de suivi."
GONE = "Ce témoignage n'existe plus : il a peut-être été retiré. Aucun récépissé n'est disponible."
FAILED = "Le récépissé ne peut pas être préparé pour le moment. Réessayez dans quelques instants."


@dataclass(frozen=True)
class ReceiptRequest:
    """A validated receipt request."""

    secret: str
    token: str


class ReceiptRefused(Exception):
    """A receipt request the API refuses; `str()` is the French message, `status` the code."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def parse_receipt_request(data: Any) -> ReceiptRequest:
    """Check the JSON body of `POST /api/receipt`; raise `InvalidRequest` (400)."""
    if not isinstance(data, dict):
        raise InvalidRequest(MALFORMED)
    secret = data.get("secret")
    if not valid_secret(secret):
        raise InvalidRequest(BAD_SECRET)
    token = data.get("token")
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_CHARS:
        raise InvalidRequest(BAD_TOKEN)
    return ReceiptRequest(secret, token)


def receipt_response(
    token: str, sender_id: str, app_secret_key: str, database_url: str | None
) -> Response:
    """The PDF for a checked token; raise `ReceiptRefused` otherwise."""
    try:
        reference = check_token(token, sender_id, receipt_key(app_secret_key))
    except ExpiredReceiptToken as refusal:
        log.info("Receipt refused: expired link")
        raise ReceiptRefused(EXPIRED, 410) from refusal
    except InvalidReceiptToken as refusal:
        log.info("Receipt refused: invalid link or another conversation")
        raise ReceiptRefused(REFUSED, 403) from refusal
    try:
        testimony = find_by_reference(reference, url=database_url)
    except SQLAlchemyError as failure:
        log.warning("Receipt: testimonies database unavailable (%s)", type(failure).__name__)
        raise ReceiptRefused(FAILED, 503) from failure
    if testimony is None:
        raise ReceiptRefused(GONE, 404)
    response = Response(receipt_pdf(testimony), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename(reference)}"'
    response.headers["Cache-Control"] = "no-store"
    # an embedding page's widget (CORS) may read the file name
    response.headers["Access-Control-Expose-Headers"] = "Content-Disposition"
    return response
