"""The staff side of the follow-up loop: one thread per testimony, questions to the seller,
read and seen marks, the dashboard counts, the list badge and filter, withdrawals."""

from __future__ import annotations

import csv
import io
import json
import re

from flask.testing import FlaskClient
from sqlalchemy import select

from bot.export import export_records, to_csv, to_json
from bot.storage import followups
from bot.storage.db import session_factory
from bot.storage.filters import TestimonyFilters
from bot.storage.models import AuditLog, StaffReply, StatusChange, Testimony, UserFollowup
from tests.staff.conftest import StaffEnv, post

XSS = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'
_NEW_BADGE = 'fr-badge--new">Nouveau</span>'


def _testimony_id(reference: str) -> int:
    with session_factory()() as session:
        stmt = select(Testimony.id).where(Testimony.reference == reference)
        return session.scalars(stmt).one()


def _replies() -> list[StaffReply]:
    with session_factory()() as session:
        return list(session.scalars(select(StaffReply).order_by(StaffReply.id)))


def _count(page: str, name: str) -> int:
    match = re.search(rf'id="count-{name}" data-count="(\d+)"', page)
    assert match, name
    return int(match.group(1))


def _dashboard(client: FlaskClient) -> str:
    return client.get("/staff/").get_data(as_text=True)


def _ask(client: FlaskClient, reference: str, text: str, question: bool = True) -> StaffReply:
    data = {"text": text, "is_question": "1"} if question else {"text": text}
    response = post(client, f"/staff/testimonies/{reference}/replies", data)
    assert response.status_code == 302
    return _replies()[-1]


def test_thread_shows_additions_question_answer_and_status_change_in_time_order(
    staff_env: StaffEnv,
) -> None:
    client = staff_env.client("reviewer")
    reference = staff_env.references["sender-named"]
    testimony_id = _testimony_id(reference)
    followups.add_seller_message(testimony_id, "Le compte est toujours bloqué.")
    question = _ask(client, reference, "Avez-vous reçu un e-mail d'Amazon ?")
    followups.add_seller_message(testimony_id, "Une question : que faites-vous ?", "question")
    followups.add_seller_message(
        testimony_id, "Oui, le 3 novembre.", "answer", in_reply_to_id=question.id
    )
    post(client, f"/staff/testimonies/{reference}/status", {"status": "in_review"})
    page = client.get(f"/staff/testimonies/{reference}").get_data(as_text=True)
    thread = page[page.index('id="thread"') :]
    expected = [
        "Information ajoutée",
        "Le compte est toujours bloqué.",
        "Question au déclarant",
        "Avez-vous reçu un e-mail d&#39;Amazon ?",
        "Réponse à votre question",
        "en réponse à la question du",
        "Oui, le 3 novembre.",
        "Question du déclarant",
        "Une question : que faites-vous ?",
        "Statut : Nouveau → En cours d&#39;examen",
    ]
    positions = [thread.index(text) for text in expected]
    assert positions == sorted(positions)
    status_entry = thread[thread.index("Statut : Nouveau") :]
    assert status_entry.index(staff_env.reviewer_email) < status_entry.index("</li>")  # who
    assert not re.search(r'datetime="[^"]*\.\d', thread)  # valid HTML: whole seconds
    answers = thread[thread.index("staff-thread__answers") :]
    assert answers.index("Oui, le 3 novembre.") < answers.index("</ol>")  # under the question
    assert "Messages ajoutés par l" not in page and "Réponses à l&#39;utilisateur" not in page
    assert "Poser une question au déclarant (il pourra répondre dans le chat)" in page


def test_status_change_is_recorded_with_who_and_no_change_for_the_same_status(
    staff_env: StaffEnv,
) -> None:
    client = staff_env.client("admin")
    reference = staff_env.references["sender-cdiscount"]
    base = f"/staff/testimonies/{reference}/status"
    post(client, base, {"status": "mediation"})
    post(client, base, {"status": "mediation"})
    post(client, base, {"status": "closed"})
    with session_factory()() as session:
        changes = session.scalars(select(StatusChange).order_by(StatusChange.id)).all()
        status = session.scalars(select(Testimony.status).where(Testimony.reference == reference))
        assert status.one() == "closed"
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("new", "mediation"),
        ("mediation", "closed"),
    ]
    assert {c.testimony_id for c in changes} == {_testimony_id(reference)}
    assert all(c.staff_user_id is not None for c in changes)
    page = client.get(f"/staff/testimonies/{reference}").get_data(as_text=True)
    assert "Statut : Nouveau → En médiation" in page and "Statut : En médiation → Clos" in page
    assert staff_env.admin_email in page[page.index('id="thread"') :]


