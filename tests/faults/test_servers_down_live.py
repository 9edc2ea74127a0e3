"""A server stops in the middle of a report (issue 14, item 3), with the real processes:

- the action server: the seller is told in French that the message was not taken into
  account; nothing said before is lost; once the server is back the same answer goes on
  from the same question;
- the Rasa server, restarted between two answers: the report goes on at the same question;
- Redis (the lock store of several Rasa servers): the failure is said clearly, and the
  testimony confirmed again once Redis is back is saved once.
"""

from __future__ import annotations

import json
import urllib.error
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.local_redis import redis_available, start_redis
from bot.settings import get_settings
from bot.stack import free_port, start_stack
from bot.storage import db
from bot.storage.migrate import upgrade
from tests.live.conversation import asked_slot, reference_in, texts
from tests.live_stack import LiveStack

pytestmark = pytest.mark.live

ANSWERS = {
    "started_on": "il y a trois semaines",
    "reason_given": "non",
    "notice_given": "non",
    "account_access": "plus du tout",
    "contacted_platform": "non",
    "revenue_share_pct": "35 %",
    "estimated_loss_eur": "4200 euros",
    "company_size": "2 salariés",
    "sector": "bijoux",
    "visibility": "anonyme",
}


def _stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **changes: object) -> LiveStack:
    for name, value in {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'signalpme.db'}",
        "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "SECRET_KEY": "fault-tests-secret",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    db.clear_cache()
    settings = replace(get_settings(), **changes)
    upgrade(settings.database_url)
    stack = start_stack(settings, with_web=False, log_dir=tmp_path / "logs")
    return LiveStack(stack, settings.database_url, settings.tracker_database_url, tmp_path)


@pytest.fixture()
def live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveStack]:
    stack = _stack(tmp_path, monkeypatch)
    try:
        yield stack
    finally:
        stack.stack.stop()
        get_settings.cache_clear()
        db.clear_cache()


def _refused(live: LiveStack, sender: str, message: str) -> str:
    """Send a message that must be refused with 503; the French explanation."""
    with pytest.raises(urllib.error.HTTPError) as refused:
        live.say(sender, message)
    assert refused.value.code == 503
    return json.loads(refused.value.read())["error"]


def _until(live: LiveStack, sender: str, reply: list[dict], slot: str) -> list[dict]:
    """Answer from ANSWERS until the bot asks for `slot`."""
    for _ in range(30):
        if asked_slot(reply) == slot:
            return reply
        reply = live.say(sender, ANSWERS.get(asked_slot(reply) or "", "passer"))
    raise AssertionError(f"{slot} never asked")


def _finish(live: LiveStack, sender: str, reply: list[dict]) -> dict:
    """Answer until the summary, confirm; the stored record."""
    for _ in range(30):
        if "récapitulatif" in texts(reply):
            break
        reply = live.say(sender, ANSWERS.get(asked_slot(reply) or "", "passer"))
    reference = reference_in(live.say(sender, "/affirm"))
    (record,) = [r for r in live.export_records() if r["reference"] == reference]
    return record


def test_the_action_server_down_mid_report_loses_nothing(live: LiveStack) -> None:
    sender = live.new_sender()
    _until(live, sender, live.say(sender, "Amazon a suspendu mon compte"), "revenue_share_pct")
    live.stack.named["actions"].terminate()
    live.stack.named["actions"].wait(timeout=30)
    said = _refused(live, sender, "35 %")
    assert "pas été pris en compte" in said and "conservé" in said
    live.stack.start_again("actions")
    again = live.say(sender, "35 %")
    assert asked_slot(again) == "estimated_loss_eur", texts(again)  # the next question
    record = _finish(live, sender, again)
    assert record["platform"] == "amazon" and record["revenue_share_pct"] == 35
    assert record["estimated_loss_eur"] == 4200 and len(live.export_records()) == 1


def test_a_rasa_server_restarted_mid_report_goes_on_at_the_same_question(
    live: LiveStack,
) -> None:
    sender = live.new_sender()
    _until(live, sender, live.say(sender, "Cdiscount a bloqué mes paiements"), "company_size")
    live.stack.start_again("rasa")  # stopped, then started on the same port
    after = live.say(sender, "2 salariés")
    assert asked_slot(after) == "sector", texts(after)
    record = _finish(live, sender, after)
    assert record["platform"] == "cdiscount" and record["company_size"] is not None


@pytest.mark.skipif(not redis_available(), reason="redis-server is not installed")
def test_redis_down_is_said_clearly_and_nothing_is_saved_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    redis = start_redis(port, tmp_path / "redis")
    live = _stack(tmp_path, monkeypatch, lock_store_type="redis", lock_store_port=port)
    try:
        sender = live.new_sender()
        reply = live.say(sender, "eBay a fermé mon compte vendeur")
        for _ in range(30):
            if "récapitulatif" in texts(reply):
                break
            reply = live.say(sender, ANSWERS.get(asked_slot(reply) or "", "passer"))
        redis.terminate()
        redis.wait(timeout=20)
        said = _refused(live, sender, "/affirm")
        assert "indisponible" in said
        assert live.export_records() == []
        redis = start_redis(port, tmp_path / "redis")
        reference = reference_in(live.say(sender, "/affirm"))
        live.say(sender, "/affirm")  # confirmed twice: still one testimony
        assert [r["reference"] for r in live.export_records()] == [reference]
    finally:
        live.stack.stop()
        redis.terminate()
        get_settings.cache_clear()
        db.clear_cache()
