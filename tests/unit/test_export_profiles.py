"""The French CSV profile and the de-identified export, opened back with the csv module."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.__main__ import main
from bot.export import export_bytes, export_records
from bot.fields import EXPORT_FIELDS, FIELD_LABELS, IDENTIFYING_FIELDS
from bot.storage.testimonies import save_testimony

MakeRecord = Callable[..., dict[str, Any]]


def _save(record: dict, submission_id: str) -> str:
    return save_testimony(
        record, submission_id=submission_id, sender_id=f"s-{submission_id}", channel="rest"
    ).reference


def _rows(data: bytes, delimiter: str) -> list[dict[str, str]]:
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_the_french_profile_is_semicolons_labels_and_paris_time(
    db_url: str, make_record: MakeRecord
) -> None:
    reference = _save(make_record(description="=SOMME(A1); compte fermé, sans préavis"), "a")
    records = export_records()
    data = export_bytes(records, "csv", "french")
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.split(";") == [FIELD_LABELS[name] for name in EXPORT_FIELDS]
    (row,) = _rows(data, ";")
    assert row["Référence"] == reference
    assert row["Plateforme"] == "Amazon"
    assert row["Problèmes"] == ("Compte fermé / exclusion, Paiements retenus, Pas d'interlocuteur")
    assert row["Début du problème"] == "15/03/2026"
    assert row["Motif donné par la plateforme"] == "Non"
    assert row["Résultat de la réclamation"] == "Pas de réponse"
    assert row["Perte estimée (€)"] == "15000"  # a number Excel can add up
    assert row["Part du chiffre d'affaires (%)"] == "80"
    assert row["Taille de l'entreprise"] == "Moins de 10 personnes"
    assert row["Anonyme"] == "Non" and row["Souhaite être rappelé"] == "Oui"
    assert row["Statut"] == "Nouveau"
    assert row["Description"] == "'=SOMME(A1); compte fermé, sans préavis"
    created = records[0]["created_at"]  # 2026-…T14:05:09Z in UTC
    day, time = row["Date d'enregistrement"].split(" ")
    assert len(day) == 10 and day[2] == "/" and len(time) == 5
    assert time != created[11:16]  # Paris is one or two hours ahead of UTC


def test_the_machine_profile_is_unchanged_by_default(db_url: str, make_record: MakeRecord) -> None:
    _save(make_record(), "a")
    records = export_records()
    assert export_bytes(records, "csv") == export_bytes(records, "csv", "machine")
    (row,) = _rows(export_bytes(records, "csv"), ",")
    assert list(row) == list(EXPORT_FIELDS)
    assert row["platform"] == "amazon" and row["created_at"].endswith("Z")


def test_the_deidentified_export_holds_no_identifying_value(
    db_url: str, make_record: MakeRecord
) -> None:
    story = (
        "Je suis Claire Martin de Jouets Martin, SIREN 732 829 320, "
        "claire@example.fr, 06 12 34 56 78 : compte fermé."
    )
    _save(make_record(description=story, sector="jouets claire@example.fr"), "a")
    records = export_records()
    secrets = ["Claire", "Martin", "732", "claire@example.fr", "06 12 34", "+33612345678"]
    for fmt, profile, delimiter in (("csv", "french", ";"), ("csv", "machine", ",")):
        data = export_bytes(records, fmt, profile, deidentified=True)
        text = data.decode("utf-8-sig")
        assert not any(secret in text for secret in secrets), text
        (row,) = _rows(data, delimiter)
        assert len(row) == len(EXPORT_FIELDS) - len(IDENTIFYING_FIELDS)
        assert "compte fermé" in (row.get("Description") or row.get("description"))
    (record,) = json.loads(export_bytes(records, "json", deidentified=True))
    assert not set(IDENTIFYING_FIELDS) & set(record)
    assert "claire@example.fr" not in json.dumps(record, ensure_ascii=False)


def test_the_command_line_writes_both_profiles(
    db_url: str, make_record: MakeRecord, tmp_path: Path
) -> None:
    _save(make_record(), "a")
    output = tmp_path / "fr.csv"
    args = ["export", "--format", "csv", "--profile", "french", "--deidentified"]
    assert main([*args, "--output", str(output)]) == 0
    expected = export_bytes(export_records(), "csv", "french", deidentified=True)
    assert output.read_bytes() == expected
