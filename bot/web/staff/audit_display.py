"""The audit log in French: action labels, the object of each entry, readable details.

Entries are stored with short codes (`change`, `testimony`, `csv, french, …`); older ones
may hold the Python form of the export filters (`TestimonyFilters(platform='amazon', …)`)
or status codes (`statut : new → mediation`): both are shown in French here.
"""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date

from bot.fields import VALUE_LABELS
from bot.storage.filters import TestimonyFilters, describe_filters

ACTION_LABELS = {
    "view": "Consultation",
    "change": "Modification",
    "export": "Export",
    "delete": "Suppression",
    "login": "Connexion",
    "login_failed": "Connexion refusée",
    "logout": "Déconnexion",
    "refused": "Accès refusé",
    "second_factor": "Validation en deux étapes",
}
TARGET_LABELS = {
    "testimony": "Témoignage",
    "testimonies": "Témoignages",
    "conversation": "Conversation non aboutie",
    "staff_user": "Compte",
    "page": "Page",
    "retention": "Conservation des données",
    "withdrawal": "Témoignage retiré par son auteur",
    "audit": "Journal d'audit",
}
EXPORT_WORDS = {
    "csv": "CSV",
    "json": "JSON",
    "machine": "format machine",
    "french": "format français (Excel)",
    "command line": "ligne de commande",
    "de-identified": "sans données personnelles",
}

_REPR = re.compile(r"TestimonyFilters\(((?:[^()]|\([^()]*\))*)\)")
_PAIR = re.compile(
    r"(\w+)=(None|True|False|-?\d+|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""
    r"|datetime\.date\((\d+), (\d+), (\d+)\))"
)
_STATUS = re.compile(r"^statut : (\w+) → (\w+)$")
_RECORDS = re.compile(r"\b(\d+) records\b")
_FILTER_FIELDS = {f.name for f in fields(TestimonyFilters)}


def _filters_from_repr(text: str) -> TestimonyFilters:
    values: dict[str, object] = {}
    for match in _PAIR.finditer(text):
        name, raw = match.group(1), match.group(2)
        if name not in _FILTER_FIELDS:
            continue
        if match.group(3):
            values[name] = date(int(match.group(3)), int(match.group(4)), int(match.group(5)))
        elif raw in ("None", "True", "False"):
            values[name] = {"None": None, "True": True, "False": False}[raw]
        elif raw[0] in "'\"":
            values[name] = raw[1:-1]
        else:
            values[name] = int(raw)
    return TestimonyFilters(**values)  # type: ignore[arg-type]


def _export_words(detail: str) -> str:
    parts = [EXPORT_WORDS.get(part.strip(), part.strip()) for part in detail.split(", ")]
    return _RECORDS.sub(r"\1 témoignages", ", ".join(parts))


def readable_detail(action: str, detail: str | None) -> str:
    """The detail of an entry in French ('' when none)."""
    if not detail:
        return ""
    text = _REPR.sub(
        lambda m: "filtres : " + describe_filters(_filters_from_repr(m.group(1))), detail
    )
    status = _STATUS.match(text)
    if status:
        labels = VALUE_LABELS["status"]
        old, new = status.groups()
        return f"statut : {labels.get(old, old)} → {labels.get(new, new)}"
    if action == "export":
        return _export_words(text)
    return text


def readable_target(target_type: str | None, target_id: str | None) -> str:
    """`Témoignage SP-2026-000001`, `Compte n° 3`… ('' when the entry has no object)."""
    if not target_type and not target_id:
        return ""
    kind = TARGET_LABELS.get(target_type or "", target_type or "")
    if target_type == "staff_user" and target_id and target_id.isdigit():
        return f"{kind} n° {target_id}"
    return " ".join(filter(None, (kind, target_id)))
