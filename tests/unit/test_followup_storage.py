"""The storage additions of the follow-up loop: a testimony by reference, answers tied to
their question, counts of similar testimonies, a conversation deleted after delivery."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.storage import followups
from bot.storage.db import session_factory
from bot.storage.models import StaffReply
from bot.storage.testimonies import save_testimony
from bot.storage.tracker_redaction import (
    delete_conversation,
    forget_after_delivery,
    forget_mark,
    mask_after_delivery,
    redaction_mark,
)

Record = Callable[..., dict[str, object]]
SINCE = date(2026, 10, 31)


def _save(make_record: Record, sender: str, **overrides: object) -> str:
    record = make_record(**overrides)
    return save_testimony(record, submission_id=sender, sender_id=sender, channel="web").reference


def _staff_reply(testimony_id: int, question: bool) -> int:
    with session_factory()() as session, session.begin():
        reply = StaffReply(testimony_id=testimony_id, text="Une date ?", is_question=question)
        session.add(reply)
        session.flush()
        return reply.id


def test_a_testimony_is_opened_again_by_its_reference(db_url: str, make_record: Record) -> None:
    reference = _save(make_record, "a" * 32)
    opened = followups.open_by_reference(reference)
    assert opened is not None and opened.reference == reference and opened.platform == "amazon"
    assert followups.open_by_reference("SP-2026-999999") is None


def test_an_answer_must_answer_a_question_of_the_same_testimony(
    db_url: str, make_record: Record
) -> None:
    first = followups.open_by_reference(_save(make_record, "a" * 32))
    other = followups.open_by_reference(_save(make_record, "b" * 32))
    question = _staff_reply(first.id, question=True)
    not_a_question = _staff_reply(first.id, question=False)
    followups.add_seller_message(first.id, "Le 3 octobre.", "answer", question)
    with pytest.raises(ValueError):
        followups.add_seller_message(other.id, "Le 3 octobre.", "answer", question)
    with pytest.raises(ValueError):
        followups.add_seller_message(first.id, "Le 3 octobre.", "answer", not_a_question)


@pytest.mark.parametrize("others", [0, 2, 3, 10])
def test_similar_testimonies_leave_out_the_sellers_own(
    db_url: str, make_record: Record, others: int
) -> None:
    for n in range(others):
        _save(make_record, f"{n:032d}", problems=["account_termination", "no_contact"])
    _save(make_record, "e" * 32, platform="ebay")
    mine = _save(make_record, "f" * 32, problems=["account_termination"])
    counts = followups.similar_counts(
        "amazon", "account_termination", SINCE, exclude_reference=mine
    )
    assert counts == (others, others)
    assert followups.similar_counts("amazon", "fees_change", SINCE, exclude_reference=mine) == (
        others,
        0,
    )


def test_a_withdrawal_mark_deletes_the_conversation_after_delivery(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}", future=True)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT)"))
        connection.execute(text("INSERT INTO events (sender_id) VALUES ('me'), ('me'), ('you')"))
    delivered = [{"text": "Votre témoignage est retiré."}, {"custom": forget_mark()}]
    assert forget_after_delivery(delivered)
    assert mask_after_delivery(delivered) is None, "nothing to mask: it all goes"
    assert not forget_after_delivery([{"custom": redaction_mark(True)}])
    assert delete_conversation(engine, "me") == 2
    with engine.connect() as connection:
        left = connection.execute(text("SELECT sender_id FROM events")).scalars().all()
    assert left == ["you"]
