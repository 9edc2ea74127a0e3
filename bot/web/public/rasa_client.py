"""Talk to the Rasa server on behalf of the browser (REST channel and tracker API).

The browser never reaches Rasa directly: Rasa only ever sees the web app's address, so no
user IP address reaches Rasa's logs or tracker store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import requests

from bot.rasa_auth import rasa_headers
from bot.receipt_links import PAYLOAD_KEY as RECEIPT_KEY
from bot.settings import Settings
from bot.typography import typeset

INPUT_CHANNEL = "web"
_RECEIPT_TOKEN = re.compile(r"[A-Za-z0-9.\-]{1,200}")


class RasaUnavailable(Exception):
    """Rasa could not be reached or answered with an error."""


class RasaTimeout(Exception):
    """Rasa did not answer in time."""


@dataclass(frozen=True)
class RasaClient:
    """A thin client for the two Rasa endpoints the widget needs."""

    base_url: str
    timeout: float
    token: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> RasaClient:
        """Build the client from the app settings."""
        return cls(
            settings.rasa_url.rstrip("/"), settings.rasa_timeout_seconds, settings.rasa_token
        )

    def _request(
        self, method: str, path: str, params: dict[str, str] | None = None, **kwargs: Any
    ) -> Any:
        try:
            response = requests.request(
                method, f"{self.base_url}{path}", params=params, timeout=self.timeout, **kwargs
            )
        except requests.Timeout as error:
            if isinstance(error, requests.ConnectTimeout):
                raise RasaUnavailable("connect timeout") from error
            raise RasaTimeout("read timeout") from error
        except requests.RequestException as error:
            raise RasaUnavailable(type(error).__name__) from error
        if response.status_code != 200:
            raise RasaUnavailable(f"HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as error:
            raise RasaUnavailable("invalid JSON") from error

    def send(self, sender: str, message: str) -> list[dict[str, Any]]:
        """Send one user message through the REST channel; return the bot's messages."""
        payload = {"sender": sender, "message": message, "input_channel": INPUT_CHANNEL}
        data = self._request("POST", "/webhooks/rest/webhook", json=payload)
        if not isinstance(data, list):
            raise RasaUnavailable("unexpected webhook answer")
        return fold_receipts([m for m in (bot_message(item) for item in data) if m is not None])

    def history(self, sender: str) -> list[dict[str, Any]]:
        """The conversation so far, as widget messages."""
        path = f"/conversations/{sender}/tracker"
        headers = rasa_headers(self.token, sender) if self.token else {}
        data = self._request("GET", path, params={"include_events": "ALL"}, headers=headers)
        events = data.get("events") if isinstance(data, dict) else None
        return events_to_messages(events or [])


def _buttons(raw: Any) -> list[dict[str, str]]:
    if not isinstance(raw, list):
        return []
    buttons = []
    for button in raw:
        if isinstance(button, dict) and isinstance(button.get("title"), str):
            payload = button.get("payload")
            buttons.append(
                {"title": button["title"], "payload": payload if isinstance(payload, str) else ""}
            )
    return buttons


def _receipt(custom: Any) -> str | None:
    """The receipt token of a message's custom payload (`bot/receipt_links.py`), if any."""
    token = custom.get(RECEIPT_KEY) if isinstance(custom, dict) else None
    if isinstance(token, str) and _RECEIPT_TOKEN.fullmatch(token):
        return token
    return None


def bot_message(item: Any) -> dict[str, Any] | None:
    """One REST-channel answer as a widget message, or None when it has nothing to show.

    Text and button titles get French typography (`bot.typography`). A `receipt` field
    carries the token of a PDF receipt the widget offers to download
    (from the message's `custom` payload); the rest of `custom` stays on the server side.
    """
    if not isinstance(item, dict):
        return None
    text = typeset(item.get("text")) if isinstance(item.get("text"), str) else ""
    buttons = [{**b, "title": typeset(b["title"])} for b in _buttons(item.get("buttons"))]
    receipt = _receipt(item.get("custom"))
    if not text and not buttons and not receipt:
        return None
    message: dict[str, Any] = {"from": "bot", "text": text, "buttons": buttons}
    if receipt:
        message["receipt"] = receipt
    return message


def fold_receipts(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Attach a receipt-only message to the bot message before it.

    The REST channel sends a message's custom payload as a message of its own, right after
    its text; the tracker keeps both in one event. Folded, the chat shows the same thing
    live and after a reload.
    """
    folded: list[dict[str, Any]] = []
    for message in messages:
        previous = folded[-1] if folded else None
        alone = not message["text"] and not message["buttons"] and "receipt" in message
        if alone and previous and previous["from"] == "bot" and "receipt" not in previous:
            previous["receipt"] = message["receipt"]
        else:
            folded.append(message)
    return folded


def events_to_messages(events: list[Any]) -> list[dict[str, Any]]:
    """Turn tracker events into the messages the user saw.

    A user event whose text is the payload of a button of the bot's last message is shown
    with the button's title, as the widget did; other `/intent` payloads (the automatic
    `/greet`) were never typed by the user and are left out.
    """
    messages: list[dict[str, Any]] = []
    last_buttons: list[dict[str, str]] = []
    for event in events:
        if not isinstance(event, dict):
            continue
        kind = event.get("event")
        if kind == "bot":
            data = event.get("data") if isinstance(event.get("data"), dict) else {}
            message = bot_message(
                {
                    "text": event.get("text"),
                    "buttons": data.get("buttons"),
                    "custom": data.get("custom"),
                }
            )
            if message:
                messages.append(message)
                if message["buttons"]:
                    last_buttons = message["buttons"]
        elif kind == "user":
            text = event.get("text")
            if not isinstance(text, str) or not text:
                continue
            titles = {b["payload"]: b["title"] for b in last_buttons if b["payload"]}
            if text in titles:
                text = titles[text]
            elif text.startswith("/"):
                continue
            messages.append({"from": "user", "text": text, "buttons": []})
            last_buttons = []
    return messages
