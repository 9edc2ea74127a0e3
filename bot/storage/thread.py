"""The staff side of the follow-up loop: one thread per testimony, read marks, counts.

A testimony's thread holds, in time order, what the seller wrote later (`UserFollowup`:
additions, answers to staff questions, questions), the staff replies (`StaffReply`, some
of them questions) and the status changes (`StatusChange`). An answer is shown under the
question it answers. Opening the testimony page marks the seller's messages as seen by
staff; the dashboard and the list count what is new. The seller's side is
`bot.storage.followups`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import distinct, func, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import Select

from bot.storage.models import (
    StaffReply,
    StaffUser,
    StatusChange,
    Testimony,
    UserFollowup,
    Withdrawal,
    utcnow,
)

DELETED_ACCOUNT = "compte supprimé"

# Same instant: a status change first, then staff replies, then the seller's messages.
_RANK = {"status": 0, "staff": 1, "seller": 2}


@dataclass(frozen=True)
class ThreadEntry:
    """One item of the thread.

    `kind` is 'seller' (a `UserFollowup`; `seller_kind` says which), 'staff' (a
    `StaffReply`; `is_question`, `read_by_seller_at`) or 'status' (`from_status`,
    `to_status`). `author` is the staff member's e-mail (None for the seller). `new`:
    a seller message staff had not seen before. `answers`: the seller's answers to a
    staff question, shown under it.
    """

    kind: str
    id: int
    at: datetime
    author: str | None = None
    text: str = ""
    seller_kind: str | None = None
    new: bool = False
    is_question: bool = False
    read_by_seller_at: datetime | None = None
    from_status: str | None = None
    to_status: str | None = None
    answers: tuple[ThreadEntry, ...] = ()


@dataclass(frozen=True)
class FollowupCounts:
    """The follow-up figures of the dashboard."""

    new_from_seller: int
    """Testimonies with seller messages staff have not seen yet."""
    unread_by_seller: int
    """Testimonies with staff replies their seller has not read yet."""
    open_questions: int
    """Staff questions with no answer yet."""
    withdrawn: int
    """Testimonies withdrawn by their seller (a count, nothing else is kept)."""


def _email(user: StaffUser | None) -> str:
    return user.email if user is not None else DELETED_ACCOUNT


def _seller_entry(followup: UserFollowup) -> ThreadEntry:
    return ThreadEntry(
        kind="seller",
        id=followup.id,
        at=followup.created_at,
        text=followup.text,
        seller_kind=followup.kind,
        new=followup.seen_by_staff_at is None,
    )


def _staff_entry(reply: StaffReply, answers: list[ThreadEntry]) -> ThreadEntry:
    return ThreadEntry(
        kind="staff",
        id=reply.id,
        at=reply.created_at,
        author=_email(reply.author),
        text=reply.text,
        is_question=bool(reply.is_question),
        read_by_seller_at=reply.read_by_seller_at,
        answers=tuple(sorted(answers, key=_order)),
    )


def _status_entry(change: StatusChange, authors: dict[int, str]) -> ThreadEntry:
    author = authors.get(change.staff_user_id) if change.staff_user_id else None
    return ThreadEntry(
        kind="status",
        id=change.id,
        at=change.at,
        author=author or DELETED_ACCOUNT,
        from_status=change.from_status,
        to_status=change.to_status,
    )


def _order(entry: ThreadEntry) -> tuple[datetime, int, int]:
    return (entry.at, _RANK[entry.kind], entry.id)


def _followups(session: Session, testimony_id: int) -> list[UserFollowup]:
    stmt = select(UserFollowup).where(UserFollowup.testimony_id == testimony_id)
    return list(session.scalars(stmt))


def _replies(session: Session, testimony_id: int) -> list[StaffReply]:
    stmt = (
        select(StaffReply)
        .where(StaffReply.testimony_id == testimony_id)
        .options(selectinload(StaffReply.author))
    )
    return list(session.scalars(stmt))


def _status_changes(session: Session, testimony_id: int) -> list[StatusChange]:
    stmt = select(StatusChange).where(StatusChange.testimony_id == testimony_id)
    return list(session.scalars(stmt))


def _authors(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    stmt = select(StaffUser.id, StaffUser.email).where(StaffUser.id.in_(wanted))
    return {user_id: email for user_id, email in session.execute(stmt)}


def testimony_thread(session: Session, testimony_id: int) -> list[ThreadEntry]:
    """The thread of a testimony, oldest first; answers nested under their question."""
    replies = _replies(session, testimony_id)
    reply_ids = {reply.id for reply in replies}
    answers: dict[int, list[ThreadEntry]] = {}
    entries: list[ThreadEntry] = []
    for followup in _followups(session, testimony_id):
        if followup.in_reply_to_id in reply_ids:
            answers.setdefault(followup.in_reply_to_id, []).append(_seller_entry(followup))
        else:
            entries.append(_seller_entry(followup))
    entries += [_staff_entry(reply, answers.get(reply.id, [])) for reply in replies]
    changes = _status_changes(session, testimony_id)
    authors = _authors(session, (change.staff_user_id for change in changes))
    entries += [_status_entry(change, authors) for change in changes]
    return sorted(entries, key=_order)


def mark_seller_messages_seen(session: Session, testimony_id: int) -> int:
    """Mark the seller's messages of a testimony as seen by staff; return how many were new."""
    stmt = (
        update(UserFollowup)
        .where(UserFollowup.testimony_id == testimony_id, UserFollowup.seen_by_staff_at.is_(None))
        .values(seen_by_staff_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return session.execute(stmt).rowcount or 0


def record_status_change(
    session: Session, testimony: Testimony, status: str, staff_user_id: int | None
) -> StatusChange | None:
    """Set the testimony's status and record the change, in the caller's transaction.

    Returns the recorded change, or None when the status was already `status`.
    """
    old = testimony.status
    if old == status:
        return None
    testimony.status = status
    change = StatusChange(
        testimony_id=testimony.id,
        from_status=old,
        to_status=status,
        at=utcnow(),
        staff_user_id=staff_user_id,
    )
    session.add(change)
    return change


def with_new_seller_messages(session: Session, testimony_ids: Iterable[int]) -> set[int]:
    """The testimonies among `testimony_ids` with seller messages staff have not seen."""
    wanted = set(testimony_ids)
    if not wanted:
        return set()
    stmt = select(distinct(UserFollowup.testimony_id)).where(
        UserFollowup.testimony_id.in_(wanted), UserFollowup.seen_by_staff_at.is_(None)
    )
    return set(session.scalars(stmt))


def _answered_question_ids() -> Select:
    return select(UserFollowup.in_reply_to_id).where(UserFollowup.in_reply_to_id.is_not(None))


def followup_counts(session: Session) -> FollowupCounts:
    """The dashboard's follow-up figures, one aggregate query each."""
    new_from_seller = select(func.count(distinct(UserFollowup.testimony_id))).where(
        UserFollowup.seen_by_staff_at.is_(None)
    )
    unread = select(func.count(distinct(StaffReply.testimony_id))).where(
        StaffReply.read_by_seller_at.is_(None)
    )
    open_questions = select(func.count(StaffReply.id)).where(
        StaffReply.is_question.is_(True), StaffReply.id.not_in(_answered_question_ids())
    )
    withdrawn = select(func.count(Withdrawal.id))
    return FollowupCounts(
        new_from_seller=session.scalar(new_from_seller) or 0,
        unread_by_seller=session.scalar(unread) or 0,
        open_questions=session.scalar(open_questions) or 0,
        withdrawn=session.scalar(withdrawn) or 0,
    )
