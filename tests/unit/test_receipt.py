"""The PDF receipt (`bot/receipt.py`), read back with pypdf."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any

from pypdf import PdfReader

from bot.conversation.summary import label
from bot.receipt import answer_lines, filename, font_files, receipt_pdf
from bot.storage.codes import hash_followup_code
from bot.storage.models import Testimony
from bot.storage.testimonies import find_by_reference, save_testimony

IDENTITY = {
    "company_name": "Jouets Martin",
    "siren": "732829320",
    "contact_name": "Claire Martin",
    "email": "claire@example.fr",
    "phone": "+33612345678",
}


def make_testimony(**overrides: Any) -> Testimony:
    values: dict[str, Any] = {
        "reference": "SP-2026-000042",
        "created_at": datetime(2026, 3, 12, 13, 5, tzinfo=timezone.utc),
        "anonymous": False,
        "platform": "amazon",
        "problems": ["account_termination", "payment_withheld"],
        "description": "Mon compte a été fermé « sans préavis » et 15\u202f000 € sont bloqués.",
        "started_on": date(2026, 3, 1),
        "reason_given": "no",
        "notice_given": "no",
        "contacted_platform": "yes",
        "support_outcome": "no_answer",
        "human_contact": "no",
        "account_access": "none",
        "revenue_share_pct": 80,
        "estimated_loss_eur": 15000,
        "company_size": "micro",
        "sector": "jouets en bois",
        "wants_contact": True,
        "share_with_platform": False,
        **IDENTITY,
    }
    values.update(overrides)
    return Testimony(**values)


def pdf_text(data: bytes) -> str:
    """The PDF's text, every kind of space as one plain space."""
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def test_receipt_has_reference_paris_time_answers_and_what_next() -> None:
    data = receipt_pdf(make_testimony())
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Récépissé de dépôt d'un témoignage" in text
    assert "Référence : SP-2026-000042" in text
    assert "Déposé le : 12 mars 2026 à 14 h 05 (heure de Paris)" in text  # 13:05 UTC, winter
    for expected in (
        "Plateforme : Amazon",
        "Problèmes : Compte fermé / exclusion, Paiements retenus",
        "« Mon compte a été fermé « sans préavis » et 15 000 € sont bloqués. »",
        "Début du problème : 1er mars 2026",
        "Motif donné par la plateforme : Non",
        "Résultat de la réclamation : Pas de réponse",
        "Part du chiffre d'affaires : 80 %",
        "Perte estimée : 15 000 €",
        "Taille de l'entreprise : Moins de 10 personnes",
        "Secteur : jouets en bois",
        "Visibilité : Confidentiel",
        "Souhaite être rappelé : Oui",
    ):
        assert expected in text, expected
    assert "Et maintenant ?" in text
    assert "lit chaque témoignage" in text
    assert "répondre ou vous poser une question dans le chat" in text
    assert "revenez dans le chat de Signal PME et donnez votre code de suivi" in text
    assert "page 1/1" in text


def test_every_answer_is_labelled_as_in_the_chat_summary() -> None:
    text = pdf_text(receipt_pdf(make_testimony()))
    lines = answer_lines(make_testimony())
    assert [name for name, _ in lines][:3] == [
        label("platform"),
        label("problems"),
        label("description"),
    ]
    for name, _value in lines:
        assert f"{name} :" in text, name


def test_summer_filing_time_is_paris_time() -> None:
    late = make_testimony(created_at=datetime(2026, 7, 1, 22, 30, tzinfo=timezone.utc))
    assert "2 juillet 2026 à 0 h 30 (heure de Paris)" in pdf_text(receipt_pdf(late))
    naive = make_testimony(created_at=datetime(2026, 7, 1, 8, 0))  # stored naive: UTC
    assert "1er juillet 2026 à 10 h 00" in pdf_text(receipt_pdf(naive))


def test_anonymous_receipt_prints_nothing_identifying_even_if_set() -> None:
    story = (
        "Je m'appelle Jean-Michel Lefebvre, ma société Lefebvre Bijoux SARL vend sur Amazon. "
        "Joignable au 06 12 34 56 78 ou jm.lefebvre@bijoux-lefebvre.fr, SIREN 732 829 320."
    )
    anonymous = make_testimony(
        anonymous=True,
        wants_contact=True,
        share_with_platform=True,
        description=story,
        sector="bijoux de Lefebvre Bijoux SARL",
    )
    text = pdf_text(receipt_pdf(anonymous))
    assert "SP-2026-000042" in text and "Visibilité : Anonyme" in text
    needles = [
        *IDENTITY.values(),
        "Jouets",
        "Martin",
        "Lefebvre",
        "Jean-Michel",
        "jm.lefebvre",
        "bijoux-lefebvre",
        "06 12 34 56 78",
        "732 829 320",
    ]
    assert [n for n in needles if n.lower() in text.lower()] == []
    for field in IDENTITY:
        assert f"{label(field)} :" not in text, field
    assert "Souhaite être rappelé" not in text
    assert "ne contient ni votre nom" in text
    assert "masqué" in text


def test_named_receipt_shows_the_company_name_only() -> None:
    text = pdf_text(receipt_pdf(make_testimony(share_with_platform=True)))
    assert "Entreprise : Jouets Martin" in text
    assert "Visibilité : Partagé" in text
    for field in ("siren", "contact_name", "email", "phone"):
        assert IDENTITY[field] not in text, field
    assert "Claire" not in text
    assert "n'y sont pas reproduits" in text


def test_saved_testimony_receipt_never_shows_the_follow_up_code(
    sqlite_db_url: str, make_record: Callable[..., dict[str, object]]
) -> None:
    saved = save_testimony(
        make_record(), submission_id="receipt-1", sender_id="a" * 32, channel="web"
    )
    stored = find_by_reference(saved.reference, url=sqlite_db_url)
    assert stored is not None
    data = receipt_pdf(stored)
    text = pdf_text(data)
    assert saved.reference in text and "Amazon" in text
    code = saved.followup_code
    for needle in (code, code.replace("-", ""), hash_followup_code(code)):
        assert needle not in text
        assert needle.encode() not in data


def test_long_and_unusual_text_is_printed_on_several_pages() -> None:
    word = "https://www.example.com/" + "x" * 300
    description = "\n".join(
        [f"Ligne {i} : tout va mal, «\u00a0vraiment\u00a0» 12\u202f000 €." for i in range(150)]
        + [word, "Caractères sans glyphe : 漢字 𝄞, contrôle :\x07\x1b fin."]
    )
    data = receipt_pdf(make_testimony(description=description))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    text = pdf_text(data)
    assert "Ligne 149 : tout va mal, « vraiment » 12 000 €." in text
    assert "contrôle : fin." in text  # control characters became spaces
    assert f"page {len(reader.pages)}/{len(reader.pages)}" in text
    assert "Et maintenant ?" in text


def test_same_testimony_gives_the_same_file() -> None:
    assert receipt_pdf(make_testimony()) == receipt_pdf(make_testimony())


def test_file_name_and_font_come_from_the_reference_and_a_package() -> None:
    assert filename("SP-2026-000042") == "recepisse-SP-2026-000042.pdf"
    files = font_files()
    assert all(path.is_file() and "matplotlib" in path.parts for path in files.values())
