"""The testimony list (filters, saved views and sort in the URL, paginated) and the
testimony page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from flask import abort, render_template, request
from werkzeug.datastructures import MultiDict

from bot.fields import FIELD_LABELS, STATUSES, VALUE_LABELS, format_value
from bot.french import french_number
from bot.storage.accounts import active_accounts
from bot.storage.corrections import correctable_fields
from bot.storage.filters import SORT_KEYS, TestimonyFilters, TestimonyOrder
from bot.storage.testimony_pages import list_page, open_testimony
from bot.taxonomy import platform_label, platforms, problem_label, problems
from bot.web.staff import blueprint
from bot.web.staff.audit import record
from bot.web.staff.auth import current_user_id
from bot.web.staff.display import SELLER_KIND_LABELS, correction_rows, field_rows
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
QUERY_NAMES = (*FILTER_NAMES, "view")
"""What the export links carry: the filters and the saved view (not the sort)."""


@dataclass(frozen=True)
class SavedView:
    """A ready-made filter shown as a tab above the list."""

    name: str
    label: str
    description: str


SAVED_VIEWS = (
    SavedView("todo", "À traiter", "nouveaux, ou en cours d'examen et attribués à personne"),
    SavedView("mine", "Assignés à moi", "attribués à vous"),
    SavedView("new", "Nouvelles informations", "le déclarant a écrit depuis la dernière lecture"),
)
VIEW_NAMES = tuple(view.name for view in SAVED_VIEWS)
SORT_LABELS = {"date": "Reçu le", "platform": "Plateforme", "loss": "Perte", "status": "Statut"}


def view_filters(name: str, user_id: int | None) -> TestimonyFilters:
    """The filters of the saved view `name` for the staff member `user_id`."""
    if name == "todo":
        return TestimonyFilters(to_process=True)
    if name == "mine":
        return TestimonyFilters(assigned_to=user_id if user_id is not None else -1)
    if name == "new":
        return TestimonyFilters(new_from_seller=True)
    raise ValueError(f"unknown view: {name!r}")


def parse_filters(args: Mapping[str, str]) -> tuple[TestimonyFilters, str | None]:
    """The filters of the query string (a saved view's on top), and an error message if one
    value was invalid (then the list shows every testimony)."""
    try:
        filters = TestimonyFilters.from_strings({name: args.get(name, "") for name in FILTER_NAMES})
        view = (args.get("view") or "").strip()
        if view:
            preset = view_filters(view, current_user_id())
            filters = replace(
                filters,
                to_process=preset.to_process,
                assigned_to=preset.assigned_to,
                new_from_seller=preset.new_from_seller or filters.new_from_seller,
            )
        return filters, None
    except ValueError:
        return TestimonyFilters(), "Filtre invalide : la liste affiche tous les témoignages."


def parse_order(args: Mapping[str, str]) -> TestimonyOrder:
    """The `sort` and `order` parameters; unknown values are ignored (newest first)."""
    try:
        return TestimonyOrder.from_strings(args.get("sort"), args.get("order"))
    except ValueError:
        return TestimonyOrder()


def known_args(args: Mapping[str, str]) -> MultiDict:
    """Only the query parameters the list understands (filters, view, sort, page): links
    built from the request never carry anything else typed into the address."""
    names = (*QUERY_NAMES, "sort", "order", "page")
    return MultiDict([(k, v) for k, v in MultiDict(args).items(multi=True) if k in names])


def filter_query(args: Mapping[str, str]) -> str:
    """The current filters as a query string (for export links)."""
    return Page(1, 1, 0, {k: args.get(k, "") for k in QUERY_NAMES}).query(1)


def sort_headers(args: Mapping[str, str], order: TestimonyOrder) -> dict[str, dict[str, str]]:
    """For each sortable column: the link that sorts by it (the other direction when it is
    the current sort) and its `aria-sort` value ('' when it is not the current sort)."""
    headers = {}
    for key in SORT_KEYS:
        current = key == order.key
        if current:
            direction = "asc" if order.descending else "desc"
        else:
            direction = TestimonyOrder.from_strings(key, None).direction
        query = MultiDict(args)
        for name in ("page", "sort", "order"):
            query.pop(name, None)
        query["sort"], query["order"] = key, direction
        next_label = "croissant" if direction == "asc" else "décroissant"
        headers[key] = {
            "query": Page(1, 1, 0, query).query(1),
            "aria_sort": ("descending" if order.descending else "ascending") if current else "",
            "title": f"Trier par {SORT_LABELS[key].lower()}, ordre {next_label}",
        }
    return headers


@blueprint.get("/testimonies")
def testimony_list() -> str:
    """Newest first (or as sorted), 25 per page, with the filters kept in the URL."""
    args = known_args(request.args)
    filters, error = parse_filters(args)
    order = parse_order(args)
    number = page_number(args)
    user_id = current_user_id()
    views = {name: view_filters(name, user_id) for name in VIEW_NAMES}
    result = list_page(filters, page=number, per_page=PAGE_SIZE, order=order, views=views)
    page = Page(number=number, size=PAGE_SIZE, total=result.total, args=args)
    # who listed what: the filters and the page, never the rows
    record("view", "testimonies", None, f"liste, page {number}, filtres : {filters.describe()}")
    current_view = args.get("view", "") if error is None else ""
    return render_template(
        "staff/testimonies.html",
        items=result.items,
        flagged=result.flagged,
        new_from_seller=result.new_from_seller,
        page=page,
        error=error,
        args=args,
        export_query=filter_query(args),
        platforms=platforms(),
        problems=problems(),
        statuses=[(s, VALUE_LABELS["status"][s]) for s in STATUSES],
        platform_label=platform_label,
        problem_label=problem_label,
        status_labels=VALUE_LABELS["status"],
        loss_total=french_number(result.loss_total),
        with_loss=result.with_loss,
        format_loss=lambda value: format_value("estimated_loss_eur", value, "staff"),
        saved_views=SAVED_VIEWS,
        view_counts=result.view_counts,
        current_view=current_view if current_view in VIEW_NAMES else "",
        sort=sort_headers(args, order),
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
        editable={field.name: field for field in correctable_fields(testimony)},
        corrections=correction_rows(testimony),
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
