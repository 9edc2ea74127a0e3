"""JSON and CSV export of testimonies, shared by `python -m bot export` and the staff app.

Both call `export_records` then `export_bytes`, so their files are byte-identical: JSON in
UTF-8, CSV in UTF-8 with a byte order mark (Excel then shows accents right).
Records hold exactly `EXPORT_FIELDS`, in that order. `created_at` is ISO 8601 UTC to the
second with a `Z` suffix (`2026-11-03T14:05:09Z`); `started_on` is an ISO date.

Two CSV profiles: `machine` (the default: field names, codes, UTC, comma) for programs, and
`french` (semicolon, French labels and values, Paris time) which French Excel opens in
columns. The French profile adds two columns of the staff's follow-up after the fields:
"Assigné à" (the staff member's e-mail) and "Notes" (how many internal notes: their texts
stay in the staff app, they may quote the seller); `export_records(staff_columns=True)`
reads them. `--deidentified` (and the staff app's "sans données personnelles") leaves out the
identifying fields and masks identifiers in the free text of every testimony, anonymous or
not: a file to take to a meeting with a platform; it has no staff columns either.

CSV injection: a spreadsheet may run a cell starting with `=`, `+`, `-`, `@`, a tab or a
carriage return as a formula, so every text cell starting so gets a leading apostrophe
(OWASP); number cells stay numbers. JSON keeps every value as stored.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from bot.fields import (
    BY_NAME,
    EXPORT_FIELDS,
    IDENTIFYING_FIELDS,
    MASKED_WHEN_ANONYMOUS,
    format_value,
)
from bot.french import as_utc, paris_time
from bot.privacy import mask_identifiers
from bot.privacy.known import mask_known
from bot.storage.audit import log_event
from bot.storage.db import session_factory
from bot.storage.filters import TestimonyFilters, apply_filters
from bot.storage.models import StaffNote, Testimony
from bot.visibility import anonymised

# Text cells starting with these could run as formulas in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Excel reads a CSV file as the system code page (Windows-1252 in France) unless it starts
# with a UTF-8 byte order mark; JSON readers expect no BOM.
ENCODINGS = {"csv": "utf-8-sig", "json": "utf-8"}
PROFILES = ("machine", "french")
DELIMITERS = {"machine": ",", "french": ";"}
STAFF_COLUMNS = {"assigned_to": "Assigné à", "notes": "Notes"}
"""Columns of the French CSV profile only, after the fields: the assignee's e-mail and the
number of internal notes."""


def format_created_at(value: datetime) -> str:
    """`2026-11-03T14:05:09Z`: UTC, whole seconds."""
    return as_utc(value).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_record(testimony: Testimony) -> dict[str, Any]:
    """One export record; identifying fields are null again for an anonymous testimony."""
    record: dict[str, Any] = {}
    for name in EXPORT_FIELDS:
        value = getattr(testimony, name)
        if name == "problems":
            value = list(value)
        elif isinstance(value, datetime):
            value = format_created_at(value)
        elif isinstance(value, date):
            value = value.isoformat()
        record[name] = value
    if record["anonymous"]:
        record = anonymised(record)
    return record


def export_records(
    filters: TestimonyFilters | None = None,
    url: str | None = None,
    *,
    staff_columns: bool = False,
) -> list[dict[str, Any]]:
    """Every testimony matching `filters`, oldest first, as export records; with
    `staff_columns`, each ends with the `STAFF_COLUMNS` (for the French CSV profile)."""
    stmt = apply_filters(select(Testimony), filters).order_by(Testimony.id)
    with session_factory(url)() as session:
        if not staff_columns:
            return [to_record(t) for t in session.execute(stmt).scalars()]
        stmt = stmt.options(selectinload(Testimony.assigned_to))
        testimonies = list(session.execute(stmt).scalars())
        notes = dict(
            session.execute(
                select(StaffNote.testimony_id, func.count())
                .where(StaffNote.testimony_id.in_([t.id for t in testimonies]))
                .group_by(StaffNote.testimony_id)
            ).all()
        )
        return [
            {
                **to_record(t),
                "assigned_to": t.assigned_to.email if t.assigned_to else None,
                "notes": int(notes.get(t.id, 0)),
            }
            for t in testimonies
        ]


def _without_staff_columns(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not any(name in record for record in records for name in STAFF_COLUMNS):
        return records
    return [{k: v for k, v in record.items() if k not in STAFF_COLUMNS} for record in records]


def to_json(records: list[dict[str, Any]]) -> str:
    """A JSON list of objects, UTF-8 text as is, indented by 2, ending with a newline
    (never the staff columns)."""
    records = _without_staff_columns(records)
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def neutralise_formula(text: str) -> str:
    """`text` with a leading apostrophe if a spreadsheet could take it for a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = ";".join(value)
    if isinstance(value, str):
        return neutralise_formula(value)
    return str(value)  # a number: never escaped


