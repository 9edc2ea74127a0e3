"""The dashboard's counts kept by triggers (migration 0012) stay equal to counting the rows,
whatever changes the rows: saves, status and field changes, problems added and removed,
deletions (with their problems, by cascade), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone
from threading import Thread
from typing import Any
from uuid import uuid4

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from bot.storage.db import session_factory
from bot.storage.migrate import downgrade, upgrade
from bot.storage.models import DashboardCount, Testimony, TestimonyProblem
from bot.storage.statistics import compute
from bot.storage.testimonies import save_testimony
from bot.taxonomy import PLATFORM_CODES, PROBLEM_CODES

FIRST_DAY = datetime(2026, 10, 1, 22, 30, tzinfo=timezone.utc)
_saves = st.builds(
    lambda platform, problems, anonymous: ("save", platform, problems, anonymous),
    st.sampled_from([p for p in PLATFORM_CODES if p != "other"]),
    st.lists(st.sampled_from(PROBLEM_CODES), min_size=1, max_size=3, unique=True),
    st.booleans(),
)
_changes = st.tuples(
    st.sampled_from(["status", "platform", "anonymous", "wants_contact", "day"]),
    st.integers(0, 50),
    st.integers(0, 50),
)
_problem_changes = st.tuples(
    st.sampled_from(["add problem", "drop problem", "recode problem"]),
    st.integers(0, 50),
    st.sampled_from(PROBLEM_CODES),
)
_deletions = st.tuples(st.just("delete"), st.integers(0, 50))
operations = st.lists(st.one_of(_saves, _changes, _problem_changes, _deletions), max_size=25)


def _apply(url: str, operation: tuple[Any, ...], record: dict[str, Any]) -> None:
    kind = operation[0]
    if kind == "save":
        _, platform, problems, anonymous = operation
        serial = uuid4().hex
        values = {**record, "platform": platform, "problems": problems, "anonymous": anonymous}
        if anonymous:
            values.update(wants_contact=False, company_name=None, email=None, phone=None)
            values.update(contact_name=None, siren=None)
        save_testimony(values, submission_id=serial, sender_id=serial, channel="rest")
        return
    with session_factory(url)() as session, session.begin():
        ids = list(session.scalars(select(Testimony.id).order_by(Testimony.id)))
        if not ids:
            return
        target = ids[operation[1] % len(ids)]
        row = Testimony.id == target
        if kind == "status":
            status = ("new", "in_review", "mediation", "closed")[operation[2] % 4]
            session.execute(update(Testimony).where(row).values(status=status))
        elif kind == "platform":
            session.execute(
                update(Testimony).where(row).values(platform=PLATFORM_CODES[operation[2] % 5])
            )
        elif kind in ("anonymous", "wants_contact"):
            session.execute(update(Testimony).where(row).values({kind: operation[2] % 2 == 0}))
        elif kind == "day":
            when = FIRST_DAY + timedelta(hours=7 * operation[2])
            session.execute(update(Testimony).where(row).values(created_at=when))
        elif kind == "delete":
            session.execute(delete(Testimony).where(row))
        else:
            codes = list(
                session.scalars(
                    select(TestimonyProblem.code).where(TestimonyProblem.testimony_id == target)
                )
            )
            code = operation[2]
            if kind == "add problem" and code not in codes:
                session.add(TestimonyProblem(testimony_id=target, code=code, position=len(codes)))
            elif kind == "drop problem" and codes:
                session.execute(
                    delete(TestimonyProblem).where(
                        TestimonyProblem.testimony_id == target, TestimonyProblem.code == codes[0]
                    )
                )
            elif kind == "recode problem" and codes and code not in codes:
                session.execute(
                    update(TestimonyProblem)
                    .where(
                        TestimonyProblem.testimony_id == target, TestimonyProblem.code == codes[-1]
                    )
                    .values(code=code)
                )


def _kept(url: str) -> dict[str, Counter]:
    kept: dict[str, Counter] = {}
    with session_factory(url)() as session:
        for dimension, key, count in session.execute(
            select(DashboardCount.dimension, DashboardCount.key, DashboardCount.testimonies)
        ):
            if count:
                kept.setdefault(dimension, Counter())[key] = count
    return kept


def _counted(url: str) -> dict[str, Counter]:
    """The same counts, grouped from the rows in Python."""
    counted: dict[str, Counter] = {}
    with session_factory(url)() as session:
        for t in session.scalars(select(Testimony)):
            keys = {
                "platform": t.platform,
                "status": t.status,
                "anonymous": str(t.anonymous).lower(),
                "wants_contact": str(t.wants_contact).lower(),
                "day": t.created_at.date().isoformat(),
            }
            for dimension, key in keys.items():
                counted.setdefault(dimension, Counter())[key] += 1
        for code in session.scalars(select(TestimonyProblem.code)):
            counted.setdefault("problem", Counter())[code] += 1
    return counted


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=operations)
def test_kept_counts_equal_the_rows_after_any_changes(
    db_url: str, make_record: Any, operations: list
) -> None:
    record = make_record()
    for operation in operations:
        _apply(db_url, operation, record)
    assert _kept(db_url) == _counted(db_url)


def test_the_migration_counts_rows_already_there_and_the_dashboard_reads_them(
    db_url: str, make_record: Any
) -> None:
    """Rows saved before migration 0012 are counted by it; the dashboard's figures are the
    kept counts (a testimony moved to another status is counted under its new one)."""
    downgrade(db_url, "0011")
    upgrade(db_url, "0011")
    for index, (platform, anonymous) in enumerate(
        (("amazon", False), ("ebay", True), ("ebay", True))
    ):
        values = {**make_record(), "platform": platform, "anonymous": anonymous}
        if anonymous:
            values.update(
                wants_contact=False,
                company_name=None,
                email=None,
                phone=None,
                contact_name=None,
                siren=None,
            )
        save_testimony(values, submission_id=f"old{index}", sender_id=f"old{index}", channel="rest")
    upgrade(db_url)
    assert _kept(db_url) == _counted(db_url)
    with session_factory(db_url)() as session, session.begin():
        session.execute(
            update(Testimony).where(Testimony.platform == "amazon").values(status="closed")
        )
    with session_factory(db_url)() as session:
        stats = compute(session, date(2026, 1, 1), date(2030, 12, 31))
    assert (stats.total, stats.anonymous) == (3, 2)
    assert {key: n for key, _, n in stats.by_platform if n} == {"amazon": 1, "ebay": 2}
    assert {key: n for key, _, n in stats.by_status if n} == {"new": 2, "closed": 1}
    assert sum(n for _, _, n in stats.by_week) == 3


def test_concurrent_saves_naming_problems_in_other_orders_all_succeed(
    db_url: str, make_record: Any
) -> None:
    """Two sellers saving at the same moment, their problems in opposite orders: every
    testimony is stored and counted once (no count lost between two transactions)."""
    codes = list(PROBLEM_CODES[:4])
    failures: list[BaseException] = []

    def save_many(problems: list[str]) -> None:
        try:
            for _ in range(25):
                key = uuid4().hex
                record = {**make_record(), "problems": problems}
                save_testimony(record, submission_id=key, sender_id=key, channel="rest")
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)

    threads = [Thread(target=save_many, args=(order,)) for order in (codes, codes[::-1])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert _kept(db_url) == _counted(db_url)
    assert _kept(db_url)["problem"] == dict.fromkeys(codes, 50)
