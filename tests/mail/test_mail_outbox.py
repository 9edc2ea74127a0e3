"""E-mail to sellers who gave an address: acknowledgement after the save, sent through a
real SMTP server on loopback; back-off, give-up, claims, no content in e-mails or logs."""

from __future__ import annotations

import logging
import re
import secrets
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import delete, select

from actions.report import ActionSaveTestimony
from bot.__main__ import main
from bot.mail import outbox, sender
from bot.mail.messages import ACKNOWLEDGEMENT
from bot.mail.outbox import (
    FAILED,
    MAX_ATTEMPTS,
    PENDING,
    RETRY_DELAYS,
    SENT,
    count_failed,
    enqueue_acknowledgement,
    state,
)
from bot.mail.sender import flush_outbox
from bot.storage.db import session_factory
from bot.storage.models import MailOutbox, Testimony, utcnow
from bot.storage.testimonies import save_testimony
from tests.smtp_server import PUBLIC_URL, LocalSmtpServer, closed_port, configure_mail

CODE_IN_TEXT = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}\b")
ADDRESS = "claire.martin@example.fr"
DESCRIPTION = "Compte fermé sans préavis, 8000 € bloqués depuis le salon de Lyon."


def _slots(**overrides: Any) -> dict[str, Any]:
    slots = {
        "platform": "amazon",
        "problems": ["account_termination", "payment_withheld"],
        "description": DESCRIPTION,
        "started_on": "2026-10-01",
        "company_size": "micro",
        "visibility": "confidential",
        "company_name": "Jouets Martin",
        "contact_name": "Claire Martin",
        "email": ADDRESS,
        "submission_id": secrets.token_hex(16),
        "skipped_slots": [],
        "stage": "summary",
    }
    slots.update(overrides)
    return slots


