"""The testimony repository: idempotent save, anonymity, follow-up codes, list and filters."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from bot.fields import IDENTIFYING_FIELDS
from bot.storage.codes import hash_followup_code
from bot.storage.db import session_factory
from bot.storage.filters import TestimonyFilters
from bot.storage.models import Testimony, TestimonyProblem, UserFollowup
from bot.storage.statistics import compute
from bot.storage.testimonies import (
    SavedTestimony,
    count_each,
    count_testimonies,
    find_by_code,
    list_testimonies,
    list_totals,
    save_testimony,
)

MakeRecord = Callable[..., dict[str, Any]]


def _save(record: dict, submission_id: str = "sub-1", **kwargs: Any) -> SavedTestimony:
    kwargs.setdefault("sender_id", f"sender-{submission_id}")
    kwargs.setdefault("channel", "rest")
    return save_testimony(record, submission_id=submission_id, **kwargs)


def _all(url: str) -> list[Testimony]:
    with session_factory(url)() as session:
        return list(session.execute(select(Testimony).order_by(Testimony.id)).scalars())


def test_save_stores_every_field_and_returns_reference_and_code(
    db_url: str, make_record: MakeRecord
) -> None:
    saved = _save(make_record(), sender_id="chat-42", channel="socketio")
    assert saved.created is True
    assert re.fullmatch(r"SP-\d{4}-\d{6}", saved.reference)
    (row,) = _all(db_url)
    assert saved.reference == f"SP-{row.created_at.year}-{row.id:06d}"
    assert row.created_at.tzinfo is not None
    assert row.sender_id == "chat-42" and row.channel == "socketio"
    assert row.problems == ["account_termination", "payment_withheld", "no_contact"]
    assert row.started_on == date(2026, 3, 15)
    assert row.estimated_loss_eur == 15000 and row.revenue_share_pct == 80
    assert row.email == "claire@example.fr" and row.wants_contact is True
    assert row.status == "new" and row.identifying_details_flag is False


def test_saving_twice_with_one_submission_id_gives_one_row(
    db_url: str, make_record: MakeRecord
) -> None:
    first = _save(make_record(), "same")
    second = _save(make_record(description="autre texte"), "same")
    assert second.created is False
    assert second.reference == first.reference
    assert second.followup_code != first.followup_code
    with session_factory(db_url)() as session:
        assert session.execute(select(func.count(Testimony.id))).scalar_one() == 1
        assert session.execute(select(func.count()).select_from(TestimonyProblem)).scalar_one() == 3
    # the retried call's code replaces the first one
    assert find_by_code(first.followup_code) is None
    assert find_by_code(second.followup_code).reference == first.reference


def test_anonymous_record_stores_no_identifying_field_even_if_given(
    db_url: str, make_record: MakeRecord
) -> None:
    _save(make_record(anonymous=True, share_with_platform=True), identifying_details_flag=True)
    (row,) = _all(db_url)
    assert row.anonymous is True
    assert all(getattr(row, name) is None for name in IDENTIFYING_FIELDS)
    assert row.wants_contact is False and row.share_with_platform is False
    assert row.identifying_details_flag is True


def test_only_the_hash_of_the_code_is_stored_and_it_verifies(
    db_url: str, make_record: MakeRecord
) -> None:
    saved = _save(make_record())
    (row,) = _all(db_url)
    assert row.followup_code_hash == hash_followup_code(saved.followup_code)
    compact = saved.followup_code.replace("-", "")
    values = [str(getattr(row, c.key)) for c in Testimony.__table__.columns]
    assert not any(saved.followup_code in v or compact in v for v in values)
    found = find_by_code(saved.followup_code.lower().replace("-", " "))
    assert found is not None and found.reference == saved.reference
    assert found.problems == ["account_termination", "payment_withheld", "no_contact"]
    assert find_by_code("AAAA-BBBB-CCCC-DDDD") is None
    assert find_by_code("") is None


def test_sqlite_file_never_contains_the_code(sqlite_db_url: str, make_record: MakeRecord) -> None:
    saved = _save(make_record())
    from bot.storage.db import clear_cache

    clear_cache()  # checkpoint the WAL into the file
    data = Path(sqlite_db_url.removeprefix("sqlite:///")).read_bytes()
    assert saved.followup_code.encode() not in data
    assert saved.followup_code.replace("-", "").encode() not in data


def test_other_platform_keeps_its_name_and_known_platform_drops_it(
    db_url: str, make_record: MakeRecord
) -> None:
    _save(make_record(platform="other", platform_other="Vinted"), "a")
    _save(make_record(platform="ebay", platform_other="Vinted"), "b")
    first, second = _all(db_url)
    assert first.platform_other == "Vinted"
    assert second.platform_other is None


@pytest.mark.parametrize(
    "overrides",
    [
        {"platform": "wish"},
        {"platform": None},
        {"problems": []},
        {"problems": ["delisting", "bad_code"]},
        {"anonymous": None},
        {"description": "  "},
        {"reason_given": "maybe"},
        {"revenue_share_pct": 120},
        {"started_on": "mi-mars"},
        {"siren": "12345"},
    ],
)
def test_invalid_records_are_refused(db_url: str, make_record: MakeRecord, overrides: dict) -> None:
    with pytest.raises(ValueError):
        _save(make_record(**overrides))
    assert _all(db_url) == []


def test_siret_is_reduced_to_siren_and_long_text_is_cut(
    db_url: str, make_record: MakeRecord
) -> None:
    _save(make_record(siren="732 829 320 00074", sector="x" * 500), "a")
    _save(make_record(anonymous=True, siren="not a siren"), "b")
    first, second = _all(db_url)
    assert first.siren == "732829320"
    assert first.sector == "x" * 200
    assert second.siren is None


def test_duplicate_problem_codes_are_stored_once_in_order(
    db_url: str, make_record: MakeRecord
) -> None:
    _save(make_record(problems=["ranking", "delisting", "ranking"]))
    (row,) = _all(db_url)
    assert row.problems == ["ranking", "delisting"]


def _set_created(url: str, reference: str, when: datetime) -> None:
    with session_factory(url)() as session, session.begin():
        session.execute(
            update(Testimony).where(Testimony.reference == reference).values(created_at=when)
        )


@pytest.fixture()
def three_testimonies(db_url: str, make_record: MakeRecord) -> str:
    a = _save(make_record(problems=["delisting"], description="Produits retirés 100%"), "a")
    b = _save(
        make_record(
            platform="cdiscount",
            anonymous=True,
            problems=["payment_withheld", "no_contact"],
            description="Fonds BLOQUÉS depuis mars",
        ),
        "b",
    )
    c = _save(make_record(platform="ebay", wants_contact=False, description="Avis supprimés"), "c")
    _set_created(db_url, a.reference, datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc))
    _set_created(db_url, b.reference, datetime(2026, 11, 2, 23, 59, tzinfo=timezone.utc))
    _set_created(db_url, c.reference, datetime(2026, 11, 3, 0, 0, tzinfo=timezone.utc))
    with session_factory(db_url)() as session, session.begin():
        session.execute(
            update(Testimony).where(Testimony.reference == c.reference).values(status="closed")
        )
    return db_url


def _descriptions(url: str, filters: TestimonyFilters) -> list[str]:
    with session_factory(url)() as session:
        return [t.description for t in list_testimonies(session, filters, 1, 50)]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            TestimonyFilters(),
            ["Avis supprimés", "Fonds BLOQUÉS depuis mars", "Produits retirés 100%"],
        ),
        (TestimonyFilters(platform="cdiscount"), ["Fonds BLOQUÉS depuis mars"]),
        (TestimonyFilters(problem="no_contact"), ["Avis supprimés", "Fonds BLOQUÉS depuis mars"]),
        (TestimonyFilters(problem="delisting"), ["Produits retirés 100%"]),
        (TestimonyFilters(status="closed"), ["Avis supprimés"]),
        (TestimonyFilters(anonymous=True), ["Fonds BLOQUÉS depuis mars"]),
        (TestimonyFilters(anonymous=False), ["Avis supprimés", "Produits retirés 100%"]),
        (TestimonyFilters(wants_contact=True), ["Produits retirés 100%"]),
        (
            TestimonyFilters(since=date(2026, 11, 2)),
            ["Avis supprimés", "Fonds BLOQUÉS depuis mars"],
        ),
        (
            TestimonyFilters(until=date(2026, 11, 2)),
            ["Fonds BLOQUÉS depuis mars", "Produits retirés 100%"],
        ),
        (
            TestimonyFilters(since=date(2026, 11, 2), until=date(2026, 11, 2)),
            ["Fonds BLOQUÉS depuis mars"],
        ),
        (TestimonyFilters(search="bloqués"), ["Fonds BLOQUÉS depuis mars"]),
        (TestimonyFilters(search="MARS fonds"), ["Fonds BLOQUÉS depuis mars"]),
        (TestimonyFilters(search="100%"), ["Produits retirés 100%"]),
        (TestimonyFilters(search="%"), ["Produits retirés 100%"]),
        (TestimonyFilters(search="_"), []),
        (TestimonyFilters(platform="amazon", problem="no_contact"), []),
    ],
)
def test_filters(three_testimonies: str, filters: TestimonyFilters, expected: list[str]) -> None:
    assert _descriptions(three_testimonies, filters) == expected
    with session_factory(three_testimonies)() as session:
        assert count_testimonies(session, filters) == len(expected)
        assert list_totals(session, filters)[0] == len(expected)
        # the saved views are counted in one pass: the same figure as one count each
        views = {"this": filters, "all": TestimonyFilters(), "cdiscount": CDISCOUNT}
        assert count_each(session, views) == {
            name: count_testimonies(session, view) for name, view in views.items()
        }


CDISCOUNT = TestimonyFilters(platform="cdiscount", anonymous=True)


@pytest.fixture()
def accented_testimonies(db_url: str, make_record: MakeRecord) -> str:
    for key, description in enumerate(
        (
            "Compte fermé sans préavis",
            "Commission passée à 15% du jour au lendemain",
            "Frais de 15 euros ajoutés",
            "Fiche produit_amazon supprimée",
            "Fiche produitXamazon supprimée",
            "REMBOURSEMENT refusé, l’argent est bloqué",
        )
    ):
        _save(make_record(description=description), f"accented-{key}")
    return db_url


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("ferme", ["Compte fermé sans préavis"]),
        ("FERMÉ", ["Compte fermé sans préavis"]),
        ("preavis", ["Compte fermé sans préavis"]),
        ("Préavis compte", ["Compte fermé sans préavis"]),
        ("Fermé préavis introuvable", []),
        ("remboursement REFUSE", ["REMBOURSEMENT refusé, l’argent est bloqué"]),
        ("l'argent", ["REMBOURSEMENT refusé, l’argent est bloqué"]),
        ("15%", ["Commission passée à 15% du jour au lendemain"]),
        ("produit_amazon", ["Fiche produit_amazon supprimée"]),
        ("PRODUIT_AMAZON", ["Fiche produit_amazon supprimée"]),
        ("_", ["Fiche produit_amazon supprimée"]),
    ],
)
def test_search_ignores_case_and_accents_and_keeps_wildcards_literal(
    accented_testimonies: str, search: str, expected: list[str]
) -> None:
    filters = TestimonyFilters(search=search)
    assert _descriptions(accented_testimonies, filters) == expected
    with session_factory(accented_testimonies)() as session:
        assert count_testimonies(session, filters) == len(expected)


def test_search_text_follows_the_description(db_url: str, make_record: MakeRecord) -> None:
    _save(make_record(description="Compte FERMÉ sans préavis"))
    (row,) = _all(db_url)
    assert row.search_text == "compte ferme sans preavis"
    with session_factory(db_url)() as session, session.begin():
        session.get(Testimony, row.id).description = "Fonds bloqués"
    (row,) = _all(db_url)
    assert row.search_text == "fonds bloques"
    assert _descriptions(db_url, TestimonyFilters(search="BLOQUES")) == ["Fonds bloqués"]


def test_list_is_paginated_newest_first(db_url: str, make_record: MakeRecord) -> None:
    for i in range(5):
        _save(make_record(description=f"n{i}"), f"s{i}")
    with session_factory(db_url)() as session:
        pages = [[t.description for t in list_testimonies(session, None, p, 2)] for p in (1, 2, 3)]
        assert count_testimonies(session) == 5
    assert pages == [["n4", "n3"], ["n2", "n1"], ["n0"]]


def test_filters_parse_query_strings() -> None:
    filters = TestimonyFilters.from_strings(
        {
            "platform": "amazon",
            "anonymous": "false",
            "wants-contact": "true",
            "since": "2026-11-01",
            "until": "",
            "search": "  compte  ",
            "status": None,
        }
    )
    assert filters == TestimonyFilters(
        platform="amazon",
        anonymous=False,
        wants_contact=True,
        since=date(2026, 11, 1),
        search="compte",
    )
    for bad in (
        {"platform": "wish"},
        {"problem": "x"},
        {"status": "open"},
        {"anonymous": "peut-être"},
        {"since": "01/11/2026"},
    ):
        with pytest.raises(ValueError):
            TestimonyFilters.from_strings(bad)


def test_concurrent_save_of_one_submission_falls_back_to_the_existing_row(
    db_url: str, make_record: MakeRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.storage import testimonies

    first = _save(make_record(), "race")
    real_lookup = testimonies._by_submission
    calls: list[str] = []

    def lookup_missing_once(session, submission_id):  # another worker is "not done yet"
        calls.append(submission_id)
        return None if len(calls) == 1 else real_lookup(session, submission_id)

    monkeypatch.setattr(testimonies, "_by_submission", lookup_missing_once)
    second = _save(make_record(), "race")
    assert second.created is False and second.reference == first.reference
    assert len(_all(db_url)) == 1
    assert find_by_code(second.followup_code).reference == first.reference


def test_session_factory_is_cached_per_url(db_url: str) -> None:
    assert session_factory(db_url) is session_factory()


def test_saved_views_and_dashboard_counts_agree_with_the_rows_on_each_database(
    three_testimonies: str,
) -> None:
    """The views (seller messages unseen or not, to process, a problem) and the dashboard's
    counts, as staff read them, on SQLite (one pass) and PostgreSQL (a count each)."""
    url = three_testimonies
    with session_factory(url)() as session, session.begin():
        ids = dict(session.execute(select(Testimony.description, Testimony.id)).all())
        session.add_all(
            [
                UserFollowup(testimony_id=ids["Avis supprimés"], text="du nouveau"),
                UserFollowup(
                    testimony_id=ids["Fonds BLOQUÉS depuis mars"],
                    text="lu",
                    seen_by_staff_at=datetime(2026, 11, 4, tzinfo=timezone.utc),
                ),
            ]
        )
    views = {
        "unseen": TestimonyFilters(new_from_seller=True),
        "no unseen": TestimonyFilters(new_from_seller=False),
        "to process": TestimonyFilters(to_process=True),
        "done": TestimonyFilters(to_process=False),
        "no contact, unseen": TestimonyFilters(problem="no_contact", new_from_seller=True),
        "no contact": TestimonyFilters(problem="no_contact"),
        "all": TestimonyFilters(),
    }
    with session_factory(url)() as session:
        assert count_each(session, views) == {
            "unseen": 1,
            "no unseen": 2,
            "to process": 2,
            "done": 1,
            "no contact, unseen": 1,
            "no contact": 2,
            "all": 3,
        }
        assert count_each(session, {}) == {}
        assert list_totals(session)[0] == 3
        stats = compute(session, date(2026, 11, 1), date(2026, 11, 2))
    assert (stats.total, stats.anonymous, stats.wants_contact, stats.late) == (3, 1, 1, 2)
    # the grouped counts (read side by side on PostgreSQL, in the session's snapshot)
    nonzero = {key: count for key, _, count in stats.by_platform + stats.by_status if count}
    assert nonzero == {"amazon": 1, "cdiscount": 1, "ebay": 1, "new": 2, "closed": 1}
    problems = {key: count for key, _, count in stats.by_problem if count}
    expected = {"delisting": 1, "payment_withheld": 2, "no_contact": 2, "account_termination": 1}
    assert problems == expected
    assert sum(count for _, _, count in stats.by_week) == 3


def test_counts_of_to_process_and_other_views_match_the_listed_rows(
    db_url: str, make_record: MakeRecord
) -> None:
    """ "To process" is counted as two disjoint parts added together: with any other filter,
    each count is the number of rows the list shows; a page past the last is empty."""
    from bot.storage.accounts import create_account
    from bot.storage.models import StaffUser
    from bot.storage.testimony_pages import list_page

    create_account("agent@ministere.example", "reviewer")
    with session_factory(db_url)() as session:
        agent = session.scalar(select(StaffUser.id))
    statuses = ["new", "in_review", "mediation", "closed"]
    for n in range(16):
        saved = _save(make_record(platform=("amazon", "ebay")[n % 2]), f"view-{n}")
        with session_factory(db_url)() as session, session.begin():
            session.execute(
                update(Testimony)
                .where(Testimony.reference == saved.reference)
                .values(status=statuses[n % 4], assigned_to_id=agent if n % 3 == 0 else None)
            )
    cases = [
        TestimonyFilters(to_process=True),
        TestimonyFilters(to_process=False),
        TestimonyFilters(to_process=True, status="new"),
        TestimonyFilters(to_process=True, status="in_review"),
        TestimonyFilters(to_process=True, status="closed"),
        TestimonyFilters(to_process=True, platform="ebay"),
        TestimonyFilters(to_process=True, assigned_to=agent),
        TestimonyFilters(to_process=True, search="compte"),
    ]
    with session_factory(db_url)() as session:
        for filters in cases:
            rows = list_testimonies(session, filters, per_page=100)
            assert count_testimonies(session, filters) == len(rows), filters
            for page in (1, 2):  # the ids-first form for few matches: the same pages
                expected = list_testimonies(session, filters, page, 3)
                assert list_testimonies(session, filters, page, 3, few_matches=True) == expected
            waiting = {
                t.status == "new" or (t.status == "in_review" and t.assigned_to_id is None)
                for t in rows
            }
            assert waiting <= {filters.to_process}, filters
        # 4 new, 3 in review and unassigned (the fourth, n = 9, is assigned)
        assert count_testimonies(session, TestimonyFilters(to_process=True)) == 7
    past_end = list_page(TestimonyFilters(to_process=True), page=9, per_page=5)
    assert past_end.items == [] and past_end.total > 0
    nothing = list_page(TestimonyFilters(search="introuvable"), page=1, per_page=5)
    assert (nothing.items, nothing.total) == ([], 0)
