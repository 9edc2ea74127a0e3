"""Rasa input channels of our own: the REST channel, guarded."""

from __future__ import annotations

import itertools
import json
import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import BotUttered, Event, UserUttered
from rasa.utils.endpoints import bool_arg
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import typed_commands
from bot.rasa_plugins import action_failures
from bot.rasa_plugins.tracker_store import conversation_rewritten, forget_cached_conversation
from bot.storage.tracker_redaction import (
    delete_conversation,
    forget_after_delivery,
    mask_after_delivery,
    redact,
    tracker_engine,
)

if TYPE_CHECKING:
    from rasa.core.agent import Agent

logger = logging.getLogger(__name__)

EMPTY_MESSAGE_INTENT = "/empty_message"
MAX_BODY_BYTES = 256 * 1024
"""Largest request body. The web app accepts 20 000 characters, which `requests` sends
JSON-escaped: at worst 12 bytes a character (an emoji is two `\\uXXXX`), 240 000 bytes."""
MAX_SENDER_CHARS = 128
MAX_INPUT_CHANNEL_CHARS = 64

TOO_LARGE = f"La requête est trop volumineuse ({MAX_BODY_BYTES // 1024} Kio au plus)."
NOT_UTF8 = "La requête doit être encodée en UTF-8."
NOT_JSON = "La requête n'est pas du JSON valide."
NOT_OBJECT = "La requête doit être un objet JSON avec les champs « sender » et « message »."
BAD_SENDER = (
    "Le champ « sender » doit être un identifiant de conversation : un texte de 1 à "
    f"{MAX_SENDER_CHARS} caractères, sans caractère de contrôle."
)
BAD_MESSAGE = "Le champ « message » doit être un texte."
BAD_MESSAGE_CHARS = "Le message contient des caractères invalides."
BAD_METADATA = "Le champ « metadata » doit être un objet JSON."
BAD_INPUT_CHANNEL = "Le champ « input_channel » doit être un nom de canal court."
NOT_HANDLED = (
    "Le service est momentanément indisponible : votre message n'a pas été pris en compte. "
    "Ce que vous avez déjà dit est conservé ; renvoyez-le dans quelques instants."
)
NO_STREAM = "Le mode « stream » n'est pas disponible : envoyez la requête sans ce paramètre."


