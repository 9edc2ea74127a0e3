"""Rasa input channels of our own."""

from __future__ import annotations

from rasa.core.channels.rest import RestInput
from sanic.request import Request

EMPTY_MESSAGE_INTENT = "/empty_message"


class RestInputAnsweringEmptyMessages(RestInput):
    """Rasa's REST channel, except that a blank message becomes the `empty_message` intent.

    Rasa gives no answer at all to an empty text; users must always get one.
    """

    @classmethod
    def name(cls) -> str:
        return "rest"

    def _extract_message(self, req: Request) -> str | None:
        text = super()._extract_message(req)
        if text is None or not str(text).strip():
            return EMPTY_MESSAGE_INTENT
        return text
