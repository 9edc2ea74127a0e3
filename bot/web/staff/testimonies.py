"""The testimony list (filters in the URL, paginated) and the testimony page."""

from __future__ import annotations

from collections.abc import Mapping

from flask import abort, render_template, request

from bot.fields import FIELD_LABELS, STATUSES, VALUE_LABELS
from bot.storage.accounts import active_accounts
from bot.storage.filters import TestimonyFilters
from bot.storage.testimony_pages import list_page, open_testimony
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
    result = list_page(filters, page=number, per_page=PAGE_SIZE)
    page = Page(number=number, size=PAGE_SIZE, total=result.total, args=request.args)
    return render_template(
        "staff/testimonies.html",
        items=result.items,
        flagged=result.flagged,
        new_from_seller=result.new_from_seller,
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


@blueprint.get("/testimonies/<reference>")
def testimony_page(reference: str) -> str:
    """Every field with its label, the transcript as a chat, the thread with the seller and
    the follow-up tools. The seller's messages are marked as seen once the thread is read."""
    opened = open_testimony(reference)
    if opened is None:
        abort(404)
    testimony = opened.testimony
    record("view", "testimony", testimony.reference)
    return render_template(
        "staff/testimony.html",
        t=testimony,
        flagged=opened.flagged,
        rows=field_rows(testimony),
        mail=opened.mail,
        turns=transcript(testimony.sender_id, testimony.anonymous),
        thread_entries=opened.thread,
        seller_kinds=SELLER_KIND_LABELS,
        status_labels=VALUE_LABELS["status"],
        staff=active_accounts(),
        statuses=[(s, VALUE_LABELS["status"][s]) for s in STATUSES],
        status_label=VALUE_LABELS["status"].get(testimony.status, testimony.status),
        field_labels=FIELD_LABELS,
    )