class BadRequest(ValueError):
    """A request the channel refuses; `str()` is the French reason, `status` the HTTP code."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True)
class Incoming:
    """A validated webhook request."""

    sender: str
    message: str
    input_channel: str | None = None
    metadata: dict[str, Any] | None = None


def parse_body(body: bytes) -> Incoming:
    """Check a `POST /webhook` body; raise `BadRequest` with a French reason.

    Any content type is accepted (`curl -d` sends a form type), as Rasa's channel does.
    """
    if len(body) > MAX_BODY_BYTES:
        raise BadRequest(TOO_LARGE, 413)
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise BadRequest(NOT_UTF8) from error
    except (ValueError, RecursionError) as error:  # RecursionError: "[[[[…" nested too deep
        raise BadRequest(NOT_JSON) from error
    if not isinstance(data, dict):
        raise BadRequest(NOT_OBJECT)
    sender = data.get("sender")
    if not _is_name(sender, MAX_SENDER_CHARS):
        raise BadRequest(BAD_SENDER)
    message = data.get("message")
    if not isinstance(message, str):
        raise BadRequest(BAD_MESSAGE)
    if "\x00" in message or not _is_encodable(message):  # NUL or a lone surrogate ("\ud800")
        raise BadRequest(BAD_MESSAGE_CHARS)
    input_channel = data.get("input_channel")
    if input_channel == "":
        input_channel = None  # Rasa's channel: "" means its own name
    if input_channel is not None and not _is_name(input_channel, MAX_INPUT_CHANNEL_CHARS):
        raise BadRequest(BAD_INPUT_CHANNEL)
    metadata = data.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest(BAD_METADATA)
    return Incoming(sender, message, input_channel, metadata)


class GuardedRestInput(RestInput):
    """Rasa's REST channel (`POST /webhooks/rest/webhook`, `GET /webhooks/rest/`), guarded:

    - a malformed request gets a 4xx `{"error": "<French reason>"}`, never a 500
      (`parse_body`);
    - a typed "/command" reaches the NLU as text unless the assistant has just offered it
      as a button (`bot.typed_commands`);
    - a blank message becomes our `empty_message` intent: Rasa gives no answer at all to an
      empty text, and users must always get one;
    - `after_delivery` runs once the answer is stored, before it is sent.

    The `?stream=true` option of Rasa's channel is refused (400): nothing uses it, and the
    hook could not run before a streamed answer is sent.
    """

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The channel's routes (same names and paths as Rasa's `RestInput.blueprint`)."""
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self.receive(request, on_new_message)

        return webhook

    async def receive(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        """Handle one `POST /webhook`: validate, hand the message to Rasa, answer."""
        if bool_arg(request, "stream", default=False):
            return _error(BadRequest(NO_STREAM))
        try:
            incoming = parse_body(request.body)
        except BadRequest as error:
            return _error(error)
        agent = request.app.ctx.agent
        text = incoming.message
        if typed_commands.is_command(text):
            text = await self._command_or_text(agent, incoming.sender, text)
        if not text.strip():
            text = EMPTY_MESSAGE_INTENT
        collector = CollectingOutputChannel()
        message = UserMessage(
            text,
            collector,
            incoming.sender,
            input_channel=incoming.input_channel or self.name(),
            metadata=incoming.metadata,
        )
        unreachable_actions = action_failures.watch()
        try:
            await on_new_message(message)
        except CancelledError:  # as Rasa's channel: answer with what was said so far
            logger.error("Message handling timed out (conversation %s).", incoming.sender)
        except Exception:
            logger.exception("Message handling failed (conversation %s).", incoming.sender)
            if not collector.messages:  # e.g. the lock store (Redis) is down: nothing ran
                return _error(BadRequest(NOT_HANDLED, status=503))
        if unreachable_actions:  # the tracker store did not store this turn
            logger.error("Action server unreachable (conversation %s).", incoming.sender)
            return _error(BadRequest(NOT_HANDLED, status=503))
        # `on_new_message` is Rasa's `Agent.handle_message`, which awaits
        # `MessageProcessor.handle_message`; that ends with `await self.save_tracker(tracker)`
        # before returning (rasa/core/processor.py, Rasa 3.6): the tracker store holds this
        # turn, bot messages included, when the hook runs.
        try:
            await self.after_delivery(agent, incoming.sender, collector.messages)
        except Exception:
            logger.exception("after_delivery failed (conversation %s).", incoming.sender)
        return response.json(collector.messages)

    async def after_delivery(
        self, agent: Agent, sender_id: str, messages: list[dict[str, Any]]
    ) -> None:
        """Redact the stored conversation once the message showing a follow-up code has
        been delivered: the code always, every identifier when the testimony saved is
        anonymous; delete it once a withdrawal is confirmed (`bot.storage.tracker_redaction`).

        Runs after Rasa saved the turn. Rasa's lock is released by then, so the rewrite
        takes it again; rows are updated in place, never added, so Rasa's next save (which
        appends after the rows it counts) is unaffected. A failure is logged by the caller
        (conversation id only) and the answer is still sent.

        The rewrite runs on the server's loop, as Rasa's own tracker store does its SQL:
        in a worker thread it fought the loop for the interpreter's lock and cost more
        (measured: 1.13× the messages per second with it on the loop, the message that
        shows the code 196 → 140 ms at 10 conversations; docs/measurements.md).
        """
        forget = forget_after_delivery(messages)
        mask = mask_after_delivery(messages)
        if mask is None and not forget:
            return
        engine = tracker_engine(agent.tracker_store)
        async with agent.lock_store.lock(sender_id):
            if forget:  # a withdrawn testimony: its conversation goes too
                delete_conversation(engine, sender_id)
                forget_cached_conversation(sender_id)
            elif mask is not None:  # the kept tracker takes the masked events
                conversation_rewritten(sender_id, redact(engine, sender_id, mask))

    @staticmethod
    async def _command_or_text(agent: Agent, sender_id: str, text: str) -> str:
        """`text` itself if the assistant just offered it as a button, else neutralised.

        Reads the stored conversation without creating it (`retrieve`, not Rasa's
        `get_or_create_tracker`). Outside Rasa's lock: a double click on one button reads
        the same offer twice, as the person saw it. Unreadable conversation: neutralised.
        """
        try:
            tracker = await agent.tracker_store.retrieve(sender_id)
            events = read_for_commands(tracker.events) if tracker else []
        except Exception:
            logger.exception("Could not read conversation %s: command taken as text.", sender_id)
            return typed_commands.neutralise(text)
        return typed_commands.text_for_rasa(text, events)


def read_for_commands(events: Sequence[Event]) -> list[dict[str, Any]]:
    """What `typed_commands` reads of a conversation, serialised as Rasa does: the events
    from its last user message on (all of them when there is none), after the latest bot
    message before it when none follows it. The payloads offered since the last user
    message and whether the assistant has spoken yet are then those of the whole
    conversation, without serialising all of it at each button press (3.5 % of the Rasa
    server's time under load, docs/measurements.md)."""
    tail: list[Event] = []
    for event in reversed(events):
        tail.append(event)
        if isinstance(event, UserUttered):
            break
    if not any(isinstance(event, BotUttered) for event in tail):
        earlier = itertools.islice(reversed(events), len(tail), None)
        tail.extend(itertools.islice((e for e in earlier if isinstance(e, BotUttered)), 1))
    return [event.as_dict() for event in reversed(tail)]


def _error(error: BadRequest) -> HTTPResponse:
    return response.json({"error": str(error)}, status=error.status)


def _is_name(value: object, max_chars: int) -> bool:
    """A non-blank printable text of at most `max_chars` characters (no control, format,
    line-separator or surrogate character: `str.isprintable`)."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= max_chars
        and bool(value.strip())
        and value.isprintable()
    )


def _is_encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
