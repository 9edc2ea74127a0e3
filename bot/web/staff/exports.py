"""CSV and JSON export of the current filter: the very functions of `python -m bot export`."""

from __future__ import annotations

from datetime import date

from flask import Response, request

from bot.export import export_bytes, export_records
from bot.web.staff import blueprint
from bot.web.staff.audit import record
from bot.web.staff.testimonies import parse_filters


def _export(kind: str) -> Response:
    filters, _ = parse_filters(request.args)
    records = export_records(filters)
    body = export_bytes(records, kind)
    record("export", "testimonies", None, f"{kind}, {len(records)} témoignages, {filters}")
    mimetype = "application/json" if kind == "json" else "text/csv"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Type"] = f"{mimetype}; charset=utf-8"
    filename = f"signalpme-temoignages-{date.today():%Y%m%d}.{kind}"
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
