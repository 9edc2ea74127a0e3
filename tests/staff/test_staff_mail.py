"""E-mail notices from the staff app: a reply or a status change e-mails the seller (never
the reply's text), and staff see what was sent, what waits and what failed."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from bot.mail.messages import REPLY, STATUS
from bot.mail.outbox import MAX_ATTEMPTS, RETRY_DELAYS
from bot.mail.sender import flush_outbox
from bot.storage.db import engine_for, session_factory
from bot.storage.models import MailOutbox, StaffReply, utcnow
from tests.smtp_server import PUBLIC_URL, LocalSmtpServer, closed_port, configure_mail
from tests.staff.conftest import StaffEnv, post

ADDRESS = "claire@example.fr"  # the e-mail of make_record(), testimony "sender-named"
REPLY_TEXT = "Nous avons transmis votre dossier au médiateur, numéro interne 4711."
NOT_CONFIGURED = "Envoi d'e-mails non configuré : le déclarant n'est pas prévenu par e-mail."


@pytest.fixture()
def smtp(staff_env: StaffEnv, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalSmtpServer]:
    server = LocalSmtpServer().start()
    configure_mail(monkeypatch, server.url)
    try:
        yield server
    finally:
        server.stop()


def _rows() -> list[MailOutbox]:
    with session_factory()() as session:
        return list(session.scalars(select(MailOutbox).order_by(MailOutbox.id)))


def _page(staff_env: StaffEnv, reference: str) -> str:
    response = staff_env.client("reviewer").get(f"/staff/testimonies/{reference}")
    return html.unescape(response.get_data(as_text=True))


def test_a_staff_reply_e_mails_a_notice_without_the_reply(
    staff_env: StaffEnv, smtp: LocalSmtpServer
) -> None:
    reference = staff_env.references["sender-named"]
    client = staff_env.client("reviewer")
    response = post(client, f"/staff/testimonies/{reference}/replies", {"text": REPLY_TEXT})
    assert response.status_code == 302
    assert [r.kind for r in _rows()] == [REPLY]
    assert "en attente d'envoi" in _page(staff_env, reference)
    assert flush_outbox().sent == 1
    (received,) = smtp.received
    assert received.recipients == [ADDRESS]
    body = received.text
    assert f"Une réponse vous attend : revenez sur {PUBLIC_URL} avec votre code de suivi." in body
    assert f"Référence : {reference}" in body and "Statut : Nouveau" in body
    raw = received.message.as_string() + body
    assert "médiateur" not in raw and "4711" not in raw
    assert "Mon compte a été fermé" not in raw, "no testimony text"
    page = _page(staff_env, reference)
    assert "Avis de réponse du" in page and "envoyé le" in page


def test_a_status_change_e_mails_the_new_status_once(
    staff_env: StaffEnv, smtp: LocalSmtpServer
) -> None:
    reference = staff_env.references["sender-named"]
    client = staff_env.client("reviewer")
    post(client, f"/staff/testimonies/{reference}/status", {"status": "mediation"})
    post(client, f"/staff/testimonies/{reference}/status", {"status": "mediation"})  # same
    assert [r.kind for r in _rows()] == [STATUS]
    flush_outbox()
    (received,) = smtp.received
    assert reference in received.message["Subject"]
    assert "Statut : En médiation" in received.text
    assert "Une réponse vous attend" in received.text


def test_an_anonymous_testimony_gets_no_e_mail(staff_env: StaffEnv, smtp: LocalSmtpServer) -> None:
    reference = staff_env.references["sender-anon"]
    client = staff_env.client("reviewer")
    post(client, f"/staff/testimonies/{reference}/replies", {"text": REPLY_TEXT})
    post(client, f"/staff/testimonies/{reference}/status", {"status": "closed"})
    assert _rows() == []
    assert "Témoignage anonyme : aucun e-mail n'est envoyé." in _page(staff_env, reference)


def test_smtp_down_shows_the_retry_then_the_failure_to_staff(
    staff_env: StaffEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_mail(monkeypatch, f"smtp://127.0.0.1:{closed_port()}")
    reference = staff_env.references["sender-named"]
    post(staff_env.client("reviewer"), f"/staff/testimonies/{reference}/replies", {"text": "x"})
    now = utcnow()
    assert flush_outbox(clock=lambda: now).failed == 1
    page = _page(staff_env, reference)
    assert "en attente : 1 tentative sans succès (ConnectionRefusedError)" in page
    assert "nouvel essai vers" in page
    dashboard = html.unescape(staff_env.client("reviewer").get("/staff/").get_data(as_text=True))
    assert "Aucun e-mail au déclarant en échec." in dashboard
    for delay in RETRY_DELAYS:
        now += delay
        assert flush_outbox(clock=lambda now=now: now).failed == 1
    (row,) = _rows()
    assert row.attempts == MAX_ATTEMPTS
    page = _page(staff_env, reference)
    assert "échec le" in page and f"après {MAX_ATTEMPTS} tentatives" in page
    assert "le déclarant n'a pas été prévenu" in page
    assert ADDRESS not in page.split("titre-emails")[1], "staff see no address in the e-mail list"
    dashboard = staff_env.client("reviewer").get("/staff/").get_data(as_text=True)
    assert 'id="mail-failures" data-count="1"' in dashboard
    assert f'href="/staff/testimonies/{reference}"' in dashboard
    assert flush_outbox(clock=lambda: now + timedelta(days=1)).failed == 0


def test_without_smtp_the_page_says_the_seller_is_not_told(
    staff_env: StaffEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_mail(monkeypatch, "")
    reference = staff_env.references["sender-named"]
    post(staff_env.client("reviewer"), f"/staff/testimonies/{reference}/replies", {"text": "x"})
    assert _rows() == []
    assert NOT_CONFIGURED in _page(staff_env, reference)
    dashboard = html.unescape(staff_env.client("reviewer").get("/staff/").get_data(as_text=True))
    assert "Envoi d'e-mails non configuré : les déclarants ne sont pas prévenus" in dashboard


def test_with_smtp_the_page_does_not_warn(staff_env: StaffEnv, smtp: LocalSmtpServer) -> None:
    page = _page(staff_env, staff_env.references["sender-named"])
    assert NOT_CONFIGURED not in page and "Aucun e-mail envoyé." in page


def test_a_broken_outbox_does_not_stop_the_reply(
    staff_env: StaffEnv, smtp: LocalSmtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    with engine_for().begin() as connection:
        connection.execute(text("DROP TABLE mail_outbox"))
    reference = staff_env.references["sender-named"]
    client = staff_env.client("reviewer")
    response = post(client, f"/staff/testimonies/{reference}/replies", {"text": REPLY_TEXT})
    assert response.status_code == 302
    response = post(client, f"/staff/testimonies/{reference}/status", {"status": "in_review"})
    assert response.status_code == 302
    with session_factory()() as session:
        replies = session.scalars(select(StaffReply.text)).all()
    assert replies == [REPLY_TEXT]
    assert "OperationalError" in caplog.text and ADDRESS not in caplog.text
