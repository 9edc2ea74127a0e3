"""What the staff testimony pages read: a page of the list, one testimony with its thread.

Objects are returned detached, with what the templates read already loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.mail.outbox import MailPanel, mail_panel
from bot.storage.db import session_factory
from bot.storage.filters import TestimonyFilters, TestimonyOrder
from bot.storage.models import FieldCorrection, StaffNote, Testimony
from bot.storage.review_flags import flagged_sender_ids, is_flagged
from bot.storage.testimonies import count_each, list_testimonies, list_totals
from bot.storage.thread import (
    ThreadEntry,
    mark_seller_messages_seen,
    testimony_thread,
    with_new_seller_messages,
)

FEW_MATCHES = 1_000
"""Below this many matches a list page selects the matching ids first
(`list_testimonies(few_matches=True)`); above, walking the date index finds a page of
matches quickly (at 1 000 matches in 100 000, after about 2 500 rows)."""


@dataclass(frozen=True)
class ListPage:
    """One page of the testimony list and the marks shown next to its items."""

    total: int
    items: list[Testimony]
    flagged: set[str]
    """Sender ids of the items that hit a flood limit."""
    new_from_seller: set[int]
    """Ids of the items with seller messages staff have not seen."""
    loss_total: int = 0
    """The sum of the estimated losses of every matching testimony (not only this page)."""
    with_loss: int = 0
    """How many matching testimonies give an estimated loss."""
    view_counts: dict[str, int] = field(default_factory=dict)
    """The number of testimonies of each saved view (by name)."""


def list_page(
    filters: TestimonyFilters,
    page: int,
    per_page: int,
    order: TestimonyOrder | None = None,
    views: Mapping[str, TestimonyFilters] | None = None,
) -> ListPage:
    """The testimonies matching `filters` in `order` (newest first by default): page `page`
    (from 1), the total count and loss of all of them, and the count of each saved view."""
    with session_factory()() as session:
        total, loss, with_loss = list_totals(session, filters)
        # nothing matches, or the page is past the last: no walk through the whole table
        # looking for rows that are not there (a rare word's search, 120 ms on SQLite at
        # 100 000 testimonies)
        items = (
            list_testimonies(
                session,
                filters,
                page,
                per_page,
                order,
                selectinload(Testimony.assigned_to),
                few_matches=total < FEW_MATCHES,
            )
            if (max(1, page) - 1) * per_page < total
            else []
        )
        return ListPage(
            total=total,
            items=items,
            flagged=flagged_sender_ids(session, (t.sender_id for t in items)),
            new_from_seller=with_new_seller_messages(session, (t.id for t in items)),
            loss_total=loss,
            with_loss=with_loss,
            view_counts=count_each(session, views or {}),
        )


@dataclass(frozen=True)
class TestimonyPage:
    """One testimony (notes and assignee loaded), its thread, flag and e-mails."""

    testimony: Testimony
    thread: list[ThreadEntry]
    flagged: bool
    mail: MailPanel


def _load_testimony(session: Session, reference: str) -> Testimony | None:
    stmt = (
        select(Testimony)
        .where(Testimony.reference == reference)
        .options(
            selectinload(Testimony.notes).selectinload(StaffNote.author),
            selectinload(Testimony.assigned_to),
            selectinload(Testimony.corrections).selectinload(FieldCorrection.staff_user),
        )
    )
    return session.scalars(stmt).first()


def open_testimony(reference: str) -> TestimonyPage | None:
    """The testimony `reference` and what its page shows, or None; the seller's messages
    are marked as seen by staff (their `new` mark stays in the returned thread)."""
    with session_factory()() as session, session.begin():
        testimony = _load_testimony(session, reference)
        if testimony is None:
            return None
        thread = testimony_thread(session, testimony.id)
        mark_seller_messages_seen(session, testimony.id)
        return TestimonyPage(
            testimony=testimony,
            thread=thread,
            flagged=is_flagged(session, testimony.sender_id),
            mail=mail_panel(session, testimony),
        )
