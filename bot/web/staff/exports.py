"""CSV and JSON export of the current filter: the very functions of `python -m bot export`."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, request

from bot.export import PROFILES, export_bytes, export_records
from bot.web.staff import blueprint
from bot.web.staff.audit import record
from bot.web.staff.testimonies import parse_filters


def _export(kind: str) -> Response:
    filters, _ = parse_filters(request.args)
    profile = request.args.get("profile", "machine")
    if profile not in PROFILES:
        abort(400)
    deidentified = request.args.get("deidentified") == "1"
    records = export_records(filters, staff_columns=kind == "csv" and profile == "french")
    body = export_bytes(records, kind, profile, deidentified)
    what = f"{kind}, {profile}{', sans données personnelles' if deidentified else ''}"
    count = f"{len(records)} témoignage{'s' if len(records) > 1 else ''}"
    record("export", "testimonies", None, f"{what}, {count}, filtres : {filters.describe()}")
    mimetype = "application/json" if kind == "json" else "text/csv"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Type"] = f"{mimetype}; charset=utf-8"
    suffix = ("-fr" if profile == "french" else "") + (
        "-sans-donnees-personnelles" if deidentified else ""
    )
    filename = f"signalpme-temoignages-{date.today():%Y%m%d}{suffix}.{kind}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/export.csv")
def export_csv() -> Response:
    """The testimonies of the current filter as CSV."""
    return _export("csv")


@blueprint.get("/export.json")
def export_json() -> Response:
    """The testimonies of the current filter as JSON."""
    return _export("json")
