"""The parts of the e-mail feature that need no server: SMTP_URL, texts, the schedule."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest

from bot.fields import STATUSES, VALUE_LABELS
from bot.mail.messages import REPLY, STATUS, acknowledgement, build_message, notice
from bot.mail.outbox import MAX_ATTEMPTS, RETRY_DELAYS
from bot.mail.sender import FLUSH_INTERVAL, LEASE, MailSchedule, describe, flush_safely
from bot.mail.smtp import SmtpUrlError, parse_smtp_url
from bot.settings import get_settings
from tests.smtp_server import configure_mail

SITE = "https://signalpme.example.gouv.fr"
CONTACT = "le 01 00 00 00 00"


def test_smtp_urls() -> None:
    plain = parse_smtp_url("smtp://mail.example.org")
    assert (plain.host, plain.port, plain.implicit_tls, plain.starttls) == (
        "mail.example.org",
        25,
        False,
        False,
    )
    assert plain.username is None and plain.password is None
    tls = parse_smtp_url("smtps://u:p@mail.example.org")
    assert (tls.port, tls.implicit_tls, tls.username, tls.password) == (465, True, "u", "p")
    start = parse_smtp_url("smtp://agent%40min.fr:p%3Aw@mail.example.org:587?starttls=1&timeout=3")
    assert (start.port, start.starttls, start.timeout) == (587, True, 3.0)
    assert (start.username, start.password) == ("agent@min.fr", "p:w")
    assert "p:w" not in repr(start)


@pytest.mark.parametrize(
    "url",
    [
        "http://user:s3cret@mail.example.org",
        "smtp://user:s3cret@",
        "smtp://user:s3cret@mail.example.org:99999",
        "smtps://user:s3cret@mail.example.org?starttls=1",
        "smtp://user:s3cret@mail.example.org?timeout=soon",
    ],
)
def test_unusable_smtp_urls_are_refused_without_quoting_them(url: str) -> None:
    with pytest.raises(SmtpUrlError) as error:
        parse_smtp_url(url)
    assert "s3cret" not in str(error.value) and "SMTP_URL" in str(error.value)


def test_the_acknowledgement_says_what_happens_next() -> None:
    composed = acknowledgement("SP-2026-00042", SITE, CONTACT)
    assert "SP-2026-00042" in composed.subject
    assert "Sa référence : SP-2026-00042" in composed.body
    assert "L'équipe du ministère lit chaque témoignage" in composed.body
    assert f"revenez sur {SITE} et donnez votre code de suivi" in composed.body
    assert "ni votre témoignage ni votre code de suivi" in composed.body
    assert CONTACT in composed.body


@pytest.mark.parametrize("kind", [REPLY, STATUS])
@pytest.mark.parametrize("status", STATUSES)
def test_notices_name_the_site_the_reference_and_the_status(kind: str, status: str) -> None:
    composed = notice(kind, "SP-2026-00042", status, SITE, CONTACT)
    assert "SP-2026-00042" in composed.subject
    assert f"Une réponse vous attend : revenez sur {SITE} avec votre code de suivi." in (
        composed.body
    )
    assert "Référence : SP-2026-00042" in composed.body
    assert f"Statut : {VALUE_LABELS['status'][status]}" in composed.body


def test_a_message_is_utf8_plain_text() -> None:
    composed = notice(STATUS, "SP-2026-00042", "in_review", SITE, CONTACT)
    message = build_message("a@example.fr", composed.subject, composed.body, "Signal PME <n@x.fr>")
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert message["Message-ID"].endswith("@x.fr>")
    assert message.get_content() == composed.body
    with pytest.raises(ValueError):
        build_message("a@example.fr\nBcc: b@example.fr", "s", "b", "n@x.fr")


def test_errors_are_described_by_class_and_code_only() -> None:
    refused = smtplib.SMTPRecipientsRefused({"a@example.fr": (550, b"<a@example.fr> unknown")})
    assert describe(refused) == "SMTPRecipientsRefused 550"
    assert describe(smtplib.SMTPAuthenticationError(535, b"bad")) == "SMTPAuthenticationError 535"
    assert describe(ConnectionRefusedError(111, "refused")) == "ConnectionRefusedError"


def test_the_back_off_schedule() -> None:
    assert [d / timedelta(minutes=1) for d in RETRY_DELAYS] == [1, 5, 30, 120, 720]
    assert MAX_ATTEMPTS == 6
    assert timedelta(minutes=1) < LEASE, "a claim outlives a slow send"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_the_schedule_flushes_at_once_then_every_30_seconds(
    tmp_settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_mail(monkeypatch, "smtp://127.0.0.1:1")
    clock, runs = FakeClock(), []
    schedule = MailSchedule(get_settings(), clock=clock, run=runs.append)
    assert schedule.tick() and len(runs) == 1
    clock.now += FLUSH_INTERVAL - 1
    assert not schedule.tick()
    clock.now += 1
    assert schedule.tick() and len(runs) == 2
    assert MailSchedule(get_settings()).run is flush_safely


def test_the_schedule_does_nothing_without_smtp(
    tmp_settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_mail(monkeypatch, "")
    runs: list[object] = []
    schedule = MailSchedule(get_settings(), clock=FakeClock(), run=runs.append)
    assert not schedule.tick() and runs == []


def test_a_failed_flush_is_logged_and_raises_nothing(
    tmp_settings: object, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    configure_mail(monkeypatch, "smtp://user:s3cret@127.0.0.1:1")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://nobody:x@127.0.0.1:1/none")
    get_settings.cache_clear()
    assert flush_safely(get_settings()) is None
    assert "OperationalError" in caplog.text and "s3cret" not in caplog.text
    configure_mail(monkeypatch, "ftp://user:s3cret@host")
    assert flush_safely(get_settings()) is None
    assert "smtp://" in caplog.text and "s3cret" not in caplog.text
