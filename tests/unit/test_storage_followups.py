"""The seller's side of the follow-up loop, on a real database (SQLite, PostgreSQL in CI)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select, text

from bot.settings import get_settings
from bot.storage import followups
from bot.storage.db import engine_for, session_factory
from bot.storage.models import AuditLog, StaffReply, UserFollowup
from bot.storage.testimonies import save_testimony

Record = Callable[..., dict[str, object]]


def _save(make_record: Record, sender: str = "a" * 32, **overrides: object):
    return save_testimony(
        make_record(**overrides), submission_id=sender, sender_id=sender, channel="web"
    )


def _reply(testimony_id: int, body: str, question: bool = False) -> int:
    with session_factory()() as session, session.begin():
        reply = StaffReply(testimony_id=testimony_id, text=body, is_question=question)
        session.add(reply)
        session.flush()
        return reply.id


def test_a_code_opens_its_testimony_typed_any_way(db_url: str, make_record: Record) -> None:
    saved = _save(make_record)
    typed = saved.followup_code.lower().replace("-", " ")
    opened = followups.open_by_code(typed)
    assert opened is not None and opened.reference == saved.reference
    assert not hasattr(opened, "email") and not hasattr(opened, "company_name")
    assert followups.open_by_code("ABCD-EFGH-JKMN-PQRS") is None
    assert followups.open_by_code("") is None


def test_unread_replies_are_shown_once(db_url: str, make_record: Record) -> None:
    opened = followups.open_by_code(_save(make_record).followup_code)
    first = _reply(opened.id, "Merci, nous étudions votre cas.")
    _reply(opened.id, "Avez-vous gardé les e-mails de la plateforme ?", question=True)
    unread = followups.unread_replies(opened.id)
    assert [r.id for r in unread][0] == first and unread[1].is_question
    followups.mark_read([r.id for r in unread])
    assert followups.unread_replies(opened.id) == []


def test_an_answered_question_is_no_longer_open(db_url: str, make_record: Record) -> None:
    opened = followups.open_by_code(_save(make_record).followup_code)
    question = _reply(opened.id, "Quelle est la date de la fermeture ?", question=True)
    assert followups.open_question(opened.id).id == question
    followups.add_seller_message(opened.id, "Le 3 octobre.", "answer", question)
    assert followups.open_question(opened.id) is None


def test_an_anonymous_sellers_message_is_stored_masked(db_url: str, make_record: Record) -> None:
    opened = followups.open_by_code(_save(make_record, anonymous=True).followup_code)
    followups.add_seller_message(opened.id, "je m'appelle Paul Durand, 06 12 34 56 78")
    with session_factory()() as session:
        stored = session.execute(select(UserFollowup.text)).scalar_one()
    assert "Durand" not in stored and "06 12" not in stored


def test_withdraw_leaves_a_count_and_no_content(db_url: str, make_record: Record) -> None:
    sender = "b" * 32
    saved = _save(make_record, sender=sender)
    opened = followups.open_by_code(saved.followup_code)
    followups.add_seller_message(opened.id, "Une précision sur mon dossier.")
    tracker = engine_for(get_settings().tracker_database_url)
    with tracker.begin() as connection:
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT)"))
        connection.execute(
            text("INSERT INTO events (sender_id) VALUES (:s), ('other')"), {"s": sender}
        )
    assert followups.withdraw(opened.id) is True
    assert followups.open_by_code(saved.followup_code) is None
    assert followups.withdrawn_count() == 1
    with tracker.connect() as connection:
        assert connection.execute(text("SELECT sender_id FROM events")).scalars().all() == ["other"]
    with session_factory()() as session:
        assert session.execute(select(UserFollowup)).first() is None
        entry = session.execute(select(AuditLog).where(AuditLog.target_type == "withdrawal"))
        detail = entry.scalar_one().detail
    assert saved.reference not in detail and "Martin" not in detail
    assert followups.withdraw(opened.id) is False


def test_wrong_codes_are_counted_for_the_last_minute(db_url: str) -> None:
    assert followups.wrong_codes_last_minute() == 0
    for _ in range(3):
        followups.record_wrong_code()
    assert followups.wrong_codes_last_minute() == 3


def test_similar_counts_by_platform_and_problem(db_url: str, make_record: Record) -> None:
    for n in range(3):
        _save(make_record, sender=f"{n:032d}", problems=["account_termination"])
    _save(make_record, sender="c" * 32, problems=["fees_change"])
    _save(make_record, sender="d" * 32, platform="ebay")
    since = date(2000, 1, 1)
    assert followups.similar_counts("amazon", "account_termination", since) == (4, 3)
    assert followups.similar_counts("cdiscount", None, since) == (0, 0)


def _texts(testimony_id: int) -> list[str]:
    with session_factory()() as session:
        stmt = select(UserFollowup.text).where(UserFollowup.testimony_id == testimony_id)
        return list(session.execute(stmt).scalars())


def test_undo_deletes_only_the_sellers_latest_message_within_the_window(
    db_url: str, make_record: Record
) -> None:
    opened = followups.open_by_code(_save(make_record).followup_code)
    other = followups.open_by_code(_save(make_record, sender="b" * 32).followup_code)
    first = followups.add_seller_message(opened.id, "Premier ajout.")
    followups.add_seller_message(other.id, "Message d'un autre témoignage.")
    second = followups.add_seller_message(opened.id, "Second ajout, par erreur.")
    assert not followups.undo_seller_message(opened.id, first), "not the latest any more"
    assert not followups.undo_seller_message(other.id, second), "not this testimony's message"
    too_late = second + timedelta(minutes=11)
    assert not followups.undo_seller_message(opened.id, second, now=too_late)
    assert _texts(opened.id) == ["Premier ajout.", "Second ajout, par erreur."]
    assert followups.undo_seller_message(opened.id, second)
    assert _texts(opened.id) == ["Premier ajout."]
    assert _texts(other.id) == ["Message d'un autre témoignage."]
    assert not followups.undo_seller_message(opened.id, second), "already deleted"


def test_undo_window_is_a_parameter(db_url: str, make_record: Record) -> None:
    opened = followups.open_by_code(_save(make_record).followup_code)
    at = followups.add_seller_message(opened.id, "Un ajout.")
    later = at + timedelta(minutes=3)
    assert not followups.undo_seller_message(opened.id, at, timedelta(minutes=2), now=later)
    naive = at.replace(tzinfo=None)  # read back from an ISO string without zone
    assert followups.undo_seller_message(opened.id, naive, timedelta(minutes=5), now=later)