def save_in_chat(**overrides: Any) -> tuple[str, str]:
    """Confirm a testimony through the action server's action; (reference, code shown)."""
    tracker = Tracker(
        sender_id=secrets.token_hex(16),
        slots=_slots(**overrides),
        latest_message={"text": "/affirm", "intent": {"name": "affirm"}, "entities": []},
        events=[{"event": "user", "text": "/affirm"}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
    dispatcher = CollectingDispatcher()
    events = ActionSaveTestimony().run(dispatcher, tracker, {})
    reference = next(e["value"] for e in events if e.get("name") == "reference")
    said = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    return reference, CODE_IN_TEXT.search(said).group(0)


def rows() -> list[MailOutbox]:
    with session_factory()() as session:
        return list(session.scalars(select(MailOutbox).order_by(MailOutbox.id)))


def clock_at(start: datetime) -> Callable[[timedelta], Callable[[], datetime]]:
    """`at(offset)`: a clock frozen at `start + offset`."""
    return lambda offset: lambda: start + offset


def test_a_confidential_save_sends_one_acknowledgement_without_story_or_code(
    smtp_server: LocalSmtpServer,
) -> None:
    reference, code = save_in_chat()
    report = flush_outbox()
    assert (report.sent, report.failed) == (1, 0)
    (received,) = smtp_server.received
    assert received.recipients == [ADDRESS]
    assert received.message["To"] == ADDRESS
    assert received.message["Auto-Submitted"] == "auto-generated"
    assert received.message.get_content_type() == "text/plain"
    assert received.message.get_content_charset() == "utf-8"
    assert reference in received.message["Subject"]
    text = received.text
    assert reference in text
    assert "L'équipe du ministère lit chaque témoignage" in text
    assert f"revenez sur {PUBLIC_URL} et donnez votre code de suivi" in text
    raw = received.message.as_string() + text
    assert code not in raw and code.replace("-", "") not in raw
    assert DESCRIPTION not in raw and "Lyon" not in raw and "Jouets Martin" not in raw
    assert flush_outbox().sent == 0, "sent once"
    assert len(smtp_server.received) == 1
    (row,) = rows()
    assert state(row) == SENT and row.attempts == 1 and row.last_error is None


def test_shared_testimonies_are_acknowledged_too(smtp_server: LocalSmtpServer) -> None:
    reference, _ = save_in_chat(visibility="shared")
    flush_outbox()
    (received,) = smtp_server.received
    assert reference in received.text


def test_an_anonymous_save_enqueues_nothing(smtp_server: LocalSmtpServer) -> None:
    save_in_chat(visibility="anonymous")  # the e-mail slot is dropped by the anonymity rule
    assert rows() == []
    assert flush_outbox().sent == 0 and smtp_server.received == []


def test_no_address_enqueues_nothing(smtp_server: LocalSmtpServer) -> None:
    save_in_chat(email=None)
    assert rows() == []


def test_a_retried_save_is_acknowledged_once(
    smtp_server: LocalSmtpServer, make_record: Callable[..., dict]
) -> None:
    for _ in range(2):
        saved = save_testimony(make_record(), submission_id="sub-1", sender_id="s1", channel="rest")
        enqueue_acknowledgement(saved.reference)
    assert [r.kind for r in rows()] == [ACKNOWLEDGEMENT]


def test_without_smtp_url_nothing_is_enqueued_nor_sent(
    sqlite_db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    configure_mail(monkeypatch, "")
    save_in_chat()
    assert rows() == []
    assert flush_outbox().sent == 0
    assert main(["mail", "send"]) == 0
    assert "SMTP_URL is not set" in capsys.readouterr().err


def test_smtp_down_is_retried_with_back_off_then_sent(
    sqlite_db_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    port = closed_port()
    configure_mail(monkeypatch, f"smtp://127.0.0.1:{port}")
    save_in_chat()
    at = clock_at(utcnow())
    with caplog.at_level(logging.INFO):
        report = flush_outbox(clock=at(timedelta(0)))
    assert (report.sent, report.failed, report.given_up) == (0, 1, 0)
    (row,) = rows()
    assert state(row) == PENDING and row.attempts == 1
    assert row.last_error == "ConnectionRefusedError"
    assert row.next_attempt_at == at(RETRY_DELAYS[0])()
    assert ADDRESS not in caplog.text and "ConnectionRefusedError" in caplog.text

    server = LocalSmtpServer(port=port).start()
    try:
        assert flush_outbox(clock=at(timedelta(seconds=30))).sent == 0, "not due yet"
        assert rows()[0].attempts == 1 and server.received == []
        assert flush_outbox(clock=at(RETRY_DELAYS[0])).sent == 1
    finally:
        server.stop()
    (received,) = server.received
    assert received.recipients == [ADDRESS]
    (row,) = rows()
    assert state(row) == SENT and row.attempts == 2 and row.last_error is None


def test_back_off_follows_the_schedule_then_gives_up(
    sqlite_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_mail(monkeypatch, f"smtp://127.0.0.1:{closed_port()}")
    save_in_chat()
    now = utcnow()
    waits = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        report = flush_outbox(clock=lambda now=now: now)
        assert report.failed == 1
        (row,) = rows()
        assert row.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            waits.append(row.next_attempt_at - now)
            early = row.next_attempt_at - timedelta(seconds=1)
            assert flush_outbox(clock=lambda early=early: early).failed == 0
            now = row.next_attempt_at
    assert waits == list(RETRY_DELAYS)
    assert report.given_up == 1
    (row,) = rows()
    assert state(row) == FAILED and row.next_attempt_at == now, "the time it gave up"
    assert flush_outbox(clock=lambda: now + timedelta(days=30)).failed == 0, "never again"
    with session_factory()() as session:
        assert count_failed(session) == 1


def test_a_refused_recipient_is_recorded_without_the_address_and_others_go(
    smtp_server: LocalSmtpServer,
) -> None:
    smtp_server.handler.refuse.add(ADDRESS)
    save_in_chat()
    save_in_chat(email="autre.vendeur@example.fr")
    report = flush_outbox()
    assert (report.sent, report.failed) == (1, 1)
    refused, delivered = rows()
    assert refused.last_error == "SMTPRecipientsRefused 550"
    assert state(refused) == PENDING and state(delivered) == SENT
    assert [r.recipients for r in smtp_server.received] == [["autre.vendeur@example.fr"]]


def test_two_flushes_at_once_send_each_message_once(
    smtp_server: LocalSmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for index in range(6):
        save_in_chat(email=f"vendeur{index}@example.fr")
    both_listed = threading.Barrier(2, timeout=10)
    due_ids = sender._due_ids

    def listed_together(*args: Any) -> list[int]:
        ids = due_ids(*args)
        both_listed.wait()  # both flushes hold the same due rows before claiming any
        return ids

    monkeypatch.setattr(sender, "_due_ids", listed_together)
    reports = []
    threads = [threading.Thread(target=lambda: reports.append(flush_outbox())) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(reports) == 2
    assert sum(r.sent for r in reports) == 6 and sum(r.failed for r in reports) == 0
    recipients = sorted(r.recipients[0] for r in smtp_server.received)
    assert recipients == sorted(f"vendeur{i}@example.fr" for i in range(6))
    assert all(row.attempts == 1 for row in rows())


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login_from_the_url(sqlite_db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    server = LocalSmtpServer(login="agent@ministere", password="p@ss:w/rd").start()
    try:
        wrong = f"smtp://agent%40ministere:nope@127.0.0.1:{server.port}"
        configure_mail(monkeypatch, wrong)
        save_in_chat()
        assert flush_outbox().failed == 1
        assert rows()[0].last_error == "SMTPAuthenticationError 535"
        right = f"smtp://agent%40ministere:p%40ss%3Aw%2Frd@127.0.0.1:{server.port}"
        configure_mail(monkeypatch, right)
        later = utcnow() + RETRY_DELAYS[0]
        assert flush_outbox(clock=lambda: later).sent == 1
    finally:
        server.stop()
    assert len(server.received) == 1


def test_rows_go_with_their_testimony(smtp_server: LocalSmtpServer) -> None:
    reference, _ = save_in_chat()
    assert len(rows()) == 1
    with session_factory()() as session, session.begin():
        session.execute(delete(Testimony).where(Testimony.reference == reference))
    assert rows() == []


def test_a_failing_enqueue_never_raises_and_logs_no_content(
    smtp_server: LocalSmtpServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError(f"cannot write to {ADDRESS}")

    monkeypatch.setattr(outbox, "acknowledgement", broken)
    reference, _ = save_in_chat()  # the conversation goes on
    assert reference and rows() == []
    assert "RuntimeError" in caplog.text and ADDRESS not in caplog.text


def test_the_send_command_prints_counts(
    smtp_server: LocalSmtpServer, capsys: pytest.CaptureFixture
) -> None:
    save_in_chat()
    assert main(["mail", "send"]) == 0
    assert "1 sent, 0 failed" in capsys.readouterr().out
    assert len(smtp_server.received) == 1


def test_the_send_command_reports_failures_and_bad_urls(
    sqlite_db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    configure_mail(monkeypatch, f"smtp://127.0.0.1:{closed_port()}")
    save_in_chat()
    assert main(["mail", "send"]) == 1
    assert "0 sent, 1 failed" in capsys.readouterr().out
    configure_mail(monkeypatch, "http://user:s3cret@example.org")
    assert main(["mail", "send"]) == 2
    err = capsys.readouterr().err
    assert "smtp://" in err and "s3cret" not in err
