"""The agent's desk (issue 10): sorting, saved views, totals, search over every text field,
audited corrections, readable transcripts, audit log and dashboard links."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.storage.audit import record_event
from bot.storage.db import session_factory
from bot.storage.models import AuditLog, FieldCorrection, StaffNote, StaffUser, Testimony
from bot.storage.testimonies import save_testimony
from tests.staff.conftest import T0, StaffEnv, _event, conversation, post

PLAIN = str.maketrans({"\u00a0": " ", "\u202f": " "})
"""Pages are typeset (no-break spaces before ':' and in numbers): tests read plain spaces."""


def _refs_in_order(page: str, references: list[str]) -> list[str]:
    """The given references in the order the page shows them."""
    return sorted(references, key=page.index)


def _set(reference: str, **values: object) -> None:
    with session_factory()() as session, session.begin():
        testimony = session.scalars(select(Testimony).where(Testimony.reference == reference)).one()
        for name, value in values.items():
            setattr(testimony, name, value)


def _account_id(email: str) -> int:
    with session_factory()() as session:
        return session.scalars(select(StaffUser.id).where(StaffUser.email == email)).one()


def _testimony(reference: str) -> Testimony:
    with session_factory()() as session:
        return session.scalars(select(Testimony).where(Testimony.reference == reference)).one()


# --- list: columns, sorting, totals ---------------------------------------------------


def test_list_columns_and_totals_of_the_filtered_set(staff_env: StaffEnv) -> None:
    refs = staff_env.references
    _set(refs["sender-cdiscount"], estimated_loss_eur=None)
    client = staff_env.client("reviewer")
    page = client.get("/staff/testimonies").get_data(as_text=True).translate(PLAIN)
    for header in ("Référence", "Reçu le", "Plateforme", "Problèmes", "Entreprise"):
        assert f">{header}<" in page or f">{header} " in page or header in page, header
    assert "Perte estimée" in page and "Suivi par" in page
    assert "Jouets Martin" in page  # company of a named testimony
    totals = re.search(r'<p id="totals">(.*?)</p>', page, re.S).group(1)  # type: ignore[union-attr]
    assert "3 témoignages" in totals and "30 000 €" in totals
    assert "2 témoignages sur 3" in totals
    page = client.get("/staff/testimonies?platform=ebay").get_data(as_text=True).translate(PLAIN)
    totals = re.search(r'<p id="totals">(.*?)</p>', page, re.S).group(1)  # type: ignore[union-attr]
    assert "1 témoignage</strong>" in totals and "15 000 €" in totals


def test_anonymous_testimonies_show_no_company(staff_env: StaffEnv, make_record) -> None:  # noqa: ANN001
    staff_env.save(
        make_record(anonymous=True, company_name="Société Secrète"), "sender-anon-company"
    )
    page = (
        staff_env.client("reviewer")
        .get("/staff/testimonies")
        .get_data(as_text=True)
        .translate(PLAIN)
    )
    assert "Société Secrète" not in page


def test_sorting_by_each_column_with_aria_sort(staff_env: StaffEnv) -> None:
    refs = staff_env.references
    named, anon, cdiscount = refs["sender-named"], refs["sender-anon"], refs["sender-cdiscount"]
    _set(named, estimated_loss_eur=500, status="closed")
    _set(anon, estimated_loss_eur=90_000, status="in_review")
    _set(cdiscount, estimated_loss_eur=None, status="new")
    client = staff_env.client("reviewer")
    all_refs = [named, anon, cdiscount]

    def order(query: str) -> list[str]:
        response = client.get(f"/staff/testimonies?{query}")
        assert response.status_code == 200
        return _refs_in_order(response.get_data(as_text=True).translate(PLAIN), all_refs)

    assert order("") == [cdiscount, anon, named]  # newest first
    assert order("sort=date&order=asc") == [named, anon, cdiscount]
    assert order("sort=loss&order=desc") == [anon, named, cdiscount]  # no amount: last
    assert order("sort=loss&order=asc") == [named, anon, cdiscount]
    assert order("sort=platform&order=asc") == [named, cdiscount, anon]  # Amazon, Cdiscount, eBay
    assert order("sort=platform&order=desc") == [anon, cdiscount, named]
    assert order("sort=status") == [cdiscount, anon, named]  # workflow order
    page = (
        client.get("/staff/testimonies?sort=loss&order=desc&platform=amazon")
        .get_data(as_text=True)
        .translate(PLAIN)
    )
    assert page.count("aria-sort=") == 1 and 'aria-sort="descending"' in page
    # the current column links to the other direction, filters kept
    assert 'href="/staff/testimonies?platform=amazon&amp;sort=loss&amp;order=asc"' in page
    assert 'href="/staff/testimonies?platform=amazon&amp;sort=date&amp;order=desc"' in page
    page = (
        client.get("/staff/testimonies?sort=platform&order=asc")
        .get_data(as_text=True)
        .translate(PLAIN)
    )
    assert 'aria-sort="ascending"' in page


@pytest.mark.parametrize(
    "query",
    [
        "sort=bogus",
        "sort=loss&order=sideways",
        "sort=&order=",
        "order=asc",
        "sort=%ff%fe",
        "sort=loss;DROP TABLE testimonies",
        "sort=date&sort=loss&order=asc&order=desc",
        "page=-3",
        "page=abc",
        "page=99999999999999999999",
        "view=bogus",
        "view=mine&assigned_to=abc",
        "platform=<b>&problem=x&status=y&anonymous=peut-être",
        "since=2026-13-45&until=hier",
        "new_from_seller=maybe",
        "search=" + "%" * 300,
        "search=_%25\\",
    ],
)
def test_malformed_list_params_never_fail(staff_env: StaffEnv, query: str) -> None:
    client = staff_env.client("reviewer")
    response = client.get(f"/staff/testimonies?{query}")
    assert response.status_code == 200, query
    for export in ("csv", "json"):
        assert client.get(f"/staff/export.{export}?{query}").status_code in (200, 400), query


@pytest.mark.parametrize(
    "query",
    [
        "since=bogus",
        "until=2026-02-30",
        "last_question=%3Cscript%3E",
        "last_question=" + "a" * 500,
        "last_question=none&since=2026-11-01&until=2026-10-01",
        "page=0",
    ],
)
def test_malformed_conversation_params_never_fail(staff_env: StaffEnv, query: str) -> None:
    response = staff_env.client("reviewer").get(f"/staff/conversations?{query}")
    assert response.status_code == 200, query


# --- saved views ------------------------------------------------------------------------


def test_saved_views_to_process_mine_and_new_information(staff_env: StaffEnv) -> None:
    from bot.storage import followups

    refs = staff_env.references
    named, anon, cdiscount = refs["sender-named"], refs["sender-anon"], refs["sender-cdiscount"]
    reviewer_id = _account_id(staff_env.reviewer_email)
    admin_id = _account_id(staff_env.admin_email)
    _set(named, status="in_review", assigned_to_id=None)  # to process: nobody on it
    _set(anon, status="in_review", assigned_to_id=reviewer_id)  # mine, not to process
    _set(cdiscount, status="mediation", assigned_to_id=admin_id)  # neither
    followups.add_seller_message(_testimony(cdiscount).id, "J'ai une nouvelle information.")
    client = staff_env.client("reviewer")

    def shown(view: str) -> set[str]:
        page = client.get(f"/staff/testimonies?view={view}").get_data(as_text=True).translate(PLAIN)
        assert 'aria-current="page"' in page.split('id="saved-views"')[1].split("</ul>")[0]
        return {ref for ref in (named, anon, cdiscount) if ref in page}

    assert shown("todo") == {named}
    assert shown("mine") == {anon}
    assert shown("new") == {cdiscount}
    page = client.get("/staff/testimonies").get_data(as_text=True).translate(PLAIN)
    assert "À traiter (1)" in page and "Assignés à moi (1)" in page
    assert "Nouvelles informations (1)" in page
    assert 'href="/staff/testimonies?view=todo"' in page
    # a new testimony is to process; the view combines with the other filters and exports
    _set(anon, status="new")
    assert shown("todo") == {named, anon}
    page = (
        client.get("/staff/testimonies?view=todo&platform=ebay")
        .get_data(as_text=True)
        .translate(PLAIN)
    )
    assert anon in page and named not in page
    assert 'href="/staff/export.csv?platform=ebay&amp;view=todo"' in page
    exported = client.get("/staff/export.json?view=mine").get_json()
    assert [r["reference"] for r in exported] == [anon]
    # the assignee column
    page = client.get("/staff/testimonies?view=mine").get_data(as_text=True).translate(PLAIN)
    assert staff_env.reviewer_email in page.split("<tbody>")[1]


# --- search -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "search, sender",
    [
        ("BLOQUÉ ventes", "sender-named"),  # description
        ("jouets martin", "sender-named"),  # company name
        ("CLAIRE", "sender-named"),  # contact name and e-mail
        ("claire@example", "sender-named"),  # e-mail, partial
        ("+33612345678", "sender-named"),  # phone as stored
        ("612345678", "sender-named"),  # phone digits
        ("732 829 320", "sender-named"),  # SIREN with spaces
        ("732829320", "sender-named"),  # SIREN
        ("Électroménager", "sender-cdiscount"),  # sector, accents and case ignored
        ("marketplace locale", "sender-other"),  # other platform
        ("Ma Boutique", "sender-other"),  # company name with accents ("Ma Boutiqué")
    ],
)
def test_search_covers_every_text_field(
    staff_env: StaffEnv,
    make_record,  # noqa: ANN001
    search: str,
    sender: str,
) -> None:
    _set(
        staff_env.references["sender-cdiscount"],
        sector="électroménager",
        company_name=None,
        contact_name="Léa Petit",
        email="lea@example.net",
        phone="0611111111",
        siren="443061841",
    )
    staff_env.save(
        make_record(
            description="Mes annonces ont disparu.",
            platform="other",
            platform_other="Marketplace Locale",
            company_name="Ma Boutiqué",
            contact_name="Paul Durand",
            email="paul@example.org",
            phone="0700000000",
            siren="552100554",
            sector="vins",
        ),
        "sender-other",
    )
    page = (
        staff_env.client("reviewer")
        .get("/staff/testimonies", query_string={"search": search})
        .get_data(as_text=True)
        .translate(PLAIN)
    )
    found = {s for s, ref in staff_env.references.items() if ref in page}
    assert found == {sender}, (search, found)


def test_search_by_reference_exact_or_partial(staff_env: StaffEnv) -> None:
    refs = staff_env.references
    client = staff_env.client("reviewer")
    reference = refs["sender-anon"]  # SP-2026-000002
    for search in (reference, reference.lower(), reference[-6:], "000002"):
        page = (
            client.get("/staff/testimonies", query_string={"search": search})
            .get_data(as_text=True)
            .translate(PLAIN)
        )
        assert reference in page and "1 témoignage<" in page, search
    page = (
        client.get("/staff/testimonies", query_string={"search": "SP-2026"})
        .get_data(as_text=True)
        .translate(PLAIN)
    )
    assert "3 témoignages" in page


def test_search_never_finds_identifiers_cleared_for_anonymity(
    staff_env: StaffEnv,
    make_record,  # noqa: ANN001
) -> None:
    staff_env.save(
        make_record(anonymous=True, email="cache@example.fr", company_name="Cachée"), "sender-x"
    )
    page = (
        staff_env.client("reviewer")
        .get("/staff/testimonies", query_string={"search": "cache"})
        .get_data(as_text=True)
        .translate(PLAIN)
    )
    assert "0 témoignage<" in page


def test_search_fields_follow_every_change(db_url: str, make_record) -> None:  # noqa: ANN001
    saved = save_testimony(make_record(), submission_id="s1", sender_id="s1", channel="rest")
    row = _testimony(saved.reference)
    assert row.search_fields.splitlines()[0] == saved.reference.lower()
    assert "jouets martin" in row.search_fields and "33612345678" in row.search_fields
    _set(saved.reference, company_name="Nouvelle Société", phone=None)
    row = _testimony(saved.reference)
    assert "nouvelle societe" in row.search_fields and "jouets martin" not in row.search_fields
    assert "3361" not in row.search_fields


# --- corrections ----------------------------------------------------------------------------


def test_a_correction_is_checked_audited_and_kept_with_before_and_after(
    staff_env: StaffEnv,
) -> None:
    client = staff_env.client("reviewer")
    reference = staff_env.references["sender-named"]
    base = f"/staff/testimonies/{reference}"
    page = client.get(base).get_data(as_text=True).translate(PLAIN)
    assert 'name="field" value="estimated_loss_eur"' in page
    response = post(client, f"{base}/correct", {"field": "estimated_loss_eur", "value": "1 500"})
    assert response.status_code == 302
    assert _testimony(reference).estimated_loss_eur == 1500
    page = client.get(base).get_data(as_text=True).translate(PLAIN)
    assert "Correction enregistrée : Perte estimée (€)." in page
    corrections = page.split('id="corrections"')[1].split("</table>")[0]
    assert "15 000 €" in corrections and "1 500 €" in corrections
    assert staff_env.reviewer_email in corrections and "Perte estimée (€)" in corrections
    with session_factory()() as session:
        (row,) = session.scalars(select(FieldCorrection)).all()
        assert (row.field, row.old_value, row.new_value) == (
            "estimated_loss_eur",
            "15\u202f000 €",
            "1\u202f500 €",
        )
        assert row.staff_user_id == _account_id(staff_env.reviewer_email)
        entry = session.scalars(select(AuditLog).where(AuditLog.detail.like("correction%"))).one()
    assert (entry.action, entry.target_type, entry.target_id) == ("change", "testimony", reference)
    assert entry.detail == "correction : Perte estimée (€)"  # the field, never the values
    assert entry.staff_user_id == row.staff_user_id
    audit = staff_env.client("admin").get("/staff/audit").get_data(as_text=True).translate(PLAIN)
    assert "correction : Perte estimée (€)" in audit and "1 500" not in audit


def test_corrections_of_each_kind(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    reference = staff_env.references["sender-named"]
    url = f"/staff/testimonies/{reference}/correct"
    client.post(
        url,
        data={
            "field": "problems",
            "value": ["reviews", "account_termination"],
            "csrf_token": _token(client),
        },
    )
    post(client, url, {"field": "started_on", "value": "2026-02-01"})
    post(client, url, {"field": "support_outcome", "value": "resolved"})
    post(client, url, {"field": "reason_given", "value": ""})  # cleared
    post(client, url, {"field": "siren", "value": "732 829 320 00074"})  # a SIRET: its SIREN
    post(client, url, {"field": "email", "value": "claire.martin@example.fr"})
    post(client, url, {"field": "platform", "value": "other"})
    post(client, url, {"field": "platform_other", "value": "Ma place de marché"})
    testimony = _testimony(reference)
    assert list(testimony.problems) == ["reviews", "account_termination"]
    assert str(testimony.started_on) == "2026-02-01"
    assert testimony.support_outcome == "resolved" and testimony.reason_given is None
    assert testimony.siren == "732829320" and testimony.email == "claire.martin@example.fr"
    assert (testimony.platform, testimony.platform_other) == ("other", "Ma place de marché")
    # back to a listed platform: the other platform's name goes too, both recorded
    post(client, url, {"field": "platform", "value": "ebay"})
    testimony = _testimony(reference)
    assert (testimony.platform, testimony.platform_other) == ("ebay", None)
    with session_factory()() as session:
        fields = session.scalars(select(FieldCorrection.field).order_by(FieldCorrection.id)).all()
    assert fields[-2:] == ["platform", "platform_other"]
    page = client.get(f"/staff/testimonies/{reference}").get_data(as_text=True).translate(PLAIN)
    assert "Avis clients, Compte fermé / exclusion" in page
    assert "staff-corrected" in page
    # searchable at once under the corrected value
    found = client.get("/staff/testimonies", query_string={"search": "claire.martin"})
    assert reference in found.get_data(as_text=True).translate(PLAIN)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("estimated_loss_eur", "-5", "un nombre entier positif"),
        ("estimated_loss_eur", "beaucoup", "un nombre entier positif"),
        ("revenue_share_pct", "150", "entre 0 et 100"),
        ("started_on", "hier", "une date est attendue"),
        ("support_outcome", "maybe", "valeur non autorisée"),
        ("platform", "myspace", "valeur non autorisée"),
        ("platform", "", "La plateforme est obligatoire"),
        ("problems", "", "valeur non autorisée"),
        ("siren", "12345", "9 chiffres"),
    ],
)
def test_an_invalid_correction_is_refused_and_explained(
    staff_env: StaffEnv, field: str, value: str, message: str
) -> None:
    client = staff_env.client("reviewer")
    reference = staff_env.references["sender-named"]
    before = _testimony(reference)
    response = post(
        client, f"/staff/testimonies/{reference}/correct", {"field": field, "value": value}
    )
    assert response.status_code == 302
    page = client.get(f"/staff/testimonies/{reference}").get_data(as_text=True).translate(PLAIN)
    assert "Correction refusée" in page and message.replace("'", "&#39;") in page
    after = _testimony(reference)
    assert getattr(after, field) == getattr(before, field) or field == "problems"
    with session_factory()() as session:
        assert session.scalars(select(FieldCorrection)).all() == []


def test_no_problem_at_all_is_refused(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    reference = staff_env.references["sender-named"]
    response = client.post(
        f"/staff/testimonies/{reference}/correct",
        data={"field": "problems", "csrf_token": _token(client)},
    )
    assert response.status_code == 302
    assert len(_testimony(reference).problems) == 3


def test_an_anonymous_testimony_never_gets_identifying_data(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    reference = staff_env.references["sender-anon"]
    page = client.get(f"/staff/testimonies/{reference}").get_data(as_text=True).translate(PLAIN)
    for name in ("company_name", "siren", "contact_name", "email", "phone"):
        assert f'name="field" value="{name}"' not in page, name
        response = post(
            client, f"/staff/testimonies/{reference}/correct", {"field": name, "value": "X"}
        )
        assert response.status_code == 400, name
    for name in ("anonymous", "description", "status", "reference", "nonsense", ""):
        response = post(
            client, f"/staff/testimonies/{reference}/correct", {"field": name, "value": "1"}
        )
        assert response.status_code == 400, name
    testimony = _testimony(reference)
    assert testimony.anonymous and testimony.email is None and testimony.company_name is None
    assert (
        post(client, "/staff/testimonies/SP-0000-999999/correct", {"field": "sector"}).status_code
        == 404
    )


def test_the_same_value_changes_nothing(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    reference = staff_env.references["sender-named"]
    post(
        client, f"/staff/testimonies/{reference}/correct", {"field": "sector", "value": " jouets "}
    )
    with session_factory()() as session:
        assert session.scalars(select(FieldCorrection)).all() == []
        assert not session.scalars(
            select(AuditLog).where(AuditLog.detail.like("correction%"))
        ).all()


def test_corrections_need_the_csrf_token(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    reference = staff_env.references["sender-named"]
    response = client.post(
        f"/staff/testimonies/{reference}/correct", data={"field": "sector", "value": "vins"}
    )
    assert response.status_code in (400, 403)
    assert _testimony(reference).sector == "jouets"


def _token(client) -> str:  # noqa: ANN001
    from tests.staff.conftest import csrf_token

    return csrf_token(client)


# --- conversations: confirmed cancels only, filters ------------------------------------------


def _cancel_then_continue(sender: str, start: float = T0) -> list[dict]:
    """'annuler', the question, 'Non, continuer' (/deny): the form goes on, then stops."""
    events = conversation(sender, ["Amazon"], start=start, end="unfinished")
    at = start + 100
    events += [
        _event(
            sender,
            "user",
            at,
            text="annuler",
            parse_data={"intent": {"name": "cancel", "confidence": 0.99}},
        ),
        _event(sender, "action", at, name="utter_ask_cancel"),
        _event(
            sender,
            "bot",
            at,
            text="Voulez-vous vraiment abandonner ce signalement ? Rien ne sera enregistré.",
            data={
                "buttons": [
                    {"title": "Oui, abandonner", "payload": "/affirm"},
                    {"title": "Non, continuer", "payload": "/deny"},
                ]
            },
        ),
        _event(
            sender,
            "user",
            at + 5,
            text="/deny",
            parse_data={"intent": {"name": "deny", "confidence": 1.0}},
        ),
        _event(sender, "action", at + 5, name="testimony_form"),
        _event(sender, "slot", at + 5, name="requested_slot", value="problems"),
    ]
    return events


def test_cancel_then_continue_is_not_a_cancelled_conversation(staff_env: StaffEnv) -> None:
    staff_env.add_events(_cancel_then_continue("sender-changed-mind", start=T0 + 5000))
    page = (
        staff_env.client("reviewer")
        .get("/staff/conversations")
        .get_data(as_text=True)
        .translate(PLAIN)
    )
    rows = {
        sender: state
        for sender, state in re.findall(
            r"/staff/conversations/([\w-]+)\">.*?<td>(Annulée|Interrompue)</td>", page, re.S
        )
    }
    assert rows == {
        "sender-changed-mind": "Interrompue",
        "sender-unfinished": "Interrompue",
        "sender-cancelled": "Annulée",  # action_cancel_report ran: the cancel was confirmed
    }


def test_conversations_filtered_by_dates_and_last_question(staff_env: StaffEnv) -> None:
    later = T0 + 10 * 86_400  # 2026-11-14
    staff_env.add_events(
        conversation("sender-later", ["Amazon", "compte fermé"], start=later, end="unfinished")
    )
    staff_env.add_events(conversation("sender-silent", [], start=later, end="unfinished"))
    client = staff_env.client("reviewer")

    def senders(query: str) -> set[str]:
        page = client.get(f"/staff/conversations?{query}").get_data(as_text=True).translate(PLAIN)
        return set(re.findall(r"/staff/conversations/([\w-]+)\"", page))

    everyone = {"sender-unfinished", "sender-cancelled", "sender-later", "sender-silent"}
    assert senders("") == everyone
    assert senders("since=2026-11-10") == {"sender-later", "sender-silent"}
    assert senders("until=2026-11-05") == {"sender-unfinished", "sender-cancelled"}
    assert senders("since=2026-11-14&until=2026-11-14") == {"sender-later", "sender-silent"}
    assert senders("last_question=problems") == {"sender-later", "sender-unfinished"}
    assert senders("last_question=platform") == {"sender-cancelled"}
    assert senders("last_question=none") == {"sender-silent"}
    assert senders("last_question=problems&since=2026-11-10") == {"sender-later"}
    page = (
        client.get("/staff/conversations?last_question=problems")
        .get_data(as_text=True)
        .translate(PLAIN)
    )
    select_html = page.split('id="c-last-question"')[1].split("</select>")[0]
    assert '<option value="problems" selected>Problèmes</option>' in select_html
    assert '<option value="none" >Avant le questionnaire</option>' in select_html
    assert "Plateforme</option>" in select_html
    assert "requested_slot" not in page


# --- transcripts: what the user pressed -----------------------------------------------------


def test_transcript_shows_the_title_of_the_button_pressed(staff_env: StaffEnv) -> None:
    sender = "sender-named"
    at = T0 + 2000
    correct_payload = '/correct{"field_to_change": "email"}'
    staff_env.add_events(
        [
            _event(
                sender,
                "bot",
                at,
                text="Voici le résumé. Que voulez-vous modifier ?",
                data={
                    "buttons": [
                        {"title": "Modifier l'e-mail", "payload": correct_payload},
                        {"title": "C'est bon, envoyer", "payload": "/affirm"},
                    ]
                },
            ),
            _event(sender, "user", at + 1, text='/correct{"field_to_change":"email"}'),
            _event(sender, "bot", at + 2, text="Quelle est la bonne adresse ?"),
            _event(sender, "user", at + 3, text="/affirm"),
            _event(sender, "user", at + 4, text='/inform{"platform": "nowhere"}'),
        ]
    )
    reference = staff_env.references[sender]
    page = (
        staff_env.client("reviewer")
        .get(f"/staff/testimonies/{reference}")
        .get_data(as_text=True)
        .translate(PLAIN)
    )
    user_turns = re.findall(
        r'staff-turn--user">.*?<p class="fr-mb-0 staff-turn__text">(.*?)</p>', page, re.S
    )
    assert (
        '<span class="fr-sr-only">Bouton choisi : </span>'
        '<span class="staff-turn__pressed">Modifier l&#39;e-mail</span>' in user_turns
    )
    assert any("C&#39;est bon, envoyer" in turn for turn in user_turns)  # an earlier offer
    assert any('staff-turn__pressed">(bouton)' in turn for turn in user_turns)  # no match
    for raw in ("/correct{", "field_to_change", "/affirm</", "/inform{", "nowhere"):
        assert all(raw not in turn for turn in user_turns), raw


def test_the_cancel_question_answers_read_as_their_buttons(staff_env: StaffEnv) -> None:
    staff_env.add_events(_cancel_then_continue("sender-changed-mind"))
    page = staff_env.client("reviewer").get("/staff/conversations/sender-changed-mind")
    html = page.get_data(as_text=True).translate(PLAIN)
    assert 'staff-turn__pressed">Non, continuer</span>' in html
    assert ">/deny<" not in html


def test_button_title_helper() -> None:
    from bot.web.staff.transcripts import BUTTON_FALLBACK, button_title, is_payload

    offers = [[("Oui", "/affirm")], [("Modifier", '/correct{"field_to_change": "phone"}')]]
    assert button_title("/affirm", offers) == "Oui"
    assert button_title('/correct{"field_to_change":"phone"}', offers) == "Modifier"
    assert button_title('/correct{"field_to_change": "email"}', offers) == BUTTON_FALLBACK
    assert button_title("/correct{broken", offers) == BUTTON_FALLBACK
    assert is_payload("/affirm") and not is_payload("/") and not is_payload("50/50")
    assert not is_payload("bonjour /affirm")


# --- dashboard ------------------------------------------------------------------------------


def test_every_dashboard_count_links_to_the_filtered_list(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    page = client.get("/staff/").get_data(as_text=True).translate(PLAIN)
    for href in (
        "/staff/testimonies",
        "/staff/testimonies?anonymous=true",
        "/staff/testimonies?wants_contact=true",
        "/staff/testimonies?platform=ebay",
        "/staff/testimonies?problem=delisting",
        "/staff/testimonies?status=new",
    ):
        assert f'href="{href}"' in page, href
    weeks = re.findall(r'href="/staff/testimonies\?since=([\d-]+)&amp;until=([\d-]+)"', page)
    received = _testimony(staff_env.references["sender-named"]).created_at.date()
    monday = received - timedelta(days=received.weekday())
    week = (monday.isoformat(), (monday + timedelta(days=6)).isoformat())
    assert week in weeks
    assert page.count('role="img"') == 5  # four charts and the progress bar
    assert page.count("<details") == 4  # each chart's table, collapsed
    # the links lead to lists with the dashboard's counts
    listing = client.get(f"/staff/testimonies?since={week[0]}&until={week[1]}")
    assert "3 témoignages" in listing.get_data(as_text=True).translate(PLAIN)
    listing = client.get("/staff/testimonies?status=new").get_data(as_text=True).translate(PLAIN)
    assert "3 témoignages" in listing
    svg = page.split('id="chart-platform-title"')[1].split("</svg>")[0]
    assert '<a href="/staff/testimonies?platform=amazon" tabindex="-1">' in svg


# --- audit log --------------------------------------------------------------------------------


def test_the_audit_log_reads_in_french(staff_env: StaffEnv) -> None:
    reviewer = staff_env.client("reviewer")
    reference = staff_env.references["sender-named"]
    post(reviewer, f"/staff/testimonies/{reference}/status", {"status": "mediation"})
    reviewer.get("/staff/export.csv?profile=french&platform=amazon&status=new")
    record_event(  # an entry written before this change: the filters' Python form
        "export",
        target_type="testimonies",
        detail=(
            "csv, machine, 2 témoignages, TestimonyFilters(platform='ebay', problem=None, "
            "status=None, anonymous=True, wants_contact=None, since=datetime.date(2026, 11, 3),"
            " until=None, search=None, new_from_seller=None)"
        ),
    )
    record_event(
        "change", target_type="testimony", target_id=reference, detail="statut : new → closed"
    )
    page = staff_env.client("admin").get("/staff/audit").get_data(as_text=True).translate(PLAIN)
    assert "TestimonyFilters" not in page and "None" not in page and "datetime" not in page
    assert "statut : Nouveau → En médiation" in page
    assert "statut : Nouveau → Clos" in page
    assert "plateforme : eBay, anonyme : oui, reçu à partir du 03/11/2026" in page
    assert (
        "CSV, format français (Excel), 0 témoignage, "
        "filtres : plateforme : Amazon, statut : Nouveau" in page
    )
    assert f'<a href="/staff/testimonies/{reference}">Témoignage {reference}</a>' in page
    assert "Compte n° " in page  # the logins
    for raw in (">change<", ">view<", ">testimony ", ">staff_user "):
        assert raw not in page, raw


# --- French export: assignee and notes --------------------------------------------------------


def test_french_export_has_assignee_and_notes_columns(staff_env: StaffEnv) -> None:
    client = staff_env.client("reviewer")
    reference = staff_env.references["sender-named"]
    base = f"/staff/testimonies/{reference}"
    post(client, f"{base}/assign", {"staff_user_id": str(_account_id(staff_env.reviewer_email))})
    post(client, f"{base}/notes", {"text": "=1+1 appeler lundi"})
    post(client, f"{base}/notes", {"text": "rappelé"})
    machine_before = client.get("/staff/export.csv").data
    response = client.get("/staff/export.csv?profile=french")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    header = response.data.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[-2:] == ["Assigné à", "Notes"]
    by_reference = {row["Référence"]: row for row in rows}
    assert by_reference[reference]["Assigné à"] == staff_env.reviewer_email
    assert by_reference[reference]["Notes"] == "2"
    other = by_reference[staff_env.references["sender-anon"]]
    assert other["Assigné à"] == "" and other["Notes"] == "0"
    # machine profile and JSON unchanged; the de-identified file has no staff columns
    from bot.export import export_records, to_csv, to_json

    assert machine_before == to_csv(export_records()).encode("utf-8-sig")
    assert client.get("/staff/export.json").data == to_json(export_records()).encode("utf-8")
    deidentified = client.get("/staff/export.csv?profile=french&deidentified=1").data
    assert "Assigné à" not in deidentified.decode("utf-8-sig")
    with session_factory()() as session:
        assert len(session.scalars(select(StaffNote)).all()) == 2


# --- icons ------------------------------------------------------------------------------------

STAFF_TEMPLATES = Path(__file__).parents[2] / "bot" / "web" / "templates" / "staff"
STAFF_STATIC = Path(__file__).parents[2] / "bot" / "web" / "staff" / "static"


def test_every_icon_class_of_the_staff_pages_is_shipped(staff_env: StaffEnv) -> None:
    used = set()
    for template in STAFF_TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"fr-icon-[a-z0-9-]+(?<!-)", template.read_text()))
    used = {name for name in used if not re.fullmatch(r"fr-icon--\w+", name)}
    css = (STAFF_STATIC / "icons.css").read_text()
    assert used, "no icon found"
    for name in used:
        match = re.search(rf"\.{name}::before[^{{]*{{[^}}]*mask-image: url\(([^)]+)\)", css)
        assert match, name
        assert (STAFF_STATIC / match.group(1)).is_file(), match.group(1)
    page = (
        staff_env.client("reviewer")
        .get("/staff/testimonies")
        .get_data(as_text=True)
        .translate(PLAIN)
    )
    assert "/staff/static/icons.css" in page
    response = staff_env.app.test_client().get("/staff/static/icons/download-line.svg")
    assert response.status_code == 200 and b"<svg" in response.data
