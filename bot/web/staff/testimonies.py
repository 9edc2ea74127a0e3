"""The testimony list (filters in the URL, paginated) and the testimony page."""

from __future__ import annotations

from collections.abc import Mapping

from flask import abort, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.fields import FIELD_LABELS, STATUSES, VALUE_LABELS
from bot.mail.outbox import mail_panel
from bot.storage.db import session_factory
from bot.storage.filters import TestimonyFilters
from bot.storage.models import StaffNote, StaffUser, Testimony
from bot.storage.review_flags import flagged_sender_ids, is_flagged
from bot.storage.testimonies import count_testimonies, list_testimonies
from bot.storage.thread import (
    mark_seller_messages_seen,
    testimony_thread,
    with_new_seller_messages,
)
from bot.taxonomy import platform_label, platforms, problem_label, problems
from bot.web.staff import blueprint
from bot.web.staff.audit import record
from bot.web.staff.display import SELLER_KIND_LABELS, field_rows
from bot.web.staff.paging import Page, page_number
from bot.web.staff.transcripts import transcript

PAGE_SIZE = 25
FILTER_NAMES = (
    "platform",
    "problem",
    "status",
    "anonymous",
    "wants_contact",
    "since",
    "until",
    "search",
    "new_from_seller",
)


def parse_filters(args: Mapping[str, str]) -> tuple[TestimonyFilters, str | None]:
    """The filters of the query string, and an error message if one value was invalid."""
    try:
        return TestimonyFilters.from_strings(
            {name: args.get(name, "") for name in FILTER_NAMES}
        ), None
    except ValueError:
        return TestimonyFilters(), "Filtre invalide : la liste affiche tous les témoignages."


def filter_query(args: Mapping[str, str]) -> str:
    """The current filters as a query string (for export links)."""
    return Page(1, 1, 0, {k: args.get(k, "") for k in FILTER_NAMES}).query(1)


@blueprint.get("/testimonies")
def testimony_list() -> str:
    """Newest first, 25 per page, with the filters kept in the URL."""
    filters, error = parse_filters(request.args)
    number = page_number(request.args)
    with session_factory()() as session:
        total = count_testimonies(session, filters)
        items = list_testimonies(session, filters, page=number, per_page=PAGE_SIZE)
        flagged = flagged_sender_ids(session, (t.sender_id for t in items))
        new_from_seller = with_new_seller_messages(session, (t.id for t in items))
    page = Page(number=number, size=PAGE_SIZE, total=total, args=request.args)
    return render_template(
        "staff/testimonies.html",
        items=items,
        flagged=flagged,
        new_from_seller=new_from_seller,
        page=page,
        error=error,
        args=request.args,
        export_query=filter_query(request.args),
        platforms=platforms(),
        problems=problems(),
        statuses=[(s, VALUE_LABELS["status"][s]) for s in STATUSES],
        platform_label=platform_label,
        problem_label=problem_label,
        status_labels=VALUE_LABELS["status"],
    )


def load_testimony(session: Session, reference: str) -> Testimony:
    """The testimony with its notes and assignee, or a 404 (the thread: `testimony_thread`)."""
    stmt = (
        select(Testimony)
        .where(Testimony.reference == reference)
        .options(
            selectinload(Testimony.notes).selectinload(StaffNote.author),
            selectinload(Testimony.assigned_to),
        )
    )
    testimony = session.scalars(stmt).first()
    if testimony is None:
        abort(404)
    return testimony


@blueprint.get("/testimonies/<reference>")
def testimony_page(reference: str) -> str:
    """Every field with its label, the transcript as a chat, the thread with the seller and
    the follow-up tools. The seller's messages are marked as seen once the thread is read."""
    with session_factory()() as session, session.begin():
        testimony = load_testimony(session, reference)
        thread = testimony_thread(session, testimony.id)
        mark_seller_messages_seen(session, testimony.id)
        staff = session.scalars(
            select(StaffUser).where(StaffUser.active.is_(True)).order_by(StaffUser.email)
        ).all()
        rows = field_rows(testimony)
        flagged = is_flagged(session, testimony.sender_id)
        mail = mail_panel(session, testimony)
    record("view", "testimony", testimony.reference)
    return render_template(
        "staff/testimony.html",
        t=testimony,
        flagged=flagged,
        rows=rows,
        mail=mail,
        turns=transcript(testimony.sender_id, testimony.anonymous),
        thread_entries=thread,
        seller_kinds=SELLER_KIND_LABELS,
        status_labels=VALUE_LABELS["status"],
        staff=staff,
        statuses=[(s, VALUE_LABELS["status"][s]) for s in STATUSES],
        status_label=VALUE_LABELS["status"].get(testimony.status, testimony.status),
        field_labels=FIELD_LABELS,
    )
