"""Anonymity audit: an anonymous report full of identifiers, then every place it could
leak — both databases, every log file, the CLI export, the staff pages — searched for each
identifier, for the follow-up code and for the browser's secret: zero hits."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, select, text

from bot.settings import ROOT
from bot.storage.accounts import create_account
from bot.web.app import create_app
from tests.live.conversation import texts, web_report_until_summary
from tests.live_stack import LiveStack
from tests.staff.conftest import login

OPENING = (
    "Bonjour, je suis Jean-Michel Lefebvre, gérant de Lefebvre Bijoux SARL (SIREN "
    "732-829-320, e-mail jm.lefebvre arobase bijoux-lefebvre.fr, tél 06.12.34.56.78). "
    "Amazon a fermé mon compte vendeur sans préavis et bloque 8 000 € depuis le 3 octobre."
)
STORY = (
    "Je m'appelle Jean-Michel Lefebvre, ma société Lefebvre Bijoux SARL vend sur Amazon "
    "depuis 2019. Joignable au 06/12/34/56/78 ou jm.lefebvre@bijoux-lefebvre.fr, "
    "SIREN 732 829 320. Compte fermé du jour au lendemain, aucune explication."
)
ANSWERS = {
    "description": STORY,
    "visibility": "anonyme",
    "estimated_loss_eur": "8000 euros",
    "sector": "bijoux fantaisie",
}
IDENTIFIERS = [
    "Lefebvre",
    "Jean-Michel",
    "jm.lefebvre",
    "bijoux-lefebvre",
    "0612345678",
    "06.12.34.56.78",
    "06/12/34/56/78",
    "+33612345678",
    "732829320",
    "732 829 320",
    "732-829-320",
]
CODE = re.compile(r"\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3}\b")


def report_anonymously(live: LiveStack, secret: str) -> tuple[str, str]:
    """Play the whole report through the web app; return (reference, follow-up code)."""
    summary = texts(web_report_until_summary(live, secret, OPENING, ANSWERS))
    assert "masqué" in summary, summary
    assert "Lefebvre" not in summary, "the seller sees the description as it will be stored"
    saved = live.chat(secret, "oui")
    reference = re.search(r"SP-\d{4}-\d{6}", texts(saved))
    code = CODE.search(texts(saved))
    assert reference and code, texts(saved)
    live.chat(secret, "c'est noté")
    return reference.group(0), code.group(0)


def database_text(url: str) -> str:
    """Every row of every table of the database, as text."""
    engine = create_engine(url, future=True)
    metadata = MetaData()
    metadata.reflect(engine)
    parts = []
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(select(table)):
                parts.append(repr(tuple(row)))
    engine.dispose()
    return "\n".join(parts)


def logs_text(log_dir: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in sorted(log_dir.glob("*.log")))


def export_text(tmp_path: Path) -> str:
    parts = []
    for fmt in ("csv", "json"):
        out = tmp_path / f"export.{fmt}"
        subprocess.run(
            [sys.executable, "-m", "bot", "export", "--format", fmt, "--output", str(out)],
            cwd=ROOT,
            env=os.environ.copy(),
            check=True,
            capture_output=True,
        )
        parts.append(out.read_text(encoding="utf-8-sig"))
    return "\n".join(parts)


def staff_pages_text(reference: str) -> tuple[str, list[str]]:
    """The HTML of every staff page about the testimony, and the sender ids they show."""
    app = create_app()
    app.config["TESTING"] = True
    client = app.test_client()
    email = "audit-admin@example.fr"
    login(client, email, create_account(email, "admin"))
    urls = [
        "/staff/",
        "/staff/testimonies",
        f"/staff/testimonies/{reference}",
        "/staff/testimonies?q=Lefebvre",
        "/staff/conversations",
        "/staff/export.csv",
        "/staff/export.json",
        "/staff/audit",
    ]
    pages = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(response.get_data(as_text=True))
    html = "\n".join(pages)
    senders = sorted(set(re.findall(r"/staff/conversations/([0-9a-f]{32})", html)))
    for sender in senders:
        pages.append(client.get(f"/staff/conversations/{sender}").get_data(as_text=True))
    return "\n".join(pages), senders


def _sender_of(live: LiveStack, reference: str) -> str:
    engine = create_engine(live.database_url, future=True)
    with engine.connect() as connection:
        sender = connection.execute(
            text("SELECT sender_id FROM testimonies WHERE reference = :r"), {"r": reference}
        ).scalar_one()
    engine.dispose()
    return sender


def hits(haystack: str, needles: list[str]) -> list[str]:
    lowered = haystack.lower()
    return [n for n in needles if n.lower() in lowered]


def test_anonymous_report_leaves_no_identifier_anywhere(
    live_stack: LiveStack, tmp_path: Path
) -> None:
    secret = live_stack.new_secret()
    reference, code = report_anonymously(live_stack, secret)
    unfinished = live_stack.new_secret()  # listed among unfinished conversations, with its id
    live_stack.chat(unfinished, "/greet")
    live_stack.chat(unfinished, "Cdiscount a suspendu mon compte vendeur")
    needles = [*IDENTIFIERS, code, code.replace("-", ""), secret]

    places = {
        "testimonies database": database_text(live_stack.database_url),
        "tracker store": database_text(live_stack.tracker_database_url),
        "log files": logs_text(live_stack.log_dir),
        "CLI export": export_text(tmp_path),
    }
    staff_html, senders = staff_pages_text(reference)
    places["staff pages"] = staff_html
    found = {place: hits(text, needles) for place, text in places.items()}
    assert found == dict.fromkeys(places, []), found

    # what was said is still there, masked: the audit is not passing on an empty store
    assert "[nom masqu" in places["tracker store"]  # JSON may escape the é
    assert reference in staff_html and "[e-mail masqué]" in staff_html

    # an id copied from a staff page (or the database) opens nothing through the public API
    assert senders, "the staff pages link the unfinished conversation"
    saved_sender = _sender_of(live_stack, reference)
    for sender in [*senders, saved_sender]:
        with pytest.raises(Exception, match="400"):
            live_stack.history(sender)
        with pytest.raises(Exception, match="400"):
            live_stack.chat(sender, "bonjour")
        assert live_stack.history(sender * 2) == [], "a made-up secret opens an empty one"
    # the browser holding the secret still gets its (redacted) conversation back
    mine = texts(live_stack.history(secret))
    assert reference in mine and "Lefebvre" not in mine and code not in mine
