"""Dashboard, list, testimony page, conversations and audit log, as staff see them."""

from __future__ import annotations

from sqlalchemy import select

from bot.storage.db import session_factory
from bot.storage.models import AuditLog, StaffReply, Testimony
from tests.staff.conftest import StaffEnv, post


def _actions() -> list[tuple[str, str | None, str | None]]:
    with session_factory()() as session:
        rows = session.scalars(select(AuditLog).order_by(AuditLog.id)).all()
        return [(r.action, r.target_type, r.target_id) for r in rows]


def test_dashboard_shows_counts_target_window_and_charts(staff_env: StaffEnv) -> None:
    page = staff_env.client("reviewer").get("/staff/").get_data(as_text=True)
    assert "3 / 100" in page and "33 % anonymes" in page and "33 % à rappeler" in page
    assert "Consultation du 31/10/2026 au 30/11/2026" in page
    assert page.count('role="img"') == 5 and page.count("<title id=") == 5
    # every count of a chart's table links to the list filtered the same way
    assert '<th scope="row">Amazon</th><td><a href="/staff/testimonies?platform=amazon"' in page
    assert (
        '<th scope="row">Avis clients</th><td><a href="/staff/testimonies?problem=reviews"' in page
    )
    assert "Semaine du" in page


def test_list_is_newest_first_with_total_and_filters_in_the_url(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    refs = staff_env.references
    page = client.get("/staff/testimonies").get_data(as_text=True)
    assert "3 témoignages" in page
    positions = [page.index(refs[s]) for s in ("sender-cdiscount", "sender-anon", "sender-named")]
    assert positions == sorted(positions)
    page = client.get("/staff/testimonies?platform=ebay&anonymous=true").get_data(as_text=True)
    assert "1 témoignage<" in page and refs["sender-anon"] in page
    assert refs["sender-named"] not in page
    assert 'href="/staff/export.csv?platform=ebay&amp;anonymous=true"' in page
    page = client.get("/staff/testimonies?search=RETIRÉS+préavis").get_data(as_text=True)
    assert refs["sender-cdiscount"] in page and "1 témoignage<" in page
    page = client.get("/staff/testimonies?problem=delisting&status=new&wants_contact=false")
    assert refs["sender-cdiscount"] in page.get_data(as_text=True)
    page = client.get("/staff/testimonies?since=2099-01-01").get_data(as_text=True)
    assert "0 témoignage<" in page
    page = client.get("/staff/testimonies?platform=<b>").get_data(as_text=True)
    assert "Filtre invalide" in page and "3 témoignages" in page


def test_list_is_paginated_by_25(staff_env: StaffEnv, make_record) -> None:  # noqa: ANN001
    from bot.storage.testimonies import save_testimony

    for index in range(25):
        save_testimony(
            make_record(), submission_id=f"bulk-{index}", sender_id=f"bulk-{index}", channel="rest"
        )
    client = staff_env.client("reviewer")
    first = client.get("/staff/testimonies?platform=amazon").get_data(as_text=True)
    assert "26 témoignages" in first and "1 à 25" in first
    assert "page=2" in first
    second = client.get("/staff/testimonies?platform=amazon&page=2").get_data(as_text=True)
    assert "26 à 26" in second and staff_env.references["sender-named"] in second


def test_testimony_page_shows_every_field_with_french_labels(staff_env: StaffEnv) -> None:
    reference = staff_env.references["sender-named"]
    page = staff_env.client("reviewer").get(f"/staff/testimonies/{reference}")
    html = page.get_data(as_text=True)
    for label in (
        "Référence",
        "Plateforme",
        "Problèmes",
        "Perte estimée (€)",
        "SIREN",
        "Taille de l&#39;entreprise",
        "Souhaite être rappelé",
        "Statut",
    ):
        assert f'<th scope="row">{label}</th>' in html, label
    assert "Compte fermé / exclusion, Paiements retenus, Pas d&#39;interlocuteur" in html
    assert "Moins de 10 personnes" in html and "15\u202f000 €" in html
    assert "claire@example.fr" in html  # named testimony: contact details shown
    assert "identifying-flag" not in html


def test_testimony_page_shows_the_transcript_as_a_chat(staff_env: StaffEnv) -> None:
    reference = staff_env.references["sender-named"]
    html = (
        staff_env.client("reviewer").get(f"/staff/testimonies/{reference}").get_data(as_text=True)
    )
    assert "staff-turn--user" in html and "staff-turn--bot" in html
    assert "Mon compte a été fermé" in html and "Question sur platform ?" in html
    assert '<li title="/skip">Passer</li>' in html  # buttons offered
    assert '<time datetime="2026-11-04T' in html
    assert "K7QF-93XD-P2MW-TZ6C" not in html and "XXXX-XXXX-XXXX-XXXX" in html


def test_status_note_assignment_and_reply_are_saved_and_audited(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    reference = staff_env.references["sender-named"]
    base = f"/staff/testimonies/{reference}"
    client.get(base)
    post(client, f"{base}/status", {"status": "mediation"})
    post(client, f"{base}/replies", {"text": "Votre dossier est en médiation."})
    assert post(client, f"{base}/status", {"status": "bogus"}).status_code == 400
    with session_factory()() as session:
        testimony = session.scalars(select(Testimony).where(Testimony.reference == reference)).one()
        assert testimony.status == "mediation"
        assert session.scalars(select(StaffReply.text)).all() == ["Votre dossier est en médiation."]
    actions = _actions()
    assert ("view", "testimony", reference) in actions
    assert actions.count(("change", "testimony", reference)) == 2


def test_admin_deletes_a_testimony_after_confirmation(staff_env: StaffEnv) -> None:
    client = staff_env.client("admin")
    reference = staff_env.references["sender-cdiscount"]
    base = f"/staff/testimonies/{reference}"
    post(client, f"{base}/delete", {"confirm": "non"})
    assert client.get(base).status_code == 200
    response = post(client, f"{base}/delete", {"confirm": reference})
    assert response.status_code == 302
    assert client.get(base).status_code == 404
    assert ("delete", "testimony", reference) in _actions()
    conversations = client.get("/staff/conversations").get_data(as_text=True)
    assert "sender-cdiscount" not in conversations  # its transcript went too


def test_conversations_lists_unfinished_and_cancelled_only(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    page = client.get("/staff/conversations").get_data(as_text=True)
    assert "sender-unfinished" in page and "sender-cancelled" in page
    assert "sender-named" not in page and "sender-anon" not in page
    assert "Annulée" in page and "Interrompue" in page
    assert '<th scope="row">Problèmes</th><td>1</td>' in page  # last question reached
    transcript = client.get("/staff/conversations/sender-unfinished").get_data(as_text=True)
    assert "Amazon a bloqué mes fonds" in transcript
    assert client.get("/staff/conversations/sender-named").status_code == 404
    assert client.get("/staff/conversations/nobody").status_code == 404
    assert ("view", "conversation", "sender-unfinished") in _actions()


def test_audit_log_lists_views_changes_and_exports_for_admins(staff_env: StaffEnv) -> None:
    reviewer = staff_env.client("reviewer")
    reference = staff_env.references["sender-named"]
    reviewer.get(f"/staff/testimonies/{reference}")
    post(reviewer, f"/staff/testimonies/{reference}/notes", {"text": "note"})
    reviewer.get("/staff/export.csv?platform=amazon")
    page = staff_env.client("admin").get("/staff/audit").get_data(as_text=True)
    for text in (
        "Consultation",
        "Modification",
        "Export",
        "Connexion",
        staff_env.reviewer_email,
        f"Témoignage {reference}",
        "note interne ajoutée",
    ):
        assert text in page, text


def test_admin_manages_accounts_and_sees_a_new_password_once(staff_env: StaffEnv) -> None:
    client = staff_env.client("admin")
    response = post(
        client, "/staff/accounts", {"email": "nouveau@ministere.example", "role": "reviewer"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="new-password"' in html
    assert 'id="new-password"' not in client.get("/staff/accounts").get_data(as_text=True)
    assert (
        post(client, "/staff/accounts", {"email": "pas-un-email", "role": "admin"}).status_code
        == 400
    )
