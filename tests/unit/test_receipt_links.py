"""Receipt tokens (`bot/receipt_links.py`): signed, short-lived, bound to one conversation."""

from __future__ import annotations

import dataclasses
import re
import time

import pytest

from bot.privacy import mask_followup_codes, mask_identifiers
from bot.receipt_links import (
    ExpiredReceiptToken,
    InvalidReceiptToken,
    check_token,
    make_token,
    receipt_key,
    receipt_payload,
)
from bot.settings import get_settings
from bot.storage.tracker_redaction import mask_json, redaction_mark
from bot.web.public.conversation_ids import conversation_key

KEY = receipt_key("app-secret")
SENDER = "0f8c2b1e9a7d4c3b8e6f5a4d3c2b1a09"
OTHER_SENDER = "ffffffffffffffffffffffffffffffff"
REFERENCE = "SP-2026-000042"
NOW = 1_790_000_000.0


def token(**changes: object) -> str:
    args: dict[str, object] = {"minutes": 15, "now": NOW}
    args.update(changes)
    return make_token(REFERENCE, SENDER, KEY, **args)  # type: ignore[arg-type]


def test_a_token_opens_its_reference_for_its_conversation() -> None:
    assert check_token(token(), SENDER, KEY, now=NOW) == REFERENCE
    assert check_token(token(), SENDER, KEY, now=NOW + 15 * 60 - 1) == REFERENCE


def test_a_token_expires_after_its_minutes() -> None:
    with pytest.raises(ExpiredReceiptToken):
        check_token(token(), SENDER, KEY, now=NOW + 15 * 60)
    with pytest.raises(ExpiredReceiptToken):
        check_token(token(minutes=1), SENDER, KEY, now=NOW + 61)
    assert check_token(token(minutes=60), SENDER, KEY, now=NOW + 59 * 60) == REFERENCE


def test_another_conversation_or_key_is_refused() -> None:
    with pytest.raises(InvalidReceiptToken) as refused:
        check_token(token(), OTHER_SENDER, KEY, now=NOW)
    assert not isinstance(refused.value, ExpiredReceiptToken)
    with pytest.raises(InvalidReceiptToken):
        check_token(token(), SENDER, receipt_key("another-app-secret"), now=NOW)


def test_the_receipt_key_is_not_the_conversation_key() -> None:
    assert receipt_key("app-secret") != conversation_key("app-secret")
    assert receipt_key("app-secret") != receipt_key("app-secret2")


def _swap(text: str, index: int) -> str:
    replacement = "b" if text[index] != "b" else "c"
    return text[:index] + replacement + text[index + 1 :]


def test_any_tampering_is_refused() -> None:
    good = token()
    reference, expiry, signature = good.split(".")
    later = make_token(REFERENCE, SENDER, KEY, minutes=600, now=NOW).split(".")[1]
    forged = [
        f"SP-2026-000043.{expiry}.{signature}",  # another testimony
        f"{reference}.{later}.{signature}",  # a longer life
        f"{reference}.{expiry}.{_swap(signature, 0)}",
        f"{reference}.{expiry}.{_swap(signature, 63)}",
        f"{reference}.{expiry}.{signature[:-1]}",
        f"{reference}.{expiry}.{signature}a",
        f"{reference}.{expiry}.{signature.upper()}",
        good + ".",
        good.replace(".", "-"),
        "",
        "SP-2026-000042",
        None,
        12345,
    ]
    for bad in forged:
        with pytest.raises(InvalidReceiptToken) as refused:
            check_token(bad, SENDER, KEY, now=NOW)
        assert not isinstance(refused.value, ExpiredReceiptToken), bad


def test_only_references_are_signed() -> None:
    with pytest.raises(ValueError):
        make_token("../etc/passwd", SENDER, KEY, minutes=15)
    with pytest.raises(ValueError):
        make_token(REFERENCE, "", KEY, minutes=15)


def test_masking_of_stored_conversations_leaves_tokens_intact() -> None:
    """The saving message is rewritten with the masks once delivered: its token must still
    work when the conversation is shown again after a reload."""
    for i in range(300):
        made = make_token(f"SP-2026-{i:06d}", SENDER, KEY, minutes=15, now=NOW + i * 7919)
        assert mask_identifiers(made) == made
        assert mask_followup_codes(made) == made
        assert re.search(r"[0-9]{3}", made.split(".", 1)[1]) is None


def test_payload_merges_with_the_redaction_mark_and_survives_redaction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SECRET_KEY", "payload-secret")
    get_settings.cache_clear()
    try:
        settings = dataclasses.replace(get_settings(), receipt_link_minutes=5)
        payload = receipt_payload(REFERENCE, SENDER, settings)
    finally:
        get_settings.cache_clear()
    assert set(payload) == {"receipt"}
    key = receipt_key("payload-secret")
    assert check_token(payload["receipt"], SENDER, key) == REFERENCE
    assert check_token(payload["receipt"], SENDER, key, now=time.time() + 4 * 60) == REFERENCE
    with pytest.raises(ExpiredReceiptToken):  # RECEIPT_LINK_MINUTES
        check_token(payload["receipt"], SENDER, key, now=time.time() + 5 * 60 + 1)
    custom = {**redaction_mark(True), **payload}
    assert mask_json({"custom": custom}, mask_identifiers) == {"custom": custom}
