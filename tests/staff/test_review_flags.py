"""Testimonies of conversations that hit a chat flood limit: badge, dashboard count, export
unchanged, and the flags repository."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

from bot.settings import get_settings
from bot.storage.db import session_factory
from bot.storage.review_flags import (
    count_flagged_testimonies,
    delete_flags_before,
    flag_conversation,
    flagged_sender_ids,
    is_flagged,
)
from bot.storage.testimonies import save_testimony
from bot.web.app import create_app
from bot.web.public.conversation_ids import conversation_key, sender_id_for
from tests.staff.conftest import StaffEnv

BADGE = "À vérifier : envoi massif de messages"
SECRET = "00c0ffee" * 8


def flood(secret: str = SECRET) -> str:
    """Hit the per-conversation limit through `/api/chat`; return the derived sender id.

    Rasa is a closed port: refused messages (503) count as much as answered ones.
    """
    settings = dataclasses.replace(
        get_settings(), rasa_url="http://127.0.0.1:9", chat_limit_per_conversation="1/minute"
    )
    client = create_app(settings).test_client()
    body = {"secret": secret, "message": "spam"}
    statuses = [client.post("/api/chat", json=body).status_code for _ in range(3)]
    assert statuses[1:] == [429, 429]
    return sender_id_for(secret, conversation_key(settings.secret_key or ""))


def flag(sender_id: str, reason: str = "conversation") -> None:
    with session_factory()() as session, session.begin():
        flag_conversation(session, sender_id, reason)


def badges(page: str) -> int:
    return page.count(BADGE)


def row_of(page: str, reference: str) -> str:
    """The list's table row of `reference`."""
    match = re.search(rf"<tr>(?:(?!</tr>).)*>{reference}</a>(?:(?!</tr>).)*</tr>", page, re.S)
    assert match, reference
    return match.group(0)


def test_a_testimony_saved_after_a_flood_shows_the_badge(
    staff_env: StaffEnv, make_record: Callable
) -> None:
    sender_id = flood()
    reference = staff_env.save(make_record(platform="leboncoin"), sender_id)
    client = staff_env.client("reviewer")
    listing = client.get("/staff/testimonies").get_data(as_text=True)
    assert badges(listing) == 1
    assert BADGE in row_of(listing, reference)
    assert BADGE not in row_of(listing, staff_env.references["sender-named"])
    page = client.get(f"/staff/testimonies/{reference}").get_data(as_text=True)
    assert 'id="flood-flag"' in page and BADGE in page
    other = staff_env.references["sender-named"]
    assert BADGE not in client.get(f"/staff/testimonies/{other}").get_data(as_text=True)
    dashboard = client.get("/staff/").get_data(as_text=True)
    assert re.search(r"1 témoignage</a>\s*à vérifier", dashboard), dashboard


def test_a_conversation_flagged_after_its_save_is_counted(staff_env: StaffEnv) -> None:
    client = staff_env.client("admin")
    assert "Aucun témoignage à vérifier" in client.get("/staff/").get_data(as_text=True)
    flag("sender-anon", "client")
    flag("sender-cdiscount")
    flag("sender-without-testimony")
    dashboard = client.get("/staff/").get_data(as_text=True)
    assert re.search(r"2 témoignages</a>\s*à vérifier", dashboard)
    listing = client.get("/staff/testimonies").get_data(as_text=True)
    assert badges(listing) == 2
    reference = staff_env.references["sender-anon"]
    assert BADGE in client.get(f"/staff/testimonies/{reference}").get_data(as_text=True)


def test_flags_do_not_change_the_export(staff_env: StaffEnv) -> None:
    client = staff_env.client("admin")
    before = [client.get(f"/staff/export.{kind}").data for kind in ("csv", "json")]
    flag("sender-anon")
    flag("sender-named", "lifetime")
    after = [client.get(f"/staff/export.{kind}").data for kind in ("csv", "json")]
    assert after == before
    assert b"flag" not in after[0].splitlines()[0].lower()


def test_the_flags_repository(db_url: str, make_record: Callable) -> None:
    """On SQLite, and on PostgreSQL when TEST_POSTGRES_URL is set."""
    for sender in ("sender-anon", "sender-named"):
        save_testimony(make_record(), submission_id=sender, sender_id=sender, channel="rest")
    with session_factory()() as session, session.begin():
        assert flag_conversation(session, "sender-anon", "conversation") is True
        assert flag_conversation(session, "sender-anon", "client") is False
        assert flag_conversation(session, "sender-x", "lifetime") is True
    with session_factory()() as session:
        assert is_flagged(session, "sender-anon") and not is_flagged(session, "sender-named")
        found = flagged_sender_ids(session, ["sender-anon", "sender-named", "sender-x"])
        assert found == {"sender-anon", "sender-x"}
        assert flagged_sender_ids(session, []) == set()
        assert count_flagged_testimonies(session) == 1
    later = datetime.now(timezone.utc) + timedelta(seconds=1)
    with session_factory()() as session, session.begin():
        assert delete_flags_before(session, later - timedelta(days=1)) == 0
        assert delete_flags_before(session, later) == 2
    with session_factory()() as session:
        assert count_flagged_testimonies(session) == 0


def test_an_unknown_reason_is_refused(staff_env: StaffEnv) -> None:
    with session_factory()() as session, pytest.raises(ValueError):
        flag_conversation(session, "sender-anon", "ip")
