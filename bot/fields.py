"""The testimony's fields, in the order of the spec (`testimony.md`): one description each.

A form slot, the database column and the export field that hold the same fact carry the
same name. Every per-field list of the project (labels, value labels, export columns, the
identifying fields, the free-text fields) is derived from `FIELDS`, never kept by hand.
`visibility` is a conversation-only field: the choice the seller makes, stored as
`anonymous` and `share_with_platform`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Literal

from bot.french import french_date, french_number, paris_time
from bot.taxonomy import platforms, problems

Audience = Literal["seller", "staff"]
Kind = Literal["text", "code", "codes", "choice", "bool", "int", "date", "datetime"]

YES_NO = MappingProxyType({"yes": "Oui", "no": "Non"})


@dataclass(frozen=True)
class Field:
    """One testimony field: its name, French label and what values it takes.

    `values` maps each allowed code to its French label (choices, platforms, problems);
    `bounds` are the inclusive limits of an integer (None: no upper limit); `max_length`
    is the longest text kept; `unit` follows a number ("€", "%"). `identifying`: it names
    the person or the business, so it is null when anonymous. `free_text`: the seller's own
    words (masked when anonymous unless identifying, CSV-escaped, never an interruption).
    `stored`: a column of `testimonies` and an export field. `about_seller`: it describes
    the seller, not the case, so a second report (another platform) starts with it.
    """

    name: str
    label: str
    kind: Kind
    values: Mapping[str, str] = field(default_factory=dict)
    bounds: tuple[int, int | None] | None = None
    max_length: int | None = None
    unit: str = ""
    identifying: bool = False
    free_text: bool = False
    stored: bool = True
    about_seller: bool = False

    @property
    def masked_when_anonymous(self) -> bool:
        """Free text that stays in an anonymous testimony, with its identifiers masked."""
        return self.free_text and not self.identifying

    def value_label(self, code: str) -> str:
        """The French label of one allowed value (the code itself when unknown)."""
        return self.values.get(code, code)


def _categories(categories: tuple) -> Mapping[str, str]:
    return MappingProxyType({c.code: c.label for c in categories})


FIELDS: tuple[Field, ...] = (
    Field("reference", "Référence", "text", max_length=32),
    Field("created_at", "Date d'enregistrement", "datetime"),
    Field("channel", "Canal", "text", max_length=32),
    Field("anonymous", "Anonyme", "bool", about_seller=True),
    Field("platform", "Plateforme", "code", _categories(platforms())),
    Field("platform_other", "Autre plateforme", "text", max_length=100, free_text=True),
    Field("problems", "Problèmes", "codes", _categories(problems())),
    Field("description", "Description", "text", max_length=20_000, free_text=True),
    Field("started_on", "Début du problème", "date"),
    Field(
        "reason_given",
        "Motif donné par la plateforme",
        "choice",
        {**YES_NO, "partial": "En partie"},
    ),
    Field("notice_given", "Préavis donné", "choice", YES_NO),
    Field("contacted_platform", "Plateforme contactée", "choice", YES_NO),
    Field(
        "support_outcome",
        "Résultat de la réclamation",
        "choice",
        {
            "resolved": "Résolu",
            "rejected": "Rejeté",
            "no_answer": "Pas de réponse",
            "pending": "En cours",
        },
    ),
    Field("human_contact", "Contact avec un humain", "choice", YES_NO),
    Field(
        "account_access",
        "Accès au compte vendeur",
        "choice",
        {"full": "Complet", "partial": "Partiel", "none": "Aucun"},
    ),
    Field("revenue_share_pct", "Part du chiffre d'affaires (%)", "int", bounds=(0, 100), unit="%"),
    Field("estimated_loss_eur", "Perte estimée (€)", "int", bounds=(0, None), unit="€"),
    Field(
        "company_size",
        "Taille de l'entreprise",
        "choice",
        {
            "micro": "Moins de 10 personnes",
            "small": "10 à 49 personnes",
            "medium": "50 à 249 personnes",
            "large": "250 personnes ou plus",
        },
        about_seller=True,
    ),
    Field("sector", "Secteur", "text", max_length=200, free_text=True, about_seller=True),
    Field(
        "visibility",
        "Visibilité",
        "choice",
        {
            "anonymous": "Anonyme (rien ne vous identifie)",
            "confidential": (
                "Confidentiel (le ministère peut vous contacter, la plateforme ne saura pas "
                "qui vous êtes)"
            ),
            "shared": "Partagé (votre cas peut être présenté à la plateforme à votre nom)",
        },
        stored=False,
        about_seller=True,
    ),
    Field("wants_contact", "Souhaite être rappelé", "bool", about_seller=True),
    Field("share_with_platform", "Accepte d'être nommé à la plateforme", "bool", about_seller=True),
    Field(
        "company_name",
        "Entreprise",
        "text",
        max_length=200,
        identifying=True,
        free_text=True,
        about_seller=True,
    ),
    Field("siren", "SIREN", "text", max_length=9, identifying=True, about_seller=True),
    Field(
        "contact_name",
        "Nom du contact",
        "text",
        max_length=200,
        identifying=True,
        free_text=True,
        about_seller=True,
    ),
    Field("email", "E-mail", "text", max_length=320, identifying=True, about_seller=True),
    Field("phone", "Téléphone", "text", max_length=32, identifying=True, about_seller=True),
    Field(
        "status",
        "Statut",
        "choice",
        {
            "new": "Nouveau",
            "in_review": "En cours d'examen",
            "mediation": "En médiation",
            "closed": "Clos",
        },
    ),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
STORED: tuple[Field, ...] = tuple(f for f in FIELDS if f.stored)

FIELD_LABELS: dict[str, str] = {f.name: f.label for f in STORED}
EXPORT_FIELDS: tuple[str, ...] = tuple(FIELD_LABELS)
IDENTIFYING_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.identifying)
FREE_TEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.free_text)
MASKED_WHEN_ANONYMOUS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.masked_when_anonymous)
VALUE_LABELS: dict[str, Mapping[str, str]] = {
    f.name: f.values for f in STORED if f.kind == "choice"
}
ABOUT_SELLER: tuple[str, ...] = tuple(f.name for f in FIELDS if f.about_seller)
STATUSES: tuple[str, ...] = tuple(BY_NAME["status"].values)


def label(name: str | None, audience: Audience = "staff") -> str:
    """The French label of a field (the name itself for a slot that is not a field).

    Sellers read the value with its unit ("4 200 €"), so their label has none.
    """
    known = BY_NAME.get(name or "")
    if known is None:
        return str(name)
    unit = f" ({known.unit})"
    if audience == "seller" and known.unit and known.label.endswith(unit):
        return known.label[: -len(unit)]
    return known.label


NOT_GIVEN: dict[Audience, str] = {"seller": "pas de réponse", "staff": "—"}


def format_value(name: str, value: Any, audience: Audience = "seller") -> str:
    """The French text a reader sees for one value of field `name`.

    The seller (summary, receipt, e-mails) reads dates in words and their own text in
    quotes; staff read dates as `03/11/2026` and a dash for an empty value.
    """
    if value is None or value == "" or value == []:
        return NOT_GIVEN[audience]
    known = BY_NAME.get(name)
    kind = known.kind if known is not None else None
    if isinstance(value, bool) or kind == "bool":
        return "Oui" if value else "Non"
    if known is not None and kind == "codes":
        return ", ".join(known.value_label(code) for code in value)
    if known is not None and kind in ("code", "choice"):
        return known.value_label(str(value))
    if kind == "datetime" and isinstance(value, datetime):
        return paris_time(value)
    if kind == "date":
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
        return french_date(day) if audience == "seller" else day.strftime("%d/%m/%Y")
    if known is not None and kind == "int":
        return f"{french_number(int(value))} {known.unit}".rstrip()
    if name == "description" and audience == "seller":
        return f"« {value} »"
    return str(value)