def test_question_box_stores_is_question_and_audits_without_content(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    reference = staff_env.references["sender-named"]
    plain = _ask(client, reference, "Merci pour votre témoignage.", question=False)
    question = _ask(client, reference, "Quel est le montant bloqué ?")
    assert (plain.is_question, question.is_question) == (False, True)
    with session_factory()() as session:
        details = session.scalars(
            select(AuditLog.detail).where(AuditLog.action == "change").order_by(AuditLog.id)
        ).all()
    assert details == ["réponse à l'utilisateur", "réponse (question)"]
    page = client.get(f"/staff/testimonies/{reference}").get_data(as_text=True)
    assert page.count('data-question="true"') == 1 and page.count('data-question="false"') == 1
    assert "en attente de réponse" in page


def test_read_marks_of_staff_replies(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    reference = staff_env.references["sender-named"]
    first = _ask(client, reference, "Première réponse.", question=False)
    _ask(client, reference, "Seconde réponse.", question=False)
    page = client.get(f"/staff/testimonies/{reference}").get_data(as_text=True)
    assert page.count("pas encore lu") == 2 and "lu par le déclarant le" not in page
    assert _count(_dashboard(client), "unread-by-seller") == 1
    followups.mark_read([first.id])
    page = client.get(f"/staff/testimonies/{reference}").get_data(as_text=True)
    first_block = page[page.index(f'id="reply-{first.id}"') :]
    assert re.search(r"lu par le déclarant le \d\d/\d\d/\d{4} \d\d:\d\d", first_block)
    assert page.count("pas encore lu") == 1
    followups.mark_read([r.id for r in _replies()])
    assert _count(_dashboard(client), "unread-by-seller") == 0


def test_opening_the_page_marks_seller_messages_seen_and_the_count_goes_down(
    staff_env: StaffEnv,
) -> None:
    client = staff_env.client("reviewer")
    named = staff_env.references["sender-named"]
    anon = staff_env.references["sender-anon"]
    followups.add_seller_message(_testimony_id(named), "Nouvelle information.")
    followups.add_seller_message(_testimony_id(anon), "Encore une chose.")
    followups.add_seller_message(_testimony_id(anon), "Et une autre.")
    assert _count(_dashboard(client), "new-from-seller") == 2
    page = client.get(f"/staff/testimonies/{anon}").get_data(as_text=True)
    assert page.count(_NEW_BADGE) == 2  # new since staff last looked
    with session_factory()() as session:
        seen = session.scalars(select(UserFollowup.seen_by_staff_at).order_by(UserFollowup.id))
        assert [value is not None for value in seen] == [False, True, True]
    assert _count(_dashboard(client), "new-from-seller") == 1
    again = client.get(f"/staff/testimonies/{anon}").get_data(as_text=True)
    assert _NEW_BADGE not in again and "Encore une chose." in again
    client.get(f"/staff/testimonies/{named}")
    assert _count(_dashboard(client), "new-from-seller") == 0


def test_open_questions_count_until_answered(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    reference = staff_env.references["sender-cdiscount"]
    question = _ask(client, reference, "Depuis quand ?")
    _ask(client, reference, "Une simple réponse.", question=False)
    assert _count(_dashboard(client), "open-questions") == 1
    followups.add_seller_message(
        _testimony_id(reference), "Depuis mars.", "answer", in_reply_to_id=question.id
    )
    assert _count(_dashboard(client), "open-questions") == 0
    page = client.get(f"/staff/testimonies/{reference}").get_data(as_text=True)
    assert "en attente de réponse" not in page


def test_list_badge_and_filter_on_new_seller_messages(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    refs = staff_env.references
    followups.add_seller_message(_testimony_id(refs["sender-anon"]), "Du nouveau.")
    listing = client.get("/staff/testimonies").get_data(as_text=True)
    assert listing.count("Nouveau message du déclarant</p>") == 1
    row = listing[listing.index(refs["sender-anon"]) :]
    assert row.index("Nouveau message du déclarant</p>") < row.index("</tr>")
    assert 'name="new_from_seller"' in listing
    only = client.get("/staff/testimonies?new_from_seller=true").get_data(as_text=True)
    assert "1 témoignage<" in only and refs["sender-anon"] in only
    assert refs["sender-named"] not in only
    assert 'href="/staff/export.csv?new_from_seller=true"' in only
    others = client.get("/staff/testimonies?new_from_seller=false").get_data(as_text=True)
    assert "2 témoignages" in others and refs["sender-anon"] not in others
    bad = client.get("/staff/testimonies?new_from_seller=peut-etre").get_data(as_text=True)
    assert "Filtre invalide" in bad and "3 témoignages" in bad
    dashboard = _dashboard(client)
    assert 'href="/staff/testimonies?new_from_seller=true"' in dashboard
    client.get(f"/staff/testimonies/{refs['sender-anon']}")
    listing = client.get("/staff/testimonies").get_data(as_text=True)
    assert "Nouveau message du déclarant</p>" not in listing
    assert "0 témoignage<" in client.get("/staff/testimonies?new_from_seller=true").get_data(
        as_text=True
    )


def test_withdrawn_count_on_the_dashboard(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    page = _dashboard(client)
    assert _count(page, "withdrawn") == 0
    reference = staff_env.references["sender-cdiscount"]
    assert followups.withdraw(_testimony_id(reference))
    page = _dashboard(client)
    assert _count(page, "withdrawn") == 1
    assert "1 témoignage\n      retiré par son auteur" in page
    assert reference not in page
    assert followups.withdraw(_testimony_id(staff_env.references["sender-named"]))
    page = _dashboard(client)
    assert "2 témoignages\n      retirés par leur auteur" in page
    assert "2 / 100" not in page and "1 / 100" in page


def test_hostile_text_in_the_thread_is_escaped_and_anonymous_text_masked(
    staff_env: StaffEnv,
) -> None:
    client = staff_env.client("reviewer")
    reference = staff_env.references["sender-anon"]
    testimony_id = _testimony_id(reference)
    question = _ask(client, reference, XSS + "\nligne 2")
    followups.add_seller_message(testimony_id, XSS + "\nécrivez à jean.dupont@example.fr")
    followups.add_seller_message(testimony_id, XSS, "answer", in_reply_to_id=question.id)
    page = client.get(f"/staff/testimonies/{reference}").get_data(as_text=True)
    thread = page[page.index('id="thread"') :]
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    assert thread.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3
    assert "&lt;/script&gt; &#34;&gt;&lt;img src=x onerror=alert(1)&gt;\nligne 2" in thread
    assert "jean.dupont@example.fr" not in page and "[e-mail masqué]" in thread


def test_export_is_unchanged_by_the_follow_up_loop(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    refs = staff_env.references
    before = {kind: client.get(f"/staff/export.{kind}").data for kind in ("csv", "json")}
    question = _ask(client, refs["sender-named"], "Une question ?")
    followups.add_seller_message(
        _testimony_id(refs["sender-named"]), "Réponse.", "answer", in_reply_to_id=question.id
    )
    followups.add_seller_message(_testimony_id(refs["sender-anon"]), "Ajout.")
    followups.mark_read([question.id])
    client.get(f"/staff/testimonies/{refs['sender-named']}")
    after = {kind: client.get(f"/staff/export.{kind}").data for kind in ("csv", "json")}
    assert after == before
    assert after["csv"] == to_csv(export_records()).encode("utf-8-sig")
    assert after["json"] == to_json(export_records()).encode("utf-8")

    filtered = client.get("/staff/export.csv?new_from_seller=true")
    assert filtered.status_code == 200
    rows = list(csv.reader(io.StringIO(filtered.data.decode("utf-8-sig"))))
    header = next(csv.reader(io.StringIO(before["csv"].decode("utf-8-sig"))))
    assert rows[0] == header and [r[0] for r in rows[1:]] == [refs["sender-anon"]]
    expected = export_records(TestimonyFilters(new_from_seller=True))
    assert filtered.data == to_csv(expected).encode("utf-8-sig")
    records = json.loads(client.get("/staff/export.json?new_from_seller=true").data)
    assert [r["reference"] for r in records] == [refs["sender-anon"]]
    assert list(records[0]) == list(json.loads(before["json"])[0])
    assert _count(_dashboard(client), "new-from-seller") == 1  # exporting is not reading