def _french_cell(name: str, value: Any) -> str:
    """What a French reader expects in a cell: labels, `03/11/2026`, Paris time, Oui/Non;
    numbers stay bare numbers so a spreadsheet can add them up."""
    if value is None or value == []:
        return ""
    if name in STAFF_COLUMNS:
        return str(value) if name == "notes" else neutralise_formula(str(value))
    if BY_NAME[name].kind == "int":
        return str(value)
    if name == "created_at":
        return paris_time(datetime.fromisoformat(str(value).replace("Z", "+00:00")))
    return neutralise_formula(format_value(name, value, "staff"))


def deidentify(record: dict[str, Any]) -> dict[str, Any]:
    """The record without identifying fields nor staff columns; in its free text the
    identifiers the general finders see are masked, and so are the names and company the
    seller gave."""
    dropped = {*IDENTIFYING_FIELDS, *STAFF_COLUMNS}
    kept = {name: value for name, value in record.items() if name not in dropped}
    names, companies = [record.get("contact_name")], [record.get("company_name")]
    for name in MASKED_WHEN_ANONYMOUS:
        if kept.get(name):
            kept[name] = mask_known(mask_identifiers(kept[name]), names, companies)
    return kept


def to_csv(records: list[dict[str, Any]], profile: str = "machine") -> str:
    """CSV (RFC 4180, CRLF). `machine`: header = field names, problems joined with ';',
    booleans true/false; `french`: semicolon-separated, header = French labels, values as
    staff read them, then the staff columns the records hold (`STAFF_COLUMNS`). Null is
    empty; text cells that could be formulas get a leading `'`."""
    if profile != "french":
        records = _without_staff_columns(records)
    names = list(records[0]) if records else list(EXPORT_FIELDS)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITERS[profile])
    if profile == "french":
        writer.writerow([STAFF_COLUMNS.get(name) or BY_NAME[name].label for name in names])
        rows = ([_french_cell(name, record[name]) for name in names] for record in records)
    else:
        writer.writerow(names)
        rows = ([_csv_cell(record[name]) for name in names] for record in records)
    writer.writerows(rows)
    return buffer.getvalue()


def export_bytes(
    records: list[dict[str, Any]],
    fmt: str,
    profile: str = "machine",
    deidentified: bool = False,
) -> bytes:
    """The export file of `records` in `fmt` ('json' or 'csv'), encoded per `ENCODINGS`."""
    if deidentified:
        records = [deidentify(record) for record in records]
    text = to_json(records) if fmt == "json" else to_csv(records, profile)
    return text.encode(ENCODINGS[fmt])


def export_command(args: argparse.Namespace) -> int:
    """`python -m bot export --format json|csv [--output FILE] [filters]`."""
    try:
        filters = TestimonyFilters.from_strings(vars(args))
    except ValueError as error:
        print(f"export: {error}", file=sys.stderr)
        return 2
    try:
        profile = getattr(args, "profile", "machine")
        staff_columns = args.format == "csv" and profile == "french"
        records = export_records(filters, staff_columns=staff_columns)
    except SQLAlchemyError as error:
        print(
            f"export: cannot read the database ({type(error).__name__}); is DATABASE_URL right "
            "and has `python -m bot db upgrade` run?",
            file=sys.stderr,
        )
        return 1
    deidentified = bool(getattr(args, "deidentified", False))
    data = export_bytes(records, args.format, profile, deidentified)
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    with session_factory()() as session, session.begin():
        log_event(
            session,
            "export",
            target_type="testimonies",
            detail=(
                f"command line, {args.format}, {profile}"
                f"{', de-identified' if deidentified else ''}, {len(records)} records, "
                f"filtres : {filters.describe()}"
            ),
        )
    if args.output:
        print(f"{len(records)} testimonies written to {args.output}", file=sys.stderr)
    return 0
